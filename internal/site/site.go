// Package site knows every stage of a build and runs them in order:
//
//	load → convert → assets → lay out → links → minify → print → search → budget → publish
//
// (convert renders Markdown with goldmark and folio's fenced blocks; search writes the index;
// links checks every internal link and anchor; budget weighs pages against site.yaml's limits;
// print joins each edition into one page; publish adds the sitemap, robots.txt, llms.txt and
// the social card.) A long-lived Builder reuses each stage's work for what did not change; with
// a cache directory, a new Builder reuses the last build's too (memo_disk.go). Options.Early
// sees the site after print: the stages after it make nothing a reader of a page waits for.
//
// Build reads top to bottom, one line per stage, each timed. The result is the whole site in
// memory, which the preview server serves. folio build hands each page to an output.Stage as
// soon as it is laid out (Options.Sink, sink.go), so the build does not hold them all, and
// commits the stage with the rest of the files at the end.
package site

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"folio/internal/asset"
	"folio/internal/content"
	"folio/internal/diag"
	"folio/internal/highlight"
	"folio/internal/layout"
	"folio/internal/markdown"
	"folio/internal/output"
	"folio/internal/store"
	"folio/internal/weight"
)

// Project is where a site's sources live.
type Project struct {
	Content fs.FS // content/: site.yaml, editions, data, code
	Layouts fs.FS // layouts/: templates and UI strings
	Assets  fs.FS // assets/: css, js, static
}

// Options change a build.
type Options struct {
	BaseURL  string // overrides base_url of site.yaml when set
	Drafts   bool   // include draft pages
	Progress func(stage string, done, total int)

	// CacheDir keeps rendered blocks on disk between builds (markdown/cache_disk.go); "" keeps
	// them in memory only, for the life of the Builder.
	CacheDir string
	// PlainDiagrams leaves mermaid and chart blocks to the browser, as Hugo does.
	PlainDiagrams bool
	// OneShot says the Builder builds once (folio build): what only a rebuild would reuse is
	// let go as soon as the build is done with it, which lowers its peak memory. The pages of
	// the Result then carry no converted HTML (Doc.HTML is nil).
	OneShot bool
	// Sink, when set, takes each page the build lays out afresh as soon as it is final
	// (sink.go), and the build holds no more of it than the later stages read; Result.Files
	// then lacks those pages, and Result.Sunk lists them. It makes the build one-shot.
	Sink Sink

	// Early, when set, is handed the site as soon as its pages are laid out, checked, minified
	// and printed, before the stages no reader waits for (the search index, the budgets, and
	// what publish makes for crawlers: sitemap, llms.txt, Markdown copies, social card), whose
	// files are the last good build's until then. changed lists what differs from the last good
	// build. The preview server shows an edit at that point; the build may still fail after.
	Early func(base string, files output.Files, changed []string)
}

// Builder builds a project; it keeps what one build can hand to the next (the block cache,
// the minifier), so a long-lived Builder rebuilds faster. Safe for one build at a time.
type Builder struct {
	proj    Project
	opts    Options
	cache   *markdown.Cache
	inc     *memo // what the last build made, for incremental rebuilds (incremental.go)
	min     *output.Minifier
	srch    *searchMemo                    // sections and index files kept for rebuilds (search.go)
	sunk    sunkPages                      // this build's pages handed to Options.Sink (sink.go)
	card    *cardJob                       // this build's social card, drawn beside the pages (seo.go)
	pub     map[*markdown.Result]published // each page's published Markdown, reused by rebuilds (seo.go)
	prn     *printMemo                     // print editions, reused while their pages are unchanged (print_memo.go)
	links   *linkMemo                      // ids of files and link checks of pages (links_memo.go)
	read    *content.Memo                  // parsed pages, reused while their files' bytes are unchanged
	smap    *sitemapMemo                   // the last sitemap (seo_memo.go)
	tmpl    *layout.Templates              // the last build's templates, and the layouts they were parsed from
	tmplKey string
	spages  map[string]searchPageEntry // the plain search pages, by output path (search.go)
	keeping sync.WaitGroup             // writes to the on-disk caches that run beside the later stages
}

// New returns a Builder for a project.
func New(p Project, opts Options) *Builder {
	opts.OneShot = opts.OneShot || opts.Sink != nil
	cache, min, inc := markdown.NewCache(), output.NewMinifier(), newMemo()
	if opts.CacheDir != "" {
		min.CacheDir = opts.CacheDir
		open := store.Open
		if opts.OneShot {
			open = store.OpenMapped // the packs live as long as the process: no need to copy them
		}
		cache = markdown.NewDiskCache(opts.CacheDir, open)
		inc.gz.pack = open(filepath.Join(opts.CacheDir, "gzip.pack"))
		inc.disk = openDiskMemo(opts.CacheDir, cache, open)
	}
	srch := &searchMemo{editions: map[string]searchFiles{}}
	return &Builder{proj: p, opts: opts, cache: cache, min: min, inc: inc, read: content.NewMemo(), srch: srch}
}

