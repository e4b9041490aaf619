package site

import (
	"crypto/sha256"
	"image"
	"image/color"
	"strings"
	"sync"
	"unicode"

	"github.com/klauspost/compress/zlib"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"folio/internal/content"
)

// The social card: 1200×630, the size link previews (Open Graph, Twitter) show best.
const cardW, cardH = 1200, 630

// cards and icons keep the last card and icon drawn: a preview server rebuilds on every
// save with the same title.
var cards, icons pngMemo

// pngMemo keeps the last image drawn, by what it was drawn from.
type pngMemo struct {
	mu  sync.Mutex
	key string
	png []byte
}

// get returns the image drawn from key: the last one when key is the same, else the one kept
// on disk by an earlier build (the disk cache's keys also name the build of folio), else a
// new one from draw.
func (m *pngMemo) get(key string, disk *diskMemo, draw func() ([]byte, error)) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.key == key && m.png != nil {
		return m.png, nil
	}
	dk := sha256.Sum256([]byte(key))
	png := disk.card(dk)
	if png == nil {
		var err error
		if png, err = draw(); err != nil {
			return nil, err
		}
		disk.keepCard(dk, png)
	}
	m.key, m.png = key, png
	return png, nil
}

// drawnCard returns the social card of site (cards).
func drawnCard(site *content.Site, disk *diskMemo) ([]byte, error) {
	cfg := site.Config
	key := cfg.BaseURL + "\x00" + strings.Join(cfg.Languages, ",")
	for _, l := range cfg.Languages {
		key += "\x00" + cfg.Title[l] + "\x00" + cfg.Description[l]
	}
	return cards.get(key, disk, func() ([]byte, error) { return drawCard(site) })
}

// drawnIcon returns the home-screen icon (icons); it depends on nothing.
func drawnIcon(disk *diskMemo) ([]byte, error) { return icons.get("apple-touch-icon", disk, drawIcon) }

// cardJob is the social card and the icon drawn beside the other stages, as they read
// nothing but the configuration: drawing them was most of the publish stage, which runs alone.
type cardJob struct {
	done           chan struct{}
	png, icon      []byte
	cardErr, icErr error
	caught         *workerPanic
}

// startCard starts drawing the card of site and the icon.
func startCard(site *content.Site, disk *diskMemo) *cardJob {
	j := &cardJob{done: make(chan struct{})}
	go func() {
		defer close(j.done)
		defer keepPanic(&j.caught) // raised again by wait, in the build's goroutine
		j.png, j.cardErr = drawnCard(site, disk)
		j.icon, j.icErr = drawnIcon(disk)
	}()
	return j
}

// wait returns the card and the icon once drawn, and their errors; a nil job draws them now.
func (j *cardJob) wait(site *content.Site, disk *diskMemo) (card, icon []byte, cardErr, iconErr error) {
	if j == nil {
		card, cardErr = drawnCard(site, disk)
		icon, iconErr = drawnIcon(disk)
		return card, icon, cardErr, iconErr
	}
	<-j.done
	if j.caught != nil {
		panic(j.caught)
	}
	return j.png, j.icon, j.cardErr, j.icErr
}

// The card's colours, the theme's.
var (
	cardBg     = color.RGBA{0x16, 0x18, 0x1d, 0xff} // --bg, dark theme
	cardFg     = color.RGBA{0xe4, 0xe7, 0xec, 0xff} // --fg
	cardMuted  = color.RGBA{0xa0, 0xa8, 0xb5, 0xff} // --muted
	cardAccent = color.RGBA{0x6c, 0xb0, 0xff, 0xff} // --accent
	cardDeep   = color.RGBA{0x0b, 0x63, 0xce, 0xff} // --accent, light theme
)

// A canvas is what the card is drawn on: the paletted image it is published as, or, in
// tests, the full-colour image it must look like.
type canvas interface {
	rect(r image.Rectangle, c color.RGBA)
	text(fc font.Face, dot fixed.Point26_6, s string, c color.RGBA)
}

