package site

import (
	"crypto/sha256"
	"encoding/binary"

	"folio/internal/content"
	"folio/internal/layout"
)

// modelBytes writes everything a page's template shows, except the body (which the page key
// identifies by its hash), in a fixed order with lengths, for the page key. It replaces a JSON
// encoding of the model that cost a third of every rebuild at thousands of pages;
// modelkey_test.go changes every field of layout.Page in turn and checks the bytes change,
// so a field added to the model cannot be left out here.
func modelBytes(b []byte, p *layout.Page) []byte {
	w := keyWriter{b}
	w.str(p.Kind, p.Lang, p.Title, p.Description, p.SiteTitle)
	w.int(p.Num)
	w.toc(p.TOC)
	w.int(len(p.Nav))
	for i := range p.Nav {
		w.nav(&p.Nav[i])
	}
	for _, n := range []*layout.NavItem{p.Prev, p.Next} {
		if n == nil {
			w.int(0)
			continue
		}
		w.int(1)
		w.nav(n)
	}
	w.str(p.Home, p.URL, p.Canonical)
	for _, alts := range [][]layout.Alt{p.Translations, p.Switch} {
		w.int(len(alts))
		for _, a := range alts {
			w.str(a.Lang, a.Name, a.URL, a.AbsURL, a.Home, a.SiteTitle)
		}
	}
	w.str(p.XDefault, p.CSS)
	w.int(len(p.Scripts))
	w.str(p.Scripts...)
	w.str(p.Base, p.Print, p.Image)
	w.int(len(p.Chapters))
	for _, c := range p.Chapters {
		w.str(c.ID, c.Title, c.Description, c.URL, string(c.Content))
		w.int(c.Num)
		w.toc(c.TOC)
	}
	w.str(p.Online)
	w.bool(p.NoIndex)
	w.str(p.Search, p.SearchPage, p.Stale)
	w.int(len(p.Contents))
	for _, c := range p.Contents {
		w.int(c.Num)
		w.str(c.Title, c.URL)
		w.toc(c.Sections)
	}
	w.int(p.More)
	return w.b
}

type keyWriter struct{ b []byte }

func (w *keyWriter) int(n int) { w.b = binary.AppendVarint(w.b, int64(n)) }

func (w *keyWriter) bool(v bool) {
	if v {
		w.int(1)
	} else {
		w.int(0)
	}
}

func (w *keyWriter) str(ss ...string) {
	for _, s := range ss {
		w.int(len(s))
		w.b = append(w.b, s...)
	}
}

func (w *keyWriter) nav(n *layout.NavItem) {
	w.int(n.Num)
	w.str(n.Title, n.Description, n.URL)
	w.bool(n.Current)
}

func (w *keyWriter) toc(items []layout.TOCItem) {
	w.int(len(items))
	for _, t := range items {
		w.str(t.ID, t.Text)
		w.toc(t.Children)
	}
}

// quickKeys returns a function that keys everything a page's model is made from — the page
// itself, its converted body, its edition's chapter list, every page's address, the config,
// layouts, stylesheet and scripts — without making the model. It is coarser than the page key
// (any chapter title of an edition changes the key of every page in it), and far cheaper: a rebuild of thousands of pages that changed one body makes one model, not all.
func quickKeys(settings [32]byte, site *content.Site, pages []*Page, css string, scripts []string, prints map[string]string) *quickKeyer {
	common := keyWriter{append([]byte(nil), settings[:]...)}
	common.str(css)
	common.int(len(scripts))
	common.str(scripts...)
	for _, ed := range site.Editions {
		common.str(ed.Lang, prints[ed.Lang])
	}
	// Every page's place: the translations and the language switcher point at them.
	common.int(len(pages))
	for _, p := range pages {
		common.str(p.Lang, p.Name, p.File, p.URL, p.Out)
		common.bool(p.Cover)
	}
	base := sha256.Sum256(common.b)
	editions := map[string][32]byte{}
	for _, ed := range site.Editions {
		w := keyWriter{base[:]}
		w.int(len(ed.Chapters))
		for _, c := range ed.Chapters {
			w.int(c.Num)
			w.str(c.File, c.Title, c.Description)
		}
		editions[ed.Lang] = sha256.Sum256(w.b)
	}
	return &quickKeyer{editions}
}

// quickKeyer keys pages for one build (quickKeys).
type quickKeyer struct {
	editions map[string][32]byte // what every page of an edition shows of the site and the edition
}

// quickIn is everything a page's quick key is made from; the body's headings come with it,
// through the converted body's identity (a build hands an unchanged body the same Result).
type quickIn struct {
	edition                  [32]byte
	file, title, desc, stale string
	num                      int
	cover                    bool
	body                     [32]byte
}

func (q *quickKeyer) in(p *Page, stale string, body [32]byte) quickIn {
	return quickIn{q.editions[p.Lang], p.File, p.Title, p.Description, stale, p.Num, p.Cover, body}
}

// key hashes in, with the headings of p's body.
func (q *quickKeyer) key(p *Page, in quickIn) [32]byte {
	w := keyWriter{append(make([]byte, 0, 256), in.edition[:]...)}
	w.str(in.file, in.title, in.desc, in.stale)
	w.int(in.num)
	w.bool(in.cover)
	w.b = append(w.b, in.body[:]...)
	if p.Doc != nil {
		for _, h := range p.Doc.Headings {
			w.int(h.Level)
			w.str(h.ID, h.Text)
		}
	}
	return sha256.Sum256(w.b)
}
