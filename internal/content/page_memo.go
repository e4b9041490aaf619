package content

import (
	"crypto/sha256"
	"io/fs"
	"sync"
	"time"

	"folio/internal/diag"
)

// Memo keeps parsed pages between the loads of a long-lived process (folio serve), so a load
// parses only the files that changed. A file is known unchanged without reading it when its
// size and modification time are those recorded and that time was at least racyWindow older
// than the load that read it: an edit after that load gets a later time, even on a file system
// that keeps times to the second (the rule git uses for its index). Otherwise the file is read
// and its bytes hashed, which is several times faster than parsing its front matter and never
// fooled by the clock. One load at a time may use a Memo.
type Memo struct {
	mu    sync.Mutex
	last  map[string]parsed // file → its parse, from the previous load
	now   map[string]parsed // this load's
	start time.Time         // when this load began
}

// racyWindow is how much older than the load that read it a file's time must be for the time
// to vouch for its bytes: more than the coarsest file time resolution in use (FAT's 2 s).
const racyWindow = 3 * time.Second

type parsed struct {
	sum  [32]byte
	size int64
	mod  time.Time // modification time, taken before the file was read
	seen time.Time // start of the load that read it
	page *Page     // never handed out: loads get copies
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
	m.start = time.Now()
	m.mu.Unlock()
}

// unchanged returns the previous load's parse of file when its directory entry's size and time
// vouch that it is unchanged (see Memo). It reads nothing but the entry.
func (m *Memo) unchanged(file string, entry fs.DirEntry) (*Page, diag.List, bool) {
	if m == nil || entry == nil || entry.Type()&fs.ModeSymlink != 0 {
		return nil, nil, false // a link's own time says nothing of its target's bytes
	}
	m.mu.Lock()
	e, ok := m.last[file]
	m.mu.Unlock()
	if !ok || e.mod.IsZero() || !e.mod.Before(e.seen.Add(-racyWindow)) {
		return nil, nil, false
	}
	st, err := entry.Info()
	if err != nil || e.size != st.Size() || !e.mod.Equal(st.ModTime()) {
		return nil, nil, false
	}
	m.mu.Lock()
	m.now[file] = e
	m.mu.Unlock()
	if e.page == nil {
		return nil, e.errs, true
	}
	p := *e.page
	return &p, e.errs, true
}

// parse is parsePage, reusing the previous load's parse of the same bytes. A nil Memo parses.
// st is the file's info from before it was read, or nil.
func (m *Memo) parse(file string, data []byte, st fs.FileInfo) (*Page, diag.List) {
	if m == nil {
		return parsePage(file, data)
	}
	sum := sha256.Sum256(data)
	m.mu.Lock()
	e, ok := m.last[file]
	start := m.start
	m.mu.Unlock()
	if !ok || e.sum != sum {
		p, errs := parsePage(file, data)
		e = parsed{sum: sum, page: p, errs: errs}
	}
	e.size, e.mod, e.seen = -1, time.Time{}, start
	if st != nil {
		e.size, e.mod = st.Size(), st.ModTime()
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