// drawCard draws the site's social card: the title and description of the first language the
// bundled Go fonts can write (they have no CJK glyphs, so a Chinese-first site shows its
// English title), the site's address, and a bar-chart mark in the theme's accent colour. It is
// drawn from the configuration alone, so the same site always gets the same bytes.
//
// The card has a handful of colours, so it is a paletted image: a byte a pixel where RGBA
// takes four, and PNG leaves it unfiltered. Drawing and encoding it in full colour took
// 33 ms of CPU, a sixth of a cold build of the report.
func drawCard(site *content.Site) ([]byte, error) {
	c := newPalettedCanvas()
	if err := layOutCard(site, c); err != nil {
		return nil, err
	}
	return encodePaletted(c.img, zlib.BestSpeed) // flat colours compress well even so
}

// layOutCard draws the card of site on c.
func layOutCard(site *content.Site, c canvas) error {
	cfg := site.Config
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return err
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return err
	}
	lang := ""
	for _, l := range cfg.Languages {
		if writable(bold, cfg.Title[l]) && writable(regular, cfg.Description[l]) {
			lang = l
			break
		}
	}

	c.rect(image.Rect(0, 0, cardW, cardH), cardBg)
	c.rect(image.Rect(0, 0, 16, cardH), cardAccent)
	// A rising bar chart in the lower right: the report is about growth.
	for i, h := range []int{90, 130, 120, 175, 230} {
		x := cardW - 80 - (5-i)*52
		col := cardDeep
		if i == 4 {
			col = cardAccent
		}
		c.rect(image.Rect(x, cardH-70-h, x+36, cardH-70), col)
	}

	left, width := 80, cardW-2*80
	y := 120
	if lang != "" {
		size, lines := 64.0, []string(nil)
		for ; size >= 36; size -= 4 {
			if lines = wrap(bold, size, cfg.Title[lang], width); len(lines) <= 3 {
				break
			}
		}
		y, err = writeLines(c, bold, size, lines[:min(len(lines), 4)], left, y, cardFg)
		if err != nil {
			return err
		}
		if d := cfg.Description[lang]; d != "" {
			lines := wrap(regular, 28, d, width-300)
			if len(lines) > 3 {
				lines = lines[:3]
				lines[2] += " …"
			}
			if y, err = writeLines(c, regular, 28, lines, left, y+24, cardMuted); err != nil {
				return err
			}
		}
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(cfg.BaseURL, "https://"), "http://"), "/")
	if addr != "" {
		if _, err := writeLines(c, bold, 26, []string{addr}, left, cardH-70-26, cardAccent); err != nil {
			return err
		}
	}
	return nil
}

// inkLevels is how many shades between the background and a text colour the palette has for
// the anti-aliased edges of letters (the last is the colour itself).
const inkLevels = 15

// palettedCanvas draws in the card's palette: its flat colours, then a ramp of inkLevels
// shades for each colour text is written in.
type palettedCanvas struct {
	img  *image.Paletted
	flat map[color.RGBA]uint8 // a colour's index
	ramp map[color.RGBA]uint8 // the index of a text colour's faintest shade
}

func newPalettedCanvas() *palettedCanvas {
	c := &palettedCanvas{flat: map[color.RGBA]uint8{}, ramp: map[color.RGBA]uint8{}}
	var pal color.Palette
	for _, col := range []color.RGBA{cardBg, cardAccent, cardDeep, cardFg, cardMuted} {
		c.flat[col] = uint8(len(pal))
		pal = append(pal, col)
	}
	for _, col := range []color.RGBA{cardFg, cardMuted, cardAccent} {
		c.ramp[col] = uint8(len(pal))
		for l := 1; l <= inkLevels; l++ {
			pal = append(pal, blend(cardBg, col, l*255/inkLevels))
		}
	}
	c.img = image.NewPaletted(image.Rect(0, 0, cardW, cardH), pal)
	return c
}

// blend is fg drawn over bg with coverage a (0–255).
func blend(bg, fg color.RGBA, a int) color.RGBA {
	mix := func(b, f uint8) uint8 { return uint8((int(b)*(255-a) + int(f)*a + 127) / 255) }
	return color.RGBA{mix(bg.R, fg.R), mix(bg.G, fg.G), mix(bg.B, fg.B), 0xff}
}

