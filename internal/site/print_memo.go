package site

import (
	"context"
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
//
// A one-shot build lets the edition's pages' HTML go as soon as the book has it: nothing
// reads it after but the search, whose sections are taken first.
func (b *Builder) printPage(ctx context.Context, out string, m *layout.Page, tmpl *layout.Templates, ed *content.Edition, byFile map[string]*Page) ([]byte, error) {
	h := sha256.New()
	h.Write(b.inc.settings[:])
	keyed := json.NewEncoder(h).Encode(m) == nil // before the book is joined into it
	cover := byFile[ed.Cover.File]
	writeString(h, cover.URL)
	pages, docs := []*Page{cover}, []*markdown.Result{cover.Doc}
	for _, c := range ed.Chapters {
		p := byFile[c.File]
		pages, docs = append(pages, p), append(docs, p.Doc)
		writeString(h, p.URL)
		writeString(h, p.Slug)
		writeString(h, p.Title)
		writeString(h, p.Description)
		writeString(h, strconv.Itoa(p.Num))
	}
	var key [32]byte
	h.Sum(key[:0])
	release := func() {}
	if b.opts.OneShot {
		parallel(ctx, len(pages), func(i int) { b.sectionsOf(pages[i]) })
		release = func() {
			for _, p := range pages {
				p.releaseHTML()
			}
		}
	}
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
		for _, p := range pages {
			sum := b.inc.htmlSum(p)
			h.Write(sum[:])
		}
		h.Sum(diskKey[:0])
		if page := b.inc.disk.page(out, diskKey); page != nil {
			release()
			b.keepPrint(out, printEntry{key, docs, page})
			return page, nil
		}
	}
	book := newBook(ed.Cover, ed.Chapters, byFile)
	release()
	m.Content = template.HTML(book.intro)
	m.Chapters = book.chapters
	page, err := tmpl.Render(m)
	m.Content, m.Chapters = "", nil // the page has them: let them go before minifying
	if err != nil {
		return nil, asDiag(err)
	}
	if page, err = b.minifyFresh(out, page); err != nil {
		return nil, diag.Errorf(out, 0, "%v", err)
	}
	if keyed {
		b.keepPrint(out, printEntry{key, docs, page})
		if b.inc.disk != nil {
			b.inc.disk.keepPage(out, diskKey, page)
		}
	}
	return page, nil
}

// keepPrint keeps an edition's print page for the next build of a long-lived Builder; a
// one-shot build has no next build to keep it for.
func (b *Builder) keepPrint(out string, e printEntry) {
	if b.opts.OneShot {
		return
	}
	b.prn.mu.Lock()
	b.prn.pages[out] = e
	b.prn.mu.Unlock()
}
