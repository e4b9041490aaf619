package site

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"folio/internal/asset"
	"folio/internal/config"
	"folio/internal/content"
	"folio/internal/diag"
	"folio/internal/layout"
	"folio/internal/markdown"
	"folio/internal/output"
)

// Page is a loaded page with its place in the site and, after convert, its HTML body.
type Page struct {
	*content.Page
	URL string // site path, base path included: "/report/en/landscape/"
	Out string // output file: "en/landscape/index.html"
	Doc *markdown.Result
	// htmlSize is len(Doc.HTML), kept when a one-shot build lets the HTML go: whether an
	// edition is small enough to print still depends on it.
	htmlSize int
}

// bodySize is the size of the page's converted HTML.
func (p *Page) bodySize() int { return max(len(p.Doc.HTML), p.htmlSize) }

// minifyFresh minifies a page (or print edition) laid out afresh, which is kept by a key of its
// own rather than in the minifier's cache; one the sink takes next is not copied to fit.
func (b *Builder) minifyFresh(out string, html []byte) ([]byte, error) {
	if b.opts.Sink != nil {
		return b.min.Passing(out, html)
	}
	return b.min.Fresh(out, html)
}

// releaseHTML lets the page's converted HTML go, keeping its size.
func (p *Page) releaseHTML() {
	if p.Doc.HTML != nil {
		p.htmlSize, p.Doc.HTML = len(p.Doc.HTML), nil
	}
}

func configFor(fsys fs.FS, baseURL string) (*config.Config, diag.List) {
	cfg, errs := config.Load(fsys)
	if errs.Err() != nil {
		return nil, errs
	}
	if baseURL != "" {
		if err := cfg.SetBaseURL(baseURL); err != nil {
			return nil, diag.List{diag.Errorf("--base-url", 0, "%v", err)}
		}
	}
	return cfg, nil
}

// pagePath is the path of a page inside the site, without the base path: "", "en/", "landscape/".
func pagePath(cfg *config.Config, lang, slug string) string {
	p := ""
	if lang != cfg.DefaultLang() {
		p = lang + "/"
	}
	if slug != "" {
		p += slug + "/"
	}
	return p
}

// convert renders every page's Markdown, in parallel, one converter per language.
func (b *Builder) convert(ctx context.Context, site *content.Site, strs layout.UIStrings) ([]*Page, diag.List) {
	cfg := site.Config
	base := cfg.BasePath()
	var pages []*Page
	urls := map[string]string{} // "zh/01-landscape.md" → URL
	for _, ed := range site.Editions {
		for _, p := range ed.Pages() {
			rel := pagePath(cfg, ed.Lang, p.Slug)
			pg := &Page{Page: p, URL: base + rel, Out: rel + "index.html"}
			pages = append(pages, pg)
			urls[p.File] = pg.URL
		}
	}
	convs := map[string]*markdown.Converter{}
	for _, lang := range cfg.Languages {
		convs[lang] = markdown.New(markdown.Options{
			Lang:    lang,
			FS:      site.FS,
			Cache:   b.cache,
			DataURL: func(name string) string { return base + "data/" + name },
			CodeURL: func(file string) string {
				if cfg.Repo == "" {
					return ""
				}
				return strings.TrimSuffix(cfg.Repo, "/") + "/blob/" + cfg.RepoBranch + "/content/" + file
			},
			Strings:        strs[lang],
			ClientFallback: cfg.Mermaid.ClientFallback,
			PlainDiagrams:  b.opts.PlainDiagrams,
		})
	}
	errs := make([]diag.List, len(pages))
	var done atomic.Int64
	parallel(ctx, len(pages), func(i int) {
		p := pages[i]
		dir := path.Dir(p.File)
		resolve := func(target string) (string, bool) {
			u, ok := urls[path.Join(dir, target)]
			return u, ok
		}
		key := b.inc.docKey(p)
		if p.Doc = b.inc.doc(site.FS, p, key, resolve); p.Doc == nil {
			p.Doc, errs[i] = convs[p.Lang].Convert(markdown.Source{
				File:      p.Path(),
				Body:      p.Body,
				FirstLine: p.BodyLine,
				Resolve:   resolve,
			})
			b.inc.keepDoc(site.FS, p, key, p.Doc)
		}
		b.progress("convert", int(done.Add(1)), len(pages))
	})
	var ds diag.List
	for _, e := range errs {
		ds.Add(e...)
	}
	ds.Sort()
	return pages, ds
}

// parallel runs f(0..n-1) on all cores, stopping early when ctx is cancelled. A panic in f is
// raised again in the caller's goroutine, where a long-lived caller (serve) can recover it.
func parallel(ctx context.Context, n int, f func(i int)) {
	var wg sync.WaitGroup
	var caught atomic.Pointer[workerPanic]
	// Each worker takes the next index itself: a goroutine handing them out over a channel
	// was a third goroutine for two cores, scheduled in and out for every page.
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				func() {
					defer func() {
						if r := recover(); r != nil {
							caught.CompareAndSwap(nil, &workerPanic{r, debug.Stack()})
						}
					}()
					f(i)
				}()
			}
		})
	}
	wg.Wait()
	if p := caught.Load(); p != nil {
		panic(p)
	}
}

