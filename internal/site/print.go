package site

import (
	"context"
	"html"
	"html/template"
	"path"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"folio/internal/asset"
	"folio/internal/content"
	"folio/internal/diag"
	"folio/internal/layout"
	"folio/internal/output"
)

// printDir is where an edition's print edition lives, under the edition's cover: /print/,
// /en/print/.
const printDir = "print/"

// maxPrintBytes bounds the chapters' HTML that goes into one print edition. The report's is a
// few hundred kilobytes; past this a browser takes minutes to lay the page out and print it,
// and a build would spend more time on this one page than on all the others.
var maxPrintBytes = 8 << 20 // a variable only so that tests can make an edition too big to print

// minPrintGC is the HTML of the editions to print from which a one-shot build collects more
// often while it makes them. Smaller editions do not move the peak: the report's, 0.4 MB,
// only took a collection more (edit builds, 30 alternating runs: 100.5 → 95.7 ms).
const minPrintGC = 4 << 20

// printURLs gives every language its print edition's URL, or "" when the edition is too big to
// print as one page (the footer then offers no link).
func printURLs(site *content.Site, pages []*Page) map[string]string {
	size := map[string]int{}
	cover := map[string]string{}
	for _, p := range pages {
		size[p.Lang] += p.bodySize()
		if p.Cover {
			cover[p.Lang] = p.URL
		}
	}
	urls := map[string]string{}
	for _, ed := range site.Editions {
		if size[ed.Lang] <= maxPrintBytes {
			urls[ed.Lang] = cover[ed.Lang] + printDir
		}
	}
	return urls
}

// printEditions lays out one page per edition holding the cover text, a table of contents and
// every chapter in order, for reading offline and "Save as PDF". It runs after the budgets: the
// whole book on one page is meant to be heavy. Its files are minified here.
func (b *Builder) printEditions(ctx context.Context, site *content.Site, pages []*Page, tmpl *layout.Templates, bundle *asset.Bundle, files output.Files) diag.List {
	cfg := site.Config
	base := cfg.BasePath()
	byFile := map[string]*Page{}
	for _, p := range pages {
		byFile[p.File] = p
	}
	abs := func(u string) string { return cfg.Origin() + u }
	urls := printURLs(site, pages)
	printURL := func(ed *content.Edition) string { return urls[ed.Lang] }
	var scripts []string
	for _, s := range bundle.Scripts() {
		scripts = append(scripts, base+s)
	}
	printed := 0 // bytes of HTML in the editions to print
	for _, p := range pages {
		if urls[p.Lang] != "" {
			printed += p.bodySize()
		}
	}
	if b.opts.OneShot && printed >= minPrintGC {
		// An edition's book, page and minified page are each the size of the edition, made in
		// a moment: collecting at half the usual heap growth while they are made keeps them
		// from doubling the peak of a one-shot build whose pages are written already. A
		// lower setting (GOGC) stands.
		if prev := debug.SetGCPercent(50); prev < 50 { // -1: off
			debug.SetGCPercent(prev)
		} else {
			defer debug.SetGCPercent(prev)
		}
	}
	var ds diag.List
	// The editions' pages are made in parallel: for a site small enough to have them, each is
	// a stage of its own, run alone.
	type job struct {
		out   string
		m     *layout.Page
		ed    *content.Edition
		cover *Page
	}
	var jobs []job
	for _, ed := range site.Editions {
		cover := byFile[ed.Cover.File]
		u := printURL(ed)
		if u == "" {
			ds.Add(diag.Warnf(cover.Path(), 0, "no print edition for %s: its %d chapters hold over %d MB of HTML, more than a browser prints as one page", ed.Lang, len(ed.Chapters), maxPrintBytes>>20))
			continue
		}
		out := strings.TrimPrefix(u, base) + "index.html"
		if files[out] != nil {
			ds.Add(diag.Errorf(cover.Path(), 0, "the print edition's URL %s is taken by a chapter: rename the chapter whose slug is %q", u, strings.TrimSuffix(printDir, "/")))
			continue
		}
		strs := tmpl.Strings(ed.Lang)
		m := &layout.Page{
			Kind: "print", Lang: ed.Lang, Title: strs["print"], Description: cfg.Description[ed.Lang],
			SiteTitle: cfg.Title[ed.Lang], Home: cover.URL, URL: u, CSS: base + bundle.Path("css/style.css"),
			Scripts: scripts, Base: base, Print: u, NoIndex: true, Online: cover.URL,
		}
		m.Search, m.SearchPage = searchURLs(cfg, ed.Lang)
		if cfg.Origin() != "" {
			m.Canonical, m.Online, m.Image = abs(u), abs(cover.URL), abs(base+socialCard)
		}
		for _, other := range site.Editions {
			if printURL(other) == "" {
				continue
			}
			alt := layout.Alt{
				Lang: other.Lang, Name: tmpl.Strings(other.Lang)["lang_name"], URL: printURL(other),
				AbsURL: abs(printURL(other)), Home: byFile[other.Cover.File].URL, SiteTitle: cfg.Title[other.Lang],
			}
			m.Translations = append(m.Translations, alt)
			if other.Lang != ed.Lang {
				m.Switch = append(m.Switch, alt)
			}
			if other.Lang == cfg.DefaultLang() {
				m.XDefault = alt.AbsURL
			}
		}
		jobs = append(jobs, job{out, m, ed, cover})
	}
	if b.prn == nil {
		b.prn = &printMemo{pages: map[string]printEntry{}}
	}
	made := make([][]byte, len(jobs))
	errs, sinkErrs := make([]error, len(jobs)), make([]error, len(jobs))
	parallel(ctx, len(jobs), func(i int) {
		j := jobs[i]
		if made[i], errs[i] = b.printPage(ctx, j.out, j.m, tmpl, j.ed, byFile); errs[i] == nil && b.opts.Sink != nil {
			sinkErrs[i] = b.sinkPrint(j.out, made[i]) // written by the worker that made it
		}
	})
	for i, j := range jobs {
		switch {
		case errs[i] != nil:
			ds.Add(asDiag(errs[i]))
		case sinkErrs[i] != nil:
			ds.Add(diag.Errorf(j.cover.Path(), 0, "%v", sinkErrs[i]))
		case b.opts.Sink == nil:
			files[j.out] = made[i]
		}
	}
	ds.Sort()
	return ds
}

