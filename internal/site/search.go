package site

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"

	"folio/internal/config"
	"folio/internal/content"
	"folio/internal/diag"
	"folio/internal/layout"
	"folio/internal/markdown"
	"folio/internal/output"
	"folio/internal/search"
	"folio/internal/weight"
)

// searchPageChapters is how many chapters the plain search page lists: all of the report's,
// and few enough of a long edition's to keep the page within its budget.
const searchPageChapters = 200

// searchSlug is where each edition's plain search page lives: /search/, /en/search/.
const searchSlug = "search"

// searchURLs are the directory of a language's search index and its plain search page.
func searchURLs(cfg *config.Config, lang string) (index, page string) {
	return cfg.BasePath() + "search/" + lang + "/", cfg.BasePath() + pagePath(cfg, lang, searchSlug)
}

// searchMemo keeps, between the builds of one Builder, each page's sections (keyed by its
// converted HTML, which an incremental build reuses) and each edition's index files (keyed by
// all its documents), so a rebuild that changed no text, or little, indexes little.
type searchMemo struct {
	mu       sync.Mutex
	sections map[*markdown.Result][]search.Section // this build's, while it takes them
	prev     map[*markdown.Result][]search.Section // the last build's
	taking   bool                                  // sections is this build's, begun
	editions map[string]searchFiles                // language → last index
}

type searchFiles struct {
	key   [32]byte
	files map[string][]byte
}

// searchSections splits every page into its sections, unless the last build did so for the
// same converted HTML, or this build did already (sectionsOf). Build runs it just before
// searchIndex: a one-shot build lets the pages' HTML go between the two.
func (b *Builder) searchSections(ctx context.Context, pages []*Page) {
	parallel(ctx, len(pages), func(i int) { b.sectionsOf(pages[i]) })
	m := b.srch
	m.mu.Lock()
	m.prev, m.taking = nil, false
	m.mu.Unlock()
}

// sectionsOf takes a page's sections for this build, once. A build that lets go of a page's
// HTML as soon as it is laid out (Options.Sink) takes them then.
func (b *Builder) sectionsOf(p *Page) {
	m := b.srch
	m.mu.Lock()
	if !m.taking { // a build that failed before its index leaves its sections: still good
		m.prev, m.sections, m.taking = m.sections, make(map[*markdown.Result][]search.Section, len(m.sections)), true
	}
	_, done := m.sections[p.Doc]
	secs, ok := m.prev[p.Doc]
	m.mu.Unlock()
	if done {
		return
	}
	if !ok {
		sum := b.inc.htmlSum(p)
		if secs, ok = b.inc.disk.sections(sum); !ok {
			secs = search.Sections(p.Doc.HTML)
			b.inc.disk.keepSections(sum, secs)
		}
	}
	m.mu.Lock()
	m.sections[p.Doc] = secs
	m.mu.Unlock()
}

// searchIndex indexes every edition, one document per section, and adds the index files
// under search/<lang>/. The budget stage checks each part against budgets.index_kb.
func (b *Builder) searchIndex(ctx context.Context, site *content.Site, pages []*Page, files output.Files) diag.List {
	m := b.srch // with this build's sections (searchSections)
	byLang := map[string][]*Page{}
	for _, p := range pages {
		byLang[p.Lang] = append(byLang[p.Lang], p)
	}
	budget := int(site.Config.Budgets.IndexKB * 1024)
	out := make([]map[string][]byte, len(site.Editions))
	errs := make([]error, len(site.Editions))
	parallel(ctx, len(site.Editions), func(i int) {
		lang := site.Editions[i].Lang
		docs := searchDocs(site.Config, byLang[lang], m.sections)
		key := docsKey(budget, docs)
		m.mu.Lock()
		last, ok := m.editions[lang]
		m.mu.Unlock()
		if ok && last.key == key {
			out[i] = last.files
			return
		}
		if files, ok := b.inc.disk.index(key); ok {
			out[i] = files
			m.mu.Lock()
			m.editions[lang] = searchFiles{key, files}
			m.mu.Unlock()
			return
		}
		out[i], errs[i] = search.Build(lang, docs).Files(budget)
		if errs[i] == nil {
			files := out[i] // only read from now on
			b.keeping.Go(func() { b.inc.disk.keepIndex(key, files) })
			m.mu.Lock()
			m.editions[lang] = searchFiles{key, out[i]}
			m.mu.Unlock()
		}
	})
	var ds diag.List
	for i, ed := range site.Editions {
		if errs[i] != nil {
			ds.Add(diag.Errorf("search/"+ed.Lang, 0, "write search index: %v", errs[i]))
			continue
		}
		for name, data := range out[i] {
			// Shared with the memo: later stages replace entries of files, never write into them.
			files["search/"+ed.Lang+"/"+name] = data
		}
	}
	return ds
}