// keepPanic, deferred in a goroutine a build waits for, keeps its panic with its stack in *p,
// for the waiting side to raise again in the build's goroutine, where folio serve recovers it.
func keepPanic(p **workerPanic) {
	if r := recover(); r != nil {
		*p = &workerPanic{r, debug.Stack()}
	}
}

// workerPanic is a panic of a parallel worker with the worker's stack.
type workerPanic struct {
	value any
	stack []byte
}

func (p *workerPanic) String() string { return fmt.Sprintf("%v\n\n%s", p.value, p.stack) }

// layOut renders every page through its template, in parallel, and gathers all site files.
func (b *Builder) layOut(ctx context.Context, site *content.Site, pages []*Page, tmpl *layout.Templates, bundle *asset.Bundle) (output.Files, diag.List) {
	cfg := site.Config
	byFile := map[string]*Page{}
	for _, p := range pages {
		byFile[p.File] = p
	}
	css := cfg.BasePath() + bundle.Path("css/style.css")
	var scripts []string
	for _, s := range bundle.Scripts() {
		scripts = append(scripts, cfg.BasePath()+s)
	}
	abs := func(u string) string { return cfg.Origin() + u }
	index := map[*content.Page]int{}
	byName := map[string]*content.Page{}
	for _, ed := range site.Editions {
		for i, c := range ed.Chapters {
			index[c] = i
			byName[ed.Lang+"/"+c.Name] = c
		}
	}
	prints := printURLs(site, pages)

	model := func(p *Page) *layout.Page {
		ed := site.Edition(p.Lang)
		m := &layout.Page{
			Lang: p.Lang, Title: p.Title, Description: p.Description,
			SiteTitle: cfg.Title[p.Lang], Num: p.Num, Content: template.HTML(bytesString(p.Doc.HTML)),
			Home: byFile[ed.Cover.File].URL, URL: p.URL, CSS: css, Scripts: scripts,
		}
		if cfg.Origin() != "" {
			m.Canonical = abs(p.URL)
			m.Image = abs(cfg.BasePath() + socialCard)
		}
		m.Base, m.Print = cfg.BasePath(), prints[p.Lang]
		m.Search, m.SearchPage = searchURLs(cfg, p.Lang)
		m.Stale = staleOriginal(site, p.Page, byFile, byName)
		if p.Cover {
			m.Kind = "cover"
			m.Title = cfg.Title[p.Lang]
			m.SiteTitle = ""
			if m.Description == "" {
				m.Description = cfg.Description[p.Lang]
			}
		} else {
			m.Kind = "chapter"
			m.TOC = toc(p.Doc.Headings)
		}
		idx := index[p.Page]
		lo, hi := 0, len(ed.Chapters)
		if !p.Cover {
			lo, hi = window(idx, len(ed.Chapters)) // not a loop over all: a page costs O(1), not O(N)
		}
		for _, c := range ed.Chapters[lo:hi] {
			m.Nav = append(m.Nav, layout.NavItem{Num: c.Num, Title: c.Title, Description: c.Description, URL: byFile[c.File].URL, Current: c == p.Page})
		}
		if !p.Cover {
			if idx > 0 {
				c := ed.Chapters[idx-1]
				m.Prev = &layout.NavItem{Num: c.Num, Title: c.Title, URL: byFile[c.File].URL}
			}
			if idx+1 < len(ed.Chapters) {
				c := ed.Chapters[idx+1]
				m.Next = &layout.NavItem{Num: c.Num, Title: c.Title, URL: byFile[c.File].URL}
			}
		}
		if p.Cover && len(ed.Chapters) > 0 {
			m.Next = &m.Nav[0]
		}
		for _, other := range site.Editions {
			target := other.Cover
			if p.Cover {
				target = other.Cover
			} else if t := byName[other.Lang+"/"+p.Name]; t != nil {
				target = t
			}
			alt := layout.Alt{
				Lang: other.Lang, Name: tmpl.Strings(other.Lang)["lang_name"],
				URL: byFile[target.File].URL, AbsURL: abs(byFile[target.File].URL),
				Home: byFile[other.Cover.File].URL, SiteTitle: cfg.Title[other.Lang],
			}
			if target == other.Cover && !p.Cover && other.Lang != p.Lang {
				// No translation of this chapter: offer the cover, but do not claim an alternate.
				m.Switch = append(m.Switch, alt)
				continue
			}
			m.Translations = append(m.Translations, alt)
			if other.Lang != p.Lang {
				m.Switch = append(m.Switch, alt)
			}
			if other.Lang == cfg.DefaultLang() {
				m.XDefault = alt.AbsURL
			}
		}
		return m
	}

	out := make([][]byte, len(pages))
	sunk := make([]bool, len(pages)) // handed to Options.Sink: not in out
	errs := make([]diag.List, len(pages))
	var done atomic.Int64
	quick := quickKeys(b.inc.settings, site, pages, css, scripts, prints)
	qins := make([]quickEntryIn, len(pages))
	defer func() { b.inc.keepQuickIns(pages, qins) }()
	parallel(ctx, len(pages), func(i int) {
		p := pages[i]
		in := quick.in(p, staleOriginal(site, p.Page, byFile, byName), b.inc.htmlSum(p))
		qk, ok := b.inc.lastQuick(p.Doc, in)
		if !ok {
			qk = quick.key(p, in)
		}
		qins[i] = quickEntryIn{in, qk}
		if out[i] = b.inc.quickPage(p.Out, qk); out[i] != nil {
			b.progress("layout", int(done.Add(1)), len(pages))
			return
		}
		m := model(p)
		key := b.inc.pageKey(m, p)
		b.inc.keepQuick(p.Out, qk, key)
		if out[i] = b.inc.page(p.Out, key); out[i] != nil {
			b.progress("layout", int(done.Add(1)), len(pages))
			return
		}
		html, err := tmpl.Render(m)
		if err != nil {
			errs[i] = diag.List{asDiag(err)}
			return
		}
		// Minified at once, so the raw page is garbage now rather than held with every other
		// until the minify stage: a third less memory at the peak of a large build. The page
		// is kept by its page key (minifiedPage), not in the minifier's cache.
		if out[i], err = b.minifyFresh(pages[i].Out, html); err != nil {
			errs[i] = diag.List{diag.Errorf(pages[i].Path(), 0, "%v", err)}
			return
		}
		if b.opts.Sink != nil {
			if err := b.sink(p, key, out[i], prints[p.Lang] != ""); err != nil {
				errs[i] = diag.List{diag.Errorf(p.Path(), 0, "%v", err)}
			}
			out[i], sunk[i] = nil, true
		} else {
			b.inc.minifiedPage(pages[i].Out, out[i])
		}
		b.progress("layout", int(done.Add(1)), len(pages))
	})
	var ds diag.List
	files := output.Files{}
	for i, p := range pages {
		ds.Add(errs[i]...)
		if !sunk[i] {
			files[p.Out] = out[i]
		}
	}
	if len(ds) > 0 {
		ds.Sort()
		return nil, ds
	}

	// The 404 page, in the default language, offering every edition.
	def := site.Editions[0]
	nf := model(byFile[def.Cover.File])
	nf.Kind, nf.Title, nf.SiteTitle, nf.Canonical, nf.Content = "404", tmpl.Strings(def.Lang)["not_found_title"], cfg.Title[def.Lang], "", ""
	nf.Description = cfg.Description[def.Lang]
	html, err := tmpl.Render(nf)
	if err != nil {
		return nil, diag.List{asDiag(err)}
	}
	files["404.html"] = html
	if errs := b.searchPages(site, tmpl, files, byFile, model); len(errs) > 0 {
		return nil, errs
	}

	for name, data := range bundle.Files {
		files[name] = data
	}
	if err := copyData(site.FS, files); err != nil {
		return nil, diag.List{diag.Errorf("content/data", 0, "%v", err)}
	}
	return files, nil
}

