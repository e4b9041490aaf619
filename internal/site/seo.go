package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"strings"

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
	card, icon, cardErr, iconErr := b.card.wait(site, b.inc.disk)
	if cardErr != nil {
		return diag.List{diag.Errorf(socialCard, 0, "draw the social card: %v", cardErr)}
	}
	if iconErr != nil {
		return diag.List{diag.Errorf(touchIcon, 0, "draw the icon: %v", iconErr)}
	}
	files[socialCard], files[touchIcon] = card, icon

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
