package site

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/klauspost/compress/zlib"
)

// TestEncodePaletted decodes what encodePaletted writes with image/png: the same size,
// palette and pixels, for each bit depth a palette's size picks and for rows that end inside
// a byte.
func TestEncodePaletted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		w, h   int
		colors int
		alpha  bool
	}{
		{"one colour", 5, 3, 1, false},
		{"1 bit", 13, 7, 2, false},
		{"2 bits", 9, 4, 3, false},
		{"2 bits, full", 1, 9, 4, false},
		{"4 bits", 7, 5, 5, false},
		{"4 bits, full", 16, 2, 16, false},
		{"8 bits", 33, 17, 17, false},
		{"8 bits, full", 64, 64, 256, false},
		{"transparent", 10, 10, 6, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := testPaletted(tc.w, tc.h, tc.colors, tc.alpha, 7)
			data, err := encodePaletted(img, zlib.BestSpeed)
			if err != nil {
				t.Fatal(err)
			}
			samePicture(t, img, data)
		})
	}
}

// testPaletted is a w×h image with a palette of n colours (every other one translucent when
// alpha), its pixels a pattern of all of them.
func testPaletted(w, h, n int, alpha bool, seed int) *image.Paletted {
	pal := make(color.Palette, n)
	for i := range pal {
		c := color.NRGBA{uint8(i * 37), uint8(255 - i*11), uint8(i * 5), 0xff}
		if alpha && i%2 == 1 {
			c.A = uint8(i * 20)
		}
		pal[i] = c
	}
	img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	for i := range img.Pix {
		img.Pix[i] = uint8((i*seed + i/w) % n)
	}
	return img
}

// samePicture fails t unless data decodes to img's size, colours and pixels.
func samePicture(t *testing.T, img *image.Paletted, data []byte) {
	t.Helper()
	got, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("image/png cannot decode it: %v", err)
	}
	if got.Bounds() != img.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), img.Bounds())
	}
	p, ok := got.(*image.Paletted)
	if !ok {
		t.Fatalf("decoded as %T, want a paletted image", got)
	}
	for i, c := range img.Palette {
		if color.NRGBAModel.Convert(p.Palette[i]) != color.NRGBAModel.Convert(c) {
			t.Fatalf("colour %d = %v, want %v", i, p.Palette[i], c)
		}
	}
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			if g, w := p.ColorIndexAt(x, y), img.ColorIndexAt(x, y); g != w {
				t.Fatalf("pixel %d,%d = %d, want %d", x, y, g, w)
			}
		}
	}
}

// FuzzEncodePaletted: any paletted image comes back from image/png as it went in.
func FuzzEncodePaletted(f *testing.F) {
	f.Add(uint8(3), uint8(2), uint8(2), false, 5)
	f.Add(uint8(40), uint8(9), uint8(200), true, 3)
	f.Fuzz(func(t *testing.T, w, h, colors uint8, alpha bool, seed int) {
		if w == 0 || h == 0 || colors == 0 {
			return
		}
		img := testPaletted(int(w), int(h), int(colors), alpha, seed&0xffff)
		data, err := encodePaletted(img, zlib.BestSpeed)
		if err != nil {
			t.Fatal(err)
		}
		samePicture(t, img, data)
	})
}

// BenchmarkEncodePaletted encodes the report's social card with image/png at its fastest and
// with encodePaletted.
func BenchmarkEncodePaletted(b *testing.B) {
	res := build(b, fixture("../../content"), Options{BaseURL: "https://owner.github.io/folio-report/"})
	c := newPalettedCanvas()
	if err := layOutCard(res.Site, c); err != nil {
		b.Fatal(err)
	}
	b.Run("image-png", func(b *testing.B) {
		b.ReportAllocs()
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		for b.Loop() {
			var buf bytes.Buffer
			if err := enc.Encode(&buf, c.img); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
		}
	})
	for _, level := range []int{1, 2, 3, 5, 6} {
		b.Run("level-"+string(rune('0'+level)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				data, err := encodePaletted(c.img, level)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(data)), "bytes")
			}
		})
	}
}