// navWindow is how many chapters around the current one a long sidebar shows; a short
// edition (the report has five chapters) lists every chapter. Listing thousands of chapters
// on every page would make the site's size grow with the square of its page count.
const navWindow = 12

// window is the chapters [lo, hi) of n that the sidebar of chapter cur lists.
func window(cur, n int) (lo, hi int) {
	if n <= 2*navWindow+1 {
		return 0, n
	}
	lo = max(0, min(cur-navWindow, n-2*navWindow-1))
	return lo, lo + 2*navWindow + 1
}

// copyData publishes content/data/*.csv so charts can link their data.
func copyData(fsys fs.FS, files output.Files) error {
	names, err := fs.Glob(fsys, "data/*.csv")
	if err != nil {
		return err
	}
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		files[n] = data
	}
	return nil
}

func asDiag(err error) diag.Diagnostic {
	if d, ok := err.(diag.Diagnostic); ok {
		return d
	}
	return diag.Errorf("layouts", 0, "%v", err)
}

// toc nests h3s under their h2.
func toc(hs []markdown.Heading) []layout.TOCItem {
	var items []layout.TOCItem
	for _, h := range hs {
		switch {
		case h.Level == 2:
			items = append(items, layout.TOCItem{ID: h.ID, Text: h.Text})
		case h.Level == 3 && len(items) > 0:
			last := &items[len(items)-1]
			last.Children = append(last.Children, layout.TOCItem{ID: h.ID, Text: h.Text})
		}
	}
	return items
}

// bytesString views b as a string without copying it. For a page's converted body only: it is
// never written into after conversion, and copying every body into its model was a tenth of a
// large build's allocations.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