// Result is a finished build.
type Result struct {
	Files    output.Files
	Site     *content.Site
	Pages    []*Page
	Warnings diag.List
	Timings  []Timing
	Weights  []Weight       // gzipped weight of every HTML page, heaviest first (budget.go)
	Sunk     map[string]int // site path → size of the pages handed to Options.Sink, not in Files
	Changed  []string       // site paths that differ from the Builder's previous good build, removed ones included
	Work     Work           // what this build redid rather than reused
}

// Timing is the wall time of one stage.
type Timing struct {
	Stage string
	D     time.Duration
}

// Build runs the pipeline. On failure the diagnostics hold every error found by the stage that
// failed (and the warnings so far); nothing is written anywhere.
func (b *Builder) Build(ctx context.Context) (*Result, diag.List) {
	r := &Result{}
	clock := time.Now()
	lap := func(stage string) {
		now := time.Now()
		r.Timings = append(r.Timings, Timing{stage, now.Sub(clock)})
		clock = now
	}
	var ds diag.List
	fail := func(errs diag.List) (*Result, diag.List) {
		if b.card != nil {
			<-b.card.done // it may be keeping the card in a cache about to be discarded
			b.card = nil
		}
		b.keeping.Wait()
		b.discardCaches()
		ds.Add(errs...)
		ds.Sort()
		return nil, ds
	}

	site, errs := b.load()
	if ds.Add(errs.Warnings()...); errs.Err() != nil {
		return fail(errs.Errors())
	}
	b.inc.begin(site.Config, b.proj.Layouts)
	b.sunk.pages, b.sunk.prints = map[string]*sunkPage{}, map[string]int{}
	b.card = startCard(site, b.inc.disk)
	lap("load")
	strs, parsed := b.templates(site.Config.Languages)
	var pages []*Page
	var cerrs diag.List
	if strs != nil {
		pages, cerrs = b.convert(ctx, site, strs)
	}
	tmpl, errs := parsed()
	if errs = append(errs, cerrs...); errs.Err() != nil {
		return fail(errs)
	}
	lap("convert")
	bundle, err := asset.Build(b.proj.Assets, highlight.CSS())
	if err != nil {
		return fail(diag.List{diag.Errorf("assets", 0, "%v", err)})
	}
	lap("assets")
	files, errs := b.layOut(ctx, site, pages, tmpl, bundle)
	if errs.Err() != nil {
		return fail(errs)
	}
	lap("layout")
	if errs := b.checkLinks(ctx, site, pages, files); errs.Err() != nil {
		return fail(errs)
	}
	lap("links")
	if err := b.minify(ctx, files, files.Paths()); err != nil {
		return fail(diag.List{diag.Errorf("", 0, "%v", err)})
	}
	lap("minify")
	// The budgets weigh every page with the stylesheets and scripts it loads, gzipped: those
	// are final now, and measured here, beside the print editions and the search index, which
	// leave a core idle at times. The budget stage measured them first thing, its workers
	// waiting on one another for them.
	var assets [][]byte // taken here: the stages that run beside add files to files
	for name, data := range files {
		if strings.HasSuffix(name, ".css") || strings.HasSuffix(name, ".js") {
			assets = append(assets, data)
		}
	}
	b.keeping.Go(func() {
		for _, data := range assets {
			b.inc.gz.size(data, weight.Default)
		}
	})
	errs = b.printEditions(ctx, site, pages, tmpl, bundle, files)
	if ds.Add(errs.Warnings()...); errs.Err() != nil {
		return fail(errs.Errors())
	}
	lap("print")
	if b.opts.Early != nil {
		early, changed := b.inc.early(files)
		b.opts.Early(site.Config.BasePath(), early, changed)
	}
	// The sections are the last reader of the pages' converted HTML, the largest thing a
	// build holds besides the pages themselves: a one-shot build lets the HTML go after them.
	b.searchSections(ctx, pages)
	if b.opts.OneShot {
		for _, p := range pages {
			p.releaseHTML()
		}
	}
	before := files.Paths()
	if errs := b.searchIndex(ctx, site, pages, files); errs.Err() != nil {
		return fail(errs)
	}
	// The index parts are compact JSON already; minifying them changed no byte
	// (TestSearchIndexIsMinified) and was a tenth of the stage.
	lap("search")
	weights, err := b.inc.weigh(ctx, site.Config.BasePath(), pages, files, int(site.Config.Budgets.PageKB*1024), printURLs(site, pages), b.sunk.pages, b.opts.Sink)
	if err != nil {
		return fail(diag.List{diag.Errorf("", 0, "weigh pages: %v", err)})
	}
	if errs := checkBudgets(ctx, site.Config.Budgets, weights, files, b.inc.gz); errs.Err() != nil {
		return fail(errs)
	}
	lap("budget")
	if errs := b.publish(site, pages, files); errs.Err() != nil {
		return fail(errs)
	}
	b.card = nil
	lap("publish")
	b.keeping.Wait()
	ds.Add(b.flushCaches()...)

	ds.Sort()
	r.Files, r.Site, r.Pages, r.Warnings = files, site, pages, ds
	r.Weights = weights
	r.Sunk = b.sunk.prints
	for name, s := range b.sunk.pages {
		r.Sunk[name] = s.size
	}
	b.sunk.pages, b.sunk.prints = nil, nil
	r.Changed, r.Work = b.inc.commit(pages, files, before)
	return r, nil
}

