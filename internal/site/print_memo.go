package site

import (
	"crypto/sha256"
	"encoding/json"
	"sync"

	"folio/internal/diag"
	"folio/internal/layout"
)

// printMemo keeps each print edition's minified page between the builds of one Builder, keyed
// by its whole page model (chapters' HTML included) and the build's settings (config, layouts),
// so a rebuild lays out and minifies again only an edition one of whose pages changed.
type printMemo struct {
	mu    sync.Mutex
	pages map[string]printEntry // output path → last page
}

type printEntry struct {
	key  [32]byte
	html []byte
}

// printPage renders m and minifies it as out, or returns the page a build made from the same
// model. Its errors are diagnostics.
func (b *Builder) printPage(out string, m *layout.Page, tmpl *layout.Templates) ([]byte, error) {
	if b.prn == nil {
		b.prn = &printMemo{pages: map[string]printEntry{}}
	}
	h := sha256.New()
	h.Write(b.inc.settings[:])
	var key [32]byte
	keyed := json.NewEncoder(h).Encode(m) == nil
	h.Sum(key[:0])
	b.prn.mu.Lock()
	e, ok := b.prn.pages[out]
	b.prn.mu.Unlock()
	if keyed && ok && e.key == key {
		return e.html, nil
	}
	page, err := tmpl.Render(m)
	if err != nil {
		return nil, asDiag(err)
	}
	if page, err = b.min.Bytes(out, page); err != nil {
		return nil, diag.Errorf(out, 0, "%v", err)
	}
	if keyed {
		b.prn.mu.Lock()
		b.prn.pages[out] = printEntry{key, page}
		b.prn.mu.Unlock()
	}
	return page, nil
}