func (c *palettedCanvas) rect(r image.Rectangle, col color.RGBA) {
	r = r.Intersect(c.img.Rect)
	i := c.flat[col]
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := c.img.Pix[c.img.PixOffset(r.Min.X, y):c.img.PixOffset(r.Max.X, y)]
		for x := range row {
			row[x] = i
		}
	}
}

// text writes s as font.Drawer does, each pixel of a letter taking the shade of its coverage.
// Where letters of one colour touch, their coverages add up; on another colour (a bar) only
// the letter's solid half is drawn.
func (c *palettedCanvas) text(fc font.Face, dot fixed.Point26_6, s string, col color.RGBA) {
	base, bg := c.ramp[col], c.flat[cardBg]
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += fc.Kern(prev, r)
		}
		dr, mask, mp, advance, _ := fc.Glyph(dot, r)
		for y := dr.Min.Y; y < dr.Max.Y; y++ {
			if y < 0 || y >= cardH {
				continue
			}
			for x := dr.Min.X; x < dr.Max.X; x++ {
				if x < 0 || x >= cardW {
					continue
				}
				a := coverage(mask, mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y)
				p := &c.img.Pix[c.img.PixOffset(x, y)]
				switch {
				case *p == bg:
				case *p >= base && *p < base+inkLevels:
					// Over a letter of the same colour: coverages add as draw.Over adds them.
					had := (int(*p-base) + 1) * 255 / inkLevels
					a = had + a*(255-had)/255
				case a < 128:
					continue
				}
				if l := (a*inkLevels + 127) / 255; l > 0 {
					*p = base + uint8(l-1)
				}
			}
		}
		dot.X += advance
		prev = r
	}
}

// coverage is the mask's alpha at x, y (0–255).
func coverage(mask image.Image, x, y int) int {
	if m, ok := mask.(*image.Alpha); ok { // opentype's faces
		return int(m.AlphaAt(x, y).A)
	}
	_, _, _, a := mask.At(x, y).RGBA()
	return int(a >> 8)
}

// drawIcon draws the 180×180 icon phones put on a home screen: favicon.svg's bars as pixels.
// Two colours, so paletted: a quarter of the bytes to compress.
func drawIcon() ([]byte, error) {
	img := image.NewPaletted(image.Rect(0, 0, 180, 180), color.Palette{color.RGBA{0x0b, 0x63, 0xce, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}})
	for i, h := range []int{48, 80, 116} {
		x := 36 + i*40
		for y := 144 - h; y < 144; y++ {
			row := img.Pix[img.PixOffset(x, y):img.PixOffset(x+28, y)]
			for j := range row {
				row[j] = 1
			}
		}
	}
	return encodePaletted(img, zlib.DefaultCompression) // as small as image/png's best
}

// writable reports whether the font has a glyph for every letter of s.
func writable(f *opentype.Font, s string) bool {
	var buf sfnt.Buffer
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

func face(f *opentype.Font, size float64) (font.Face, error) {
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// wrap breaks s into lines at spaces so that each fits width pixels at size.
func wrap(f *opentype.Font, size float64, s string, width int) []string {
	fc, err := face(f, size)
	if err != nil {
		return []string{s}
	}
	defer fc.Close()
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		next := strings.TrimSpace(cur + " " + w)
		if cur != "" && font.MeasureString(fc, next).Ceil() > width {
			lines = append(lines, cur)
			next = w
		}
		cur = next
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// writeLines draws lines from the top y and returns the y below the last one.
func writeLines(c canvas, f *opentype.Font, size float64, lines []string, x, y int, col color.RGBA) (int, error) {
	fc, err := face(f, size)
	if err != nil {
		return y, err
	}
	defer fc.Close()
	lh := int(size * 1.25)
	for _, l := range lines {
		y += lh
		c.text(fc, fixed.P(x, y-int(size*0.25)), l, col)
	}
	return y, nil
}