// book is an edition joined into one page.
type book struct {
	intro    string
	chapters []layout.PrintChapter
}

// section is one page's HTML inside the book and how its ids were renamed.
type section struct {
	page   *Page
	id     string            // the chapter's own anchor; "" for the cover
	html   string            // the converted body
	rename map[string]string // id on the web page → id in the book, for ids taken by an earlier page
}

// urlRef is an SVG paint or marker reference to an id.
var urlRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`url\(#([^)\s]+)\)`) })

// refAttrs are the attributes that name an id: links, SVG references and ARIA relations.
var refAttrs = map[string]bool{"id": true, "href": true, "xlink:href": true, "aria-labelledby": true, "aria-describedby": true, "for": true}

// eachAttr calls f for every double-quoted attribute in refAttrs, with the bounds of its
// value. A scan for `="` is linear and several times faster than a regexp on pages made mostly
// of SVG; text never holds a raw `="`, since goldmark escapes quotes in text and code.
func eachAttr(s string, f func(name string, start, end int)) {
	for i := 0; ; {
		j := strings.Index(s[i:], `="`)
		if j < 0 {
			return
		}
		eq := i + j
		n := eq
		for n > 0 && (isNameByte(s[n-1])) {
			n--
		}
		start := eq + 2
		k := strings.IndexByte(s[start:], '"')
		if k < 0 {
			return
		}
		end := start + k
		if n < eq && n > 0 && (s[n-1] == ' ' || s[n-1] == '\n' || s[n-1] == '\t') && refAttrs[s[n:eq]] {
			f(s[n:eq], start, end)
		}
		i = end + 1
	}
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == ':' || c == '_'
}