// docsKey identifies an edition's index by everything it is made of.
func docsKey(budget int, docs []search.Doc) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00", budget)
	for _, d := range docs {
		for _, s := range []string{d.Title, d.URL, d.ID, d.Heading, d.Text} {
			writeString(h, s) // not fmt: this runs over every section's text on every rebuild
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// searchDocs are the sections of an edition's pages, the cover's first.
func searchDocs(cfg *config.Config, pages []*Page, sections map[*markdown.Result][]search.Section) []search.Doc {
	var docs []search.Doc
	for _, p := range pages {
		title := p.Title
		if p.Cover {
			title = cfg.Title[p.Lang]
		}
		for _, s := range sections[p.Doc] {
			docs = append(docs, search.Doc{Title: title, URL: p.URL, ID: s.ID, Heading: s.Heading, Text: s.Text})
		}
	}
	return docs
}

// IndexSizes are the gzipped bytes of each language's search index (manifest and parts), for
// build's report.
func (r *Result) IndexSizes() map[string]int {
	sizes := map[string]int{}
	for _, ed := range r.Site.Editions {
		prefix := "search/" + ed.Lang + "/"
		for _, name := range r.Files.Paths() {
			if len(name) > len(prefix) && name[:len(prefix)] == prefix {
				sizes[ed.Lang] += weight.Gzipped(r.Files[name], weight.Default)
			}
		}
	}
	return sizes
}

// searchPages adds each edition's plain search page, which lists the chapters and their
// sections: what the header's search field links to when JavaScript is off.
func (b *Builder) searchPages(site *content.Site, tmpl *layout.Templates, files output.Files, byFile map[string]*Page, model func(*Page) *layout.Page) diag.List {
	var ds diag.List
	cfg := site.Config
	short := func(ed *content.Edition) bool { return len(ed.Chapters) <= 2*navWindow+1 }
	for _, ed := range site.Editions {
		out := pagePath(cfg, ed.Lang, searchSlug) + "index.html"
		if _, taken := files[out]; taken {
			// A chapter NN-search.md would be overwritten by the search page, or the reverse.
			for _, c := range ed.Chapters {
				if c.Slug == searchSlug {
					ds.Add(diag.Errorf(c.Path(), 0, "the slug %q belongs to the search page: rename the chapter file", searchSlug))
				}
			}
			continue
		}
		m := model(byFile[ed.Cover.File])
		strs := tmpl.Strings(ed.Lang)
		m.Kind, m.Title, m.SiteTitle = "search", strs["search"], cfg.Title[ed.Lang]
		m.Description, m.Content, m.Next = cfg.Description[ed.Lang], "", nil
		_, m.URL = searchURLs(cfg, ed.Lang)
		m.Canonical = ""
		if cfg.Origin() != "" {
			m.Canonical = cfg.Origin() + m.URL
		}
		m.Translations, m.Switch, m.XDefault = nil, nil, ""
		for _, other := range site.Editions {
			_, u := searchURLs(cfg, other.Lang)
			alt := layout.Alt{Lang: other.Lang, Name: tmpl.Strings(other.Lang)["lang_name"], URL: u, AbsURL: cfg.Origin() + u, Home: byFile[other.Cover.File].URL, SiteTitle: cfg.Title[other.Lang]}
			m.Translations = append(m.Translations, alt)
			if other.Lang != ed.Lang {
				m.Switch = append(m.Switch, alt)
			}
			if other.Lang == cfg.DefaultLang() {
				m.XDefault = alt.AbsURL
			}
		}
		for i, c := range ed.Chapters {
			if i == searchPageChapters {
				m.More = len(ed.Chapters) - i
				break
			}
			p := byFile[c.File]
			sc := layout.SearchChapter{Num: c.Num, Title: c.Title, URL: p.URL}
			if short(ed) {
				sc.Sections = toc(p.Doc.Headings)
			}
			m.Contents = append(m.Contents, sc)
		}
		// Drawn again only when what it shows changed: it lists every chapter.
		h := sha256.New()
		h.Write(b.inc.settings[:])
		h.Write(modelBytes(nil, m))
		var key [32]byte
		h.Sum(key[:0])
		if e, ok := b.spages[out]; ok && e.key == key {
			files[out] = e.html
			continue
		}
		html, err := tmpl.Render(m)
		if err != nil {
			ds.Add(asDiag(err))
			continue
		}
		if b.spages == nil {
			b.spages = map[string]searchPageEntry{}
		}
		b.spages[out] = searchPageEntry{key, html}
		files[out] = html
	}
	return ds
}

// searchPageEntry is a plain search page as last drawn (not minified: the minify stage
// recognises its bytes).
type searchPageEntry struct {
	key  [32]byte
	html []byte
}

// staleOriginal returns, for a translated chapter whose recorded source_hash no longer
// matches its original, the URL of the original; "" otherwise (or when nothing is recorded:
// check warns about that, the reader needs no note). byName holds every chapter by
// "lang/name": a lookup per page, where a scan of the edition would make layout O(N²).
func staleOriginal(site *content.Site, p *content.Page, byFile map[string]*Page, byName map[string]*content.Page) string {
	def := site.Config.DefaultLang()
	if p.Lang == def || p.Cover || p.SourceHash == "" {
		return ""
	}
	src := byName[def+"/"+p.Name]
	if src == nil || src.ShortHash() == p.SourceHash {
		return ""
	}
	if o := byFile[src.File]; o != nil {
		return o.URL
	}
	return ""
}
