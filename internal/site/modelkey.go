package site

import (
	"encoding/binary"

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