// newBook joins the cover and chapters. Ids are unique across chapters already (headings by
// their explicit ids, blocks by their page); an id that still repeats gets the chapter's slug
// in front, and links follow it. Links between chapters of the edition become links within
// the book, so the PDF's links stay inside the PDF.
func newBook(cover *content.Page, chapters []*content.Page, byFile map[string]*Page) *book {
	used := map[string]bool{"main": true} // ids the layout itself uses
	// The sections read the pages' HTML in place: nothing writes into it, and the book is as
	// large as its edition.
	secs := []*section{{page: byFile[cover.File], html: bytesString(byFile[cover.File].Doc.HTML)}}
	for _, c := range chapters {
		p := byFile[c.File]
		secs = append(secs, &section{page: p, id: "chapter-" + c.Slug, html: bytesString(p.Doc.HTML)})
	}
	byURL := map[string]*section{}
	for _, s := range secs {
		s.rename = map[string]string{}
		if s.id != "" {
			s.id = unique(s.id, used)
			byURL[s.page.URL] = s
		}
		eachAttr(s.html, func(name string, start, end int) {
			if name != "id" {
				return
			}
			id := html.UnescapeString(s.html[start:end])
			if used[id] {
				s.rename[id] = unique(s.page.Slug+"-"+id, used)
			}
			used[id] = true
		})
	}
	bodies := make([]string, len(secs))
	parallel(context.Background(), len(secs), func(i int) { bodies[i] = secs[i].rewrite(byURL) })
	bk := &book{}
	for i, s := range secs {
		body := bodies[i]
		if s.id == "" {
			bk.intro = body
			continue
		}
		var items []layout.TOCItem
		for _, it := range toc(s.page.Doc.Headings) {
			it.ID = s.renamed(it.ID)
			var kids []layout.TOCItem
			for _, k := range it.Children {
				k.ID = s.renamed(k.ID)
				kids = append(kids, k)
			}
			it.Children = kids
			items = append(items, it)
		}
		bk.chapters = append(bk.chapters, layout.PrintChapter{
			ID: s.id, Num: s.page.Num, Title: s.page.Title, Description: s.page.Description,
			URL: s.page.URL, TOC: items, Content: template.HTML(body),
		})
	}
	return bk
}

// unique returns id, or id with a number appended when it is taken, and marks it used.
func unique(id string, used map[string]bool) string {
	u := id
	for n := 2; used[u]; n++ {
		u = id + "-" + strconv.Itoa(n)
	}
	used[u] = true
	return u
}

func (s *section) renamed(id string) string {
	if r, ok := s.rename[id]; ok {
		return r
	}
	return id
}

// rewrite applies the section's id renames and points links to chapters of the book inside it.
func (s *section) rewrite(byURL map[string]*section) string {
	var b strings.Builder
	last := 0
	eachAttr(s.html, func(name string, start, end int) {
		val := html.UnescapeString(s.html[start:end])
		var out string
		switch name {
		case "href", "xlink:href":
			out = s.link(val, byURL)
		case "aria-labelledby", "aria-describedby":
			ids := strings.Fields(val)
			for i, id := range ids {
				ids[i] = s.renamed(id)
			}
			out = strings.Join(ids, " ")
		default:
			out = s.renamed(val)
		}
		if out == val {
			return // leave the attribute exactly as it was
		}
		if last == 0 {
			b.Grow(len(s.html) + len(s.html)/64)
		}
		b.WriteString(s.html[last:start])
		b.WriteString(html.EscapeString(out))
		last = end
	})
	out := s.html // unchanged: no copy
	if last > 0 {
		b.WriteString(s.html[last:])
		out = b.String()
	}
	if len(s.rename) == 0 {
		return out
	}
	return urlRef().ReplaceAllStringFunc(out, func(ref string) string {
		return "url(#" + s.renamed(urlRef().FindStringSubmatch(ref)[1]) + ")"
	})
}

// link maps a link on the section's web page to its target in the book, or leaves it alone.
func (s *section) link(href string, byURL map[string]*section) string {
	target, frag, hasFrag := strings.Cut(href, "#")
	if target == "" {
		if !hasFrag {
			return href
		}
		return "#" + s.renamed(frag)
	}
	if strings.Contains(target, ":") || strings.HasPrefix(target, "//") {
		return href // external
	}
	if !strings.HasPrefix(target, "/") {
		target = path.Join(s.page.URL, target)
		if !strings.HasSuffix(target, "/") {
			target += "/"
		}
	}
	t, ok := byURL[target]
	if !ok {
		return href // a file, the cover, or a page of another edition: stays on the web
	}
	if frag == "" {
		return "#" + t.id
	}
	return "#" + t.renamed(frag)
}
