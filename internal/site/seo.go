package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io/fs"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"folio/internal/content"
	"folio/internal/diag"
	"folio/internal/markdown"
	"folio/internal/output"
	"folio/internal/sample"
)

// The files a published site is expected to have at its root.
const (
	sitemapFile = "sitemap.xml"
	robotsFile  = "robots.txt"
	noJekyll    = ".nojekyll" // GitHub Pages: serve the files as they are, no Jekyll pass
	llmsFile    = "llms.txt"
	llmsFull    = "llms-full.txt"
	socialCard  = "social.png"
	touchIcon   = "apple-touch-icon.png" // favicon.svg, its vector twin, is in assets/static/
	// sourceFile is a page's Markdown, published beside its index.html for machine readers.
	sourceFile = "index.md"
)

// publish adds what search engines, link previews, GitHub Pages and language models look for:
// sitemap.xml with the language alternates of every page, robots.txt, .nojekyll, the social
// card, llms.txt and the Markdown of every page. A sitemap needs absolute URLs, so it is written
// only when the base URL has a host (as the CI build's does).
func (b *Builder) publish(site *content.Site, pages []*Page, files output.Files) diag.List {
	cfg := site.Config
	files[noJekyll] = []byte{}
	robots := "User-agent: *\nAllow: /\n"
	if cfg.Origin() != "" {
		files[sitemapFile] = b.sitemap(site, pages)
		robots += "\nSitemap: " + cfg.Origin() + cfg.BasePath() + sitemapFile + "\n"
	}
	files[robotsFile] = []byte(robots)
	card, err := b.card.wait(site, b.inc.disk)
	if err != nil {
		return diag.List{diag.Errorf(socialCard, 0, "draw the social card: %v", err)}
	}
	files[socialCard] = card
	if files[touchIcon], err = icon(); err != nil {
		return diag.List{diag.Errorf(touchIcon, 0, "draw the icon: %v", err)}
	}

	var ds diag.List
	sources := make([][]byte, len(pages))
	keys := make([]string, len(pages))
	errs := make([]error, len(pages))
	parallel(context.Background(), len(pages), func(i int) {
		p := pages[i]
		// A rebuild hands an unchanged body the same converted Result; the Markdown also
		// shows the page's title, description and address.
		keys[i] = absURL(site, p.URL) + "\x00" + p.Title + "\x00" + p.Description
		if prev, ok := b.pub[p.Doc]; ok && prev.key == keys[i] {
			sources[i] = prev.src
			return
		}
		src, err := markdownSource(site, p)
		sources[i], errs[i] = []byte(src), err
	})
	keep := map[*markdown.Result]published{}
	size := 0
	for i, p := range pages {
		if errs[i] != nil {
			ds.Add(diag.Errorf(p.Path(), 0, "publish Markdown source: %v", errs[i]))
			continue
		}
		keep[p.Doc] = published{keys[i], sources[i]}
		size += len(sources[i])
		files[strings.TrimSuffix(p.Out, "index.html")+sourceFile] = sources[i]
	}
	if len(ds) > 0 {
		return ds
	}
	b.pub = keep
	files[llmsFile] = llms(site, pages, size <= maxPrintBytes)
	if size > maxPrintBytes {
		return nil // llms-full.txt is for reading the site at once; past this size nothing does
	}
	var full bytes.Buffer
	full.Grow(size + len(pages)*80)
	for i, p := range pages {
		if i > 0 {
			full.WriteString("\n\n---\n\n")
		}
		fmt.Fprintf(&full, "<!-- %s -->\n\n", absURL(site, p.URL))
		full.Write(sources[i])
	}
	files[llmsFull] = full.Bytes()
	return nil
}

// published is a page's Markdown as last published, and what it showed besides the body.
type published struct {
	key string
	src []byte
}

// absURL is a site path with the origin in front when there is one.
func absURL(site *content.Site, u string) string { return site.Config.Origin() + u }

