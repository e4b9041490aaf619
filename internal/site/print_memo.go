package site

import (
	"crypto/sha256"
	"encoding/json"
	"html/template"
	"slices"
	"strconv"
	"sync"

	"folio/internal/content"
	"folio/internal/diag"
	"folio/internal/layout"
	"folio/internal/markdown"
)

// printMemo keeps each print edition's minified page between the builds of one Builder, keyed
// by what it is made of: the build's settings (config, layouts), the page model around the book
// and every page of the edition (its place, title and conversion). A rebuild thus joins, lays
// out and minifies again only an edition one of whose pages changed.
type printMemo struct {
	mu    sync.Mutex
	pages map[string]printEntry // output path → last page
}

type printEntry struct {
	key  [32]byte
	docs []*markdown.Result // the conversions joined, compared by identity: a kept conversion is never changed
	html []byte
}

// printPage joins an edition into m, renders it and minifies it as out, or returns the page a
// build made from the same inputs. Its errors are diagnostics.
func (b *Builder) printPage(out string, m *layout.Page, tmpl *layout.Templates, ed *content.Edition, byFile map[string]*Page) ([]byte, error) {
	if b.prn == nil {
		b.prn = &printMemo{pages: map[string]printEntry{}}
	}
	h := sha256.New()
	h.Write(b.inc.settings[:])
	keyed := json.NewEncoder(h).Encode(m) == nil // before the book is joined into it
	cover := byFile[ed.Cover.File]
	writeString(h, cover.URL)
	docs := []*markdown.Result{cover.Doc}
	for _, c := range ed.Chapters {
		p := byFile[c.File]
		docs = append(docs, p.Doc)
		writeString(h, p.URL)
		writeString(h, p.Slug)
		writeString(h, p.Title)
		writeString(h, p.Description)
		writeString(h, strconv.Itoa(p.Num))
	}
	var key [32]byte
	h.Sum(key[:0])
	b.prn.mu.Lock()
	e, ok := b.prn.pages[out]
	b.prn.mu.Unlock()
	if keyed && ok && e.key == key && slices.Equal(e.docs, docs) {
		return e.html, nil
	}
	// On disk, the conversions are named by the hashes of their HTML, which is all of them
	// the book shows; the edition is kept with the pages, as no page has its path.
	var diskKey [32]byte
	if keyed && b.inc.disk != nil {
		h.Write(key[:])
		for _, c := range append([]*content.Page{ed.Cover}, ed.Chapters...) {
			sum := b.inc.htmlSum(byFile[c.File])
			h.Write(sum[:])
		}
		h.Sum(diskKey[:0])
		if page := b.inc.disk.page(out, diskKey); page != nil {
			b.prn.mu.Lock()
			b.prn.pages[out] = printEntry{key, docs, page}
			b.prn.mu.Unlock()
			return page, nil
		}
	}
	book := newBook(ed.Cover, ed.Chapters, byFile)
	if b.opts.OneShot { // the book has what it shows of the pages' HTML (printEditions)
		for _, c := range append([]*content.Page{ed.Cover}, ed.Chapters...) {
			byFile[c.File].releaseHTML()
		}
	}
	m.Content = template.HTML(book.intro)
	m.Chapters = book.chapters
	page, err := tmpl.Render(m)
	m.Content, m.Chapters, book = "", nil, nil // the page has them: let them go before minifying
	if err != nil {
		return nil, asDiag(err)
	}
	if page, err = b.minifyFresh(out, page); err != nil {
		return nil, diag.Errorf(out, 0, "%v", err)
	}
	if keyed {
		if !b.opts.OneShot { // only a rebuild would reuse it
			b.prn.mu.Lock()
			b.prn.pages[out] = printEntry{key, docs, page}
			b.prn.mu.Unlock()
		}
		if b.inc.disk != nil {
			b.inc.disk.keepPage(out, diskKey, page)
		}
	}
	return page, nil
}
