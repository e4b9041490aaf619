package site

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// rgbaCanvas draws the card in full colour, with x/image/font's own compositing: what the
// paletted card must look like.
type rgbaCanvas struct{ img *image.RGBA }

func (c rgbaCanvas) rect(r image.Rectangle, col color.RGBA) {
	draw.Draw(c.img, r, &image.Uniform{col}, image.Point{}, draw.Src)
}

func (c rgbaCanvas) text(fc font.Face, dot fixed.Point26_6, s string, col color.RGBA) {
	d := font.Drawer{Dst: c.img, Src: &image.Uniform{col}, Face: fc, Dot: dot}
	d.DrawString(s)
}

// TestCardLooksTheSame holds the paletted card to the same card drawn in full colour: no
// pixel further off than half a step of the shades letters are drawn in.
func TestCardLooksTheSame(t *testing.T) {
	for _, tc := range []struct {
		name, dir, base string
	}{
		{"fixture", "testdata/site", "https://example.github.io/report/"},
		{"report", "../../content", "https://owner.github.io/folio-report/"},
		{"no address", "testdata/site", "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.dir); err != nil {
				t.Skip("no content")
			}
			res := build(t, fixture(tc.dir), Options{BaseURL: tc.base})
			want := rgbaCanvas{image.NewRGBA(image.Rect(0, 0, cardW, cardH))}
			if err := layOutCard(res.Site, want); err != nil {
				t.Fatal(err)
			}
			data, err := drawCard(res.Site)
			if err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := got.(*image.Paletted); !ok {
				t.Errorf("card is a %T; want a paletted image", got)
			}
			worst, off, inked := 0, 0, 0
			for y := range cardH {
				for x := range cardW {
					w := want.img.RGBAAt(x, y)
					r, g, b, _ := got.At(x, y).RGBA()
					d := max(diff(w.R, uint8(r>>8)), diff(w.G, uint8(g>>8)), diff(w.B, uint8(b>>8)))
					worst = max(worst, d)
					if d > 8 {
						off++
					}
					if w != cardBg {
						inked++
					}
				}
			}
			t.Logf("%d bytes; %d pixels not background; worst channel difference %d; %d pixels over 8", len(data), inked, worst, off)
			if off > 0 {
				t.Errorf("%d pixels differ by more than 8 from the full-colour card (worst %d)", off, worst)
			}
		})
	}
}

func diff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func BenchmarkDrawCard(b *testing.B) {
	res := build(b, fixture("testdata/site"), Options{BaseURL: "https://example.github.io/report/"})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := drawCard(res.Site); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIcon checks the home-screen icon pixel by pixel: favicon.svg's three white bars on its
// blue.
func TestIcon(t *testing.T) {
	data, err := drawIcon()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b != image.Rect(0, 0, 180, 180) {
		t.Fatalf("icon is %v; want 180×180", b)
	}
	bars := []image.Rectangle{image.Rect(36, 96, 64, 144), image.Rect(76, 64, 104, 144), image.Rect(116, 28, 144, 144)}
	for y := range 180 {
		for x := range 180 {
			want := color.RGBA{0x0b, 0x63, 0xce, 0xff}
			for _, r := range bars {
				if image.Pt(x, y).In(r) {
					want = color.RGBA{0xff, 0xff, 0xff, 0xff}
				}
			}
			if got := color.RGBAModel.Convert(img.At(x, y)); got != want {
				t.Fatalf("pixel %d,%d = %v; want %v", x, y, got, want)
			}
		}
	}
	t.Logf("%d bytes", len(data))
}