// translations maps a page to the same page in every language that has it, default first.
func translations(site *content.Site, pages []*Page) map[*Page][]*Page {
	byKey := map[string][]*Page{}
	key := func(p *Page) string {
		if p.Cover {
			return ""
		}
		return p.Name
	}
	for _, p := range pages {
		byKey[key(p)] = append(byKey[key(p)], p)
	}
	out := map[*Page][]*Page{}
	for _, p := range pages {
		out[p] = byKey[key(p)]
	}
	return out
}

// sitemap lists every page with an xhtml:link per language version (Google's format for
// multilingual sitemaps: each URL lists all its versions, itself included, and x-default).
func sitemap(site *content.Site, pages []*Page) []byte {
	type link struct {
		Rel      string `xml:"rel,attr"`
		HrefLang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type url struct {
		Loc   string `xml:"loc"`
		Links []link `xml:"xhtml:link"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr"`
		URLs    []url    `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	alts := translations(site, pages)
	for _, p := range pages {
		u := url{Loc: absURL(site, p.URL)}
		if versions := alts[p]; len(versions) > 1 {
			for _, v := range versions {
				u.Links = append(u.Links, link{"alternate", v.Lang, absURL(site, v.URL)})
			}
			for _, v := range versions {
				if v.Lang == site.Config.DefaultLang() {
					u.Links = append(u.Links, link{"alternate", "x-default", absURL(site, v.URL)})
				}
			}
		}
		set.URLs = append(set.URLs, u)
	}
	data, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		panic(err) // only fixed types of strings are marshalled
	}
	return append([]byte(xml.Header), append(data, '\n')...)
}

// llms describes the site for language models (llmstxt.org): what it is, then every page of
// each edition linked to its Markdown source.
func llms(site *content.Site, pages []*Page, full bool) []byte {
	cfg := site.Config
	def := cfg.DefaultLang()
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", oneLine(cfg.Title[def]))
	if d := cfg.Description[def]; d != "" {
		fmt.Fprintf(&b, "> %s\n\n", oneLine(d))
	}
	fmt.Fprintf(&b, "This report is published in %d languages (%s). Every page has its Markdown source beside it, at the page's URL followed by %s", len(cfg.Languages), strings.Join(cfg.Languages, ", "), sourceFile)
	if full {
		fmt.Fprintf(&b, "; %s holds every page of every language in one file", absURL(site, cfg.BasePath()+llmsFull))
	}
	b.WriteString(". Charts are drawn from the CSV files under data/.\n")
	for _, ed := range site.Editions {
		fmt.Fprintf(&b, "\n## %s (%s)\n\n", oneLine(cfg.Title[ed.Lang]), ed.Lang)
		for _, p := range pages {
			if p.Lang != ed.Lang {
				continue
			}
			fmt.Fprintf(&b, "- [%s](%s)", oneLine(p.Title), absURL(site, p.URL+sourceFile))
			if p.Description != "" {
				fmt.Fprintf(&b, ": %s", oneLine(p.Description))
			}
			b.WriteByte('\n')
		}
	}
	b.WriteString("\n## Optional\n\n")
	prints := printURLs(site, pages)
	for _, ed := range site.Editions {
		if u := prints[ed.Lang]; u != "" {
			fmt.Fprintf(&b, "- [Print edition, %s](%s): every chapter on one page\n", ed.Lang, absURL(site, u))
		}
	}
	names, _ := fs.Glob(site.FS, "data/*.csv")
	for _, n := range names {
		fmt.Fprintf(&b, "- [%s](%s): chart data\n", n, absURL(site, cfg.BasePath()+n))
	}
	return b.Bytes()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// markdownSource is a page's Markdown as a reader without the site needs it: the title and
// description on top instead of front matter, included samples filled in, and links to other
// chapters pointing to their published Markdown.
func markdownSource(site *content.Site, p *Page) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", oneLine(p.Title))
	if p.Description != "" {
		fmt.Fprintf(&b, "> %s\n\n", oneLine(p.Description))
	}
	fmt.Fprintf(&b, "<!-- %s -->\n\n", absURL(site, p.URL))
	lines := strings.SplitAfter(string(p.Body), "\n")
	// Included samples: the fence is written with an empty body; put the shown code in it.
	fill := map[int]string{} // index in lines of an opening fence → the code it shows
	for _, f := range p.Doc.Fences {
		inc, err := sample.ParseInfo(f.Info)
		if err != nil || !inc.IsInclude() || len(bytes.TrimSpace(f.Body)) > 0 {
			continue
		}
		code, err := sample.Load(site.FS, inc)
		if err != nil {
			return "", fmt.Errorf("line %d: %w", f.Line, err)
		}
		i := f.Line - p.BodyLine
		if i < 0 || i >= len(lines) {
			continue
		}
		fill[i] = fmt.Sprintf("%s %s\n%s", commentFor(inc.Lang), inc.File, code.Text)
	}
	links := map[string]string{}
	for _, l := range p.Doc.Links {
		if l.URL != l.Dest && strings.Contains(l.Dest, ".md") {
			target, frag, _ := strings.Cut(l.URL, "#")
			u := absURL(site, target+sourceFile)
			if frag != "" {
				u += "#" + frag
			}
			links["]("+l.Dest+")"] = "](" + u + ")"
		}
	}
	for i, line := range lines {
		if code, ok := fill[i]; ok {
			fence := strings.TrimRight(line, "\n")
			rest := strings.TrimLeft(fence, " \t>")
			indent := fence[:len(fence)-len(rest)]
			info := strings.TrimLeft(rest, "`~")
			lang, _, _ := strings.Cut(strings.TrimSpace(info), " ")
			b.WriteString(indent + rest[:len(rest)-len(info)] + lang + "\n")
			for _, cl := range strings.SplitAfter(strings.TrimSuffix(code, "\n"), "\n") {
				b.WriteString(strings.TrimRight(indent+cl, " \t\n") + "\n")
			}
			continue
		}
		for from, to := range links {
			line = strings.ReplaceAll(line, from, to)
		}
		b.WriteString(line)
	}
	return b.String(), nil
}

