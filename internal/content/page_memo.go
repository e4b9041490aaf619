package content

import (
	"crypto/sha256"
	"sync"

	"folio/internal/diag"
)

// Memo keeps parsed pages between the loads of a long-lived process (folio serve), keyed by
// each file's bytes, so a load parses only the files that changed. Hashing a file is several
// times faster than parsing its front matter, and unlike a file's modification time it is never
// fooled by an edit within the clock's resolution. One load at a time may use a Memo.
type Memo struct {
	mu   sync.Mutex
	last map[string]parsed // file → its parse, from the previous load
	now  map[string]parsed // this load's
}

type parsed struct {
	sum  [32]byte
	page *Page // never handed out: loads get copies
	errs diag.List
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{now: map[string]parsed{}} }

// next starts a load: files the previous load did not read are forgotten.
func (m *Memo) next() {
	if m == nil {
		return
	}
	m.mu.Lock()
	if len(m.now) > 0 {
		m.last = m.now
	}
	m.now = map[string]parsed{}
	m.mu.Unlock()
}

// parse is parsePage, reusing the previous load's parse of the same bytes. A nil Memo parses.
func (m *Memo) parse(file string, data []byte) (*Page, diag.List) {
	if m == nil {
		return parsePage(file, data)
	}
	sum := sha256.Sum256(data)
	m.mu.Lock()
	e, ok := m.last[file]
	m.mu.Unlock()
	if !ok || e.sum != sum {
		p, errs := parsePage(file, data)
		e = parsed{sum: sum, page: p, errs: errs}
	}
	m.mu.Lock()
	m.now[file] = e
	m.mu.Unlock()
	if e.page == nil {
		return nil, e.errs
	}
	p := *e.page // readPage fills in the rest: keep the kept one as parsed
	return &p, e.errs
}