// added returns the paths of files that are not in before (sorted).
func added(before []string, files output.Files) []string {
	had := make(map[string]bool, len(before))
	for _, p := range before {
		had[p] = true
	}
	var out []string
	for _, p := range files.Paths() {
		if !had[p] {
			out = append(out, p)
		}
	}
	return out
}

// flushCaches writes the on-disk caches once per build; failing to is a warning, as a build
// without its cache is only slower.
func (b *Builder) flushCaches() diag.List {
	var ds diag.List
	for _, err := range []error{b.cache.Flush(), b.min.Flush(), b.inc.gz.flush(), b.inc.disk.flush()} {
		if err != nil {
			ds.Add(diag.Warnf("", 0, "cache not saved: %v", err))
		}
	}
	return ds
}

// templates returns the layouts' UI strings and starts parsing their templates, or returns
// the last build's while the layouts and languages are the same: parsing them was a tenth of
// a rebuild. Converting pages needs only the strings, so the templates are parsed beside it;
// parsed waits for them.
func (b *Builder) templates(langs []string) (strs layout.UIStrings, parsed func() (*layout.Templates, diag.List)) {
	key := fmt.Sprintf("%x %q", b.inc.layouts, langs)
	if b.tmpl != nil && b.tmplKey == key {
		return b.tmpl.UIStrings(), func() (*layout.Templates, diag.List) { return b.tmpl, nil }
	}
	strs, sds := layout.LoadStrings(b.proj.Layouts, langs)
	done := make(chan struct{})
	var t *layout.Templates
	var ds diag.List
	var caught *workerPanic
	go func() {
		defer close(done)
		defer keepPanic(&caught) // raised again by parsed, in the build's goroutine
		t, ds = layout.Parse(b.proj.Layouts, strs)
	}()
	return strs, func() (*layout.Templates, diag.List) {
		<-done
		if caught != nil {
			panic(caught)
		}
		if ds = append(ds, sds...); len(ds) > 0 {
			return nil, ds
		}
		b.tmpl, b.tmplKey = t, key
		return t, nil
	}
}

// discardCaches drops what a failed build put in the on-disk caches: they stay as the last
// good build left them.
func (b *Builder) discardCaches() {
	b.cache.Discard()
	b.min.Discard()
	b.inc.gz.discard()
	b.inc.disk.discard()
}

func (b *Builder) load() (*content.Site, diag.List) {
	cfg, errs := configFor(b.proj.Content, b.opts.BaseURL)
	if errs.Err() != nil {
		return nil, errs
	}
	return content.LoadWith(b.proj.Content, cfg, content.Options{Drafts: b.opts.Drafts, Memo: b.read})
}

func (b *Builder) progress(stage string, done, total int) {
	if b.opts.Progress != nil {
		b.opts.Progress(stage, done, total)
	}
}

// Summary is the one-line-per-stage report printed after a build.
func (r *Result) Summary() string {
	s := ""
	for _, ed := range r.Site.Editions {
		s += fmt.Sprintf("%s: %d pages  ", ed.Lang, len(ed.Chapters)+1)
	}
	size := r.Files.Size()
	for _, n := range r.Sunk {
		size += n
	}
	s += fmt.Sprintf("files: %d (%d KB)\n", len(r.Files)+len(r.Sunk), size/1024)
	var total time.Duration
	for _, t := range r.Timings {
		s += fmt.Sprintf("  %-8s %8.1f ms\n", t.Stage, float64(t.D.Microseconds())/1000)
		total += t.D
	}
	s += fmt.Sprintf("  %-8s %8.1f ms", "total", float64(total.Microseconds())/1000)
	return s
}