// commentFor starts a line comment in a sample's language; a file name after it says where
// the code lives.
func commentFor(lang string) string {
	switch lang {
	case "sh", "bash", "shell", "yaml", "yml", "toml", "python", "py", "dockerfile", "makefile":
		return "#"
	case "sql", "lua":
		return "--"
	default:
		return "//"
	}
}

// The social card: 1200×630, the size link previews (Open Graph, Twitter) show best.
const cardW, cardH = 1200, 630

// cards keeps the last card drawn: drawing and encoding it is a tenth of a second, and a
// preview server rebuilds on every save with the same title.
var cards cardMemo

type cardMemo struct {
	mu  sync.Mutex
	key string
	png []byte
}

// get returns the card of site: the last one drawn when the configuration it shows is the
// same, else the one kept on disk by an earlier build, else a new one.
func (m *cardMemo) get(site *content.Site, disk *diskMemo) ([]byte, error) {
	cfg := site.Config
	key := cfg.BaseURL + "\x00" + strings.Join(cfg.Languages, ",")
	for _, l := range cfg.Languages {
		key += "\x00" + cfg.Title[l] + "\x00" + cfg.Description[l]
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.key == key && m.png != nil {
		return m.png, nil
	}
	dk := sha256.Sum256([]byte(key))
	card := disk.card(dk)
	if card == nil {
		var err error
		if card, err = drawCard(site); err != nil {
			return nil, err
		}
		disk.keepCard(dk, card)
	}
	m.key, m.png = key, card
	return card, nil
}

// cardJob is the social card drawn beside the other stages, as it reads nothing but the
// configuration: drawing it was most of the publish stage, which runs alone.
type cardJob struct {
	done chan struct{}
	png  []byte
	err  error
}

// startCard starts drawing the card of site (cards.get).
func startCard(site *content.Site, disk *diskMemo) *cardJob {
	j := &cardJob{done: make(chan struct{})}
	go func() {
		defer close(j.done)
		j.png, j.err = cards.get(site, disk)
	}()
	return j
}

// wait returns the card once drawn; a nil job draws it now.
func (j *cardJob) wait(site *content.Site, disk *diskMemo) ([]byte, error) {
	if j == nil {
		return cards.get(site, disk)
	}
	<-j.done
	return j.png, j.err
}

// drawCard draws the site's social card: the title and description of the first language the
// bundled Go fonts can write (they have no CJK glyphs, so a Chinese-first site shows its
// English title), the site's address, and a bar-chart mark in the theme's accent colour. It is
// drawn from the configuration alone, so the same site always gets the same bytes.
func drawCard(site *content.Site) ([]byte, error) {
	cfg := site.Config
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	lang := ""
	for _, l := range cfg.Languages {
		if writable(bold, cfg.Title[l]) && writable(regular, cfg.Description[l]) {
			lang = l
			break
		}
	}

	img := image.NewRGBA(image.Rect(0, 0, cardW, cardH))
	bg := color.RGBA{0x16, 0x18, 0x1d, 0xff}     // --bg, dark theme
	fg := color.RGBA{0xe4, 0xe7, 0xec, 0xff}     // --fg
	muted := color.RGBA{0xa0, 0xa8, 0xb5, 0xff}  // --muted
	accent := color.RGBA{0x6c, 0xb0, 0xff, 0xff} // --accent
	deep := color.RGBA{0x0b, 0x63, 0xce, 0xff}   // --accent, light theme
	draw.Draw(img, img.Bounds(), &image.Uniform{bg}, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, 16, cardH), &image.Uniform{accent}, image.Point{}, draw.Src)
	// A rising bar chart in the lower right: the report is about growth.
	for i, h := range []int{90, 130, 120, 175, 230} {
		x := cardW - 80 - (5-i)*52
		c := deep
		if i == 4 {
			c = accent
		}
		draw.Draw(img, image.Rect(x, cardH-70-h, x+36, cardH-70), &image.Uniform{c}, image.Point{}, draw.Src)
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
		y, err = writeLines(img, bold, size, lines[:min(len(lines), 4)], left, y, fg)
		if err != nil {
			return nil, err
		}
		if d := cfg.Description[lang]; d != "" {
			lines := wrap(regular, 28, d, width-300)
			if len(lines) > 3 {
				lines = lines[:3]
				lines[2] += " …"
			}
			if y, err = writeLines(img, regular, 28, lines, left, y+24, muted); err != nil {
				return nil, err
			}
		}
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(cfg.BaseURL, "https://"), "http://"), "/")
	if addr != "" {
		if _, err := writeLines(img, bold, 26, []string{addr}, left, cardH-70-26, accent); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed} // flat colours compress well even so; default level cost 40 ms a build
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// icon is drawn once: it depends on nothing.
var icon = sync.OnceValues(drawIcon)

// drawIcon draws the 180×180 icon phones put on a home screen: favicon.svg's bars as pixels.
func drawIcon() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 180, 180))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.RGBA{0x0b, 0x63, 0xce, 0xff}}, image.Point{}, draw.Src)
	white := &image.Uniform{color.RGBA{0xff, 0xff, 0xff, 0xff}}
	for i, h := range []int{48, 80, 116} {
		x := 36 + i*40
		draw.Draw(img, image.Rect(x, 144-h, x+28, 144), white, image.Point{}, draw.Src)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
func writeLines(img draw.Image, f *opentype.Font, size float64, lines []string, x, y int, c color.Color) (int, error) {
	fc, err := face(f, size)
	if err != nil {
		return y, err
	}
	defer fc.Close()
	lh := int(size * 1.25)
	d := font.Drawer{Dst: img, Src: &image.Uniform{c}, Face: fc}
	for _, l := range lines {
		y += lh
		d.Dot = fixed.P(x, y-int(size*0.25))
		d.DrawString(l)
	}
	return y, nil
}
