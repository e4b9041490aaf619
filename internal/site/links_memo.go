package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"maps"
	"strings"
	"sync"
	"unsafe"

	"folio/internal/diag"
	"folio/internal/markdown"
	"folio/internal/output"
)

// linkMemo keeps, between the builds of one Builder, each output file's ids (by its bytes) and
// each page's link check (by its links, and by the id sets of the files it looked into), so a
// rebuild scans only changed files for ids and checks only the links of pages whose links or
// whose targets' ids changed. Any file appearing or vanishing, or any page moving, checks all.
type linkMemo struct {
	mu    sync.Mutex      // guards extra during the checks
	site  [32]byte        // of the base path and every page's place, last build
	names map[string]bool // every file of the last build
	// idsFrom and idsTo, when set, find and keep a page's ids elsewhere (on disk, by the page's
	// key), so a new process's check need not scan pages it did not lay out.
	idsFrom func(file string, data []byte) (map[string]bool, bool)
	idsTo   func(file string, data []byte, ids map[string]bool)
	files   map[string]*idEntry           // output file → its ids, last build
	now     map[string]*idEntry           // this build's, by output file: the HTML files, found before the checks
	extra   map[string]*idEntry           // this build's other files the checks looked into
	keys    map[*markdown.Result]keyEntry // each page's link key, by its converted body, last build
	pages   map[string]*linkEntry         // page's output file → its last check
}

type idEntry struct {
	data []byte // the bytes scanned
	ids  *idSet
}

// idSet is a file's ids; a rebuild keeps the same *idSet while they are unchanged, so a
// page's check stays valid while the sets it looked into are the same pointers.
type idSet struct{ ids map[string]bool }

type linkEntry struct {
	key  [32]byte
	deps map[string]*idSet // output file → the ids the check looked up
	ds   diag.List
}

func newLinkMemo() *linkMemo {
	return &linkMemo{files: map[string]*idEntry{}, pages: map[string]*linkEntry{}}
}

// begin starts a build's check; when the site's pages or files are not those of the last
// build, every page is checked afresh.
func (m *linkMemo) begin(base string, pages []*Page, files output.Files) {
	w := keyWriter{make([]byte, 0, 64*len(pages))}
	w.str(base)
	for _, p := range pages {
		w.str(p.Out, p.URL, p.Lang, p.Name, p.Path())
		w.bool(p.Cover)
	}
	site := sha256.Sum256(w.b)
	same := site == m.site && len(files) == len(m.names)
	names := make(map[string]bool, len(files))
	for name := range files {
		names[name] = true
		if same && !m.names[name] {
			same = false
		}
	}
	if !same {
		clear(m.pages)
	}
	m.site, m.names = site, names
	m.now, m.extra = map[string]*idEntry{}, map[string]*idEntry{}
}

// prefetch finds the ids of every HTML file, on all cores, before the checks (which run page
// by page) ask for them.
func (m *linkMemo) prefetch(ctx context.Context, files output.Files) {
	var names []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	entries := make([]*idEntry, len(names))
	parallel(ctx, len(names), func(i int) { entries[i] = m.scan(names[i], files[names[i]]) })
	for i, name := range names {
		if entries[i] != nil {
			m.now[name] = entries[i]
		}
	}
}

// ids returns the ids of an output file, scanning it only when its bytes changed.
// Safe for concurrent use once prefetch has run: now is only read from then on (every check
// looks into it, so it takes no lock), and files it lacks go to extra.
func (m *linkMemo) ids(file string, data []byte) *idSet {
	if e, ok := m.now[file]; ok {
		return e.ids
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.extra[file]
	if !ok {
		e = m.scan(file, data)
		m.extra[file] = e
	}
	return e.ids
}

// scan makes the id entry of a file, reusing the last build's when the bytes or the ids are the
// same. It only reads the memo, so scans may run in parallel.
func (m *linkMemo) scan(file string, data []byte) *idEntry {
	last := m.files[file]
	e := &idEntry{data: data}
	if last != nil && (sameBytes(last.data, data) || bytes.Equal(last.data, data)) {
		e.ids = last.ids
	} else {
		ids, ok := map[string]bool(nil), false
		if m.idsFrom != nil {
			ids, ok = m.idsFrom(file, data)
		}
		if !ok {
			ids = htmlIDs(data)
			if m.idsTo != nil {
				m.idsTo(file, data, ids)
			}
		}
		if last != nil && maps.Equal(last.ids.ids, ids) {
			e.ids = last.ids // text changed, ids did not: checks that looked here stand
		} else {
			e.ids = &idSet{ids}
		}
	}
	return e
}

// linkKey is linkKeyOf(p), taken from the last build when the page kept its converted body
// (whose links it hashes) and its place. Only read during the checks.
func (m *linkMemo) linkKey(p *Page) [32]byte {
	if k, ok := m.keys[p.Doc]; ok && k.out == p.Out && k.url == p.URL && k.path == p.Path() {
		return k.key
	}
	return linkKeyOf(p)
}

type keyEntry struct {
	out, url, path string
	key            [32]byte
}

// linkKeyOf identifies what a page's check reads of the page itself: where it is and its links.
func linkKeyOf(p *Page) [32]byte {
	w := keyWriter{make([]byte, 0, 256)}
	w.str(p.Out, p.URL, p.Path())
	for _, l := range p.Doc.Links {
		w.str(l.Dest, l.URL)
		w.int(l.Line)
		w.bool(l.Image)
	}
	return sha256.Sum256(w.b)
}

// checked returns the last check of a page when its links and every id set it looked into are
// unchanged.
func (m *linkMemo) checked(p *Page, key [32]byte, files output.Files) (diag.List, bool) {
	e := m.pages[p.Out]
	if e == nil || e.key != key {
		return nil, false
	}
	for file, set := range e.deps {
		if m.ids(file, files[file]) != set {
			return nil, false
		}
	}
	return e.ds, true
}

// keep records a page's fresh check.
func (m *linkMemo) keep(p *Page, key [32]byte, deps map[string]*idSet, ds diag.List) {
	m.pages[p.Out] = &linkEntry{key, deps, ds}
}

// end drops what this build did not look at, so the memo stays the size of the site.
func (m *linkMemo) end(pages []*Page) {
	for f, e := range m.extra {
		m.now[f] = e
	}
	m.files, m.now, m.extra = m.now, nil, nil
	live := make(map[string]bool, len(pages))
	for _, p := range pages {
		live[p.Out] = true
	}
	for out := range m.pages {
		if !live[out] {
			delete(m.pages, out)
		}
	}
}

// htmlIDs returns every id of an HTML file. It reads data in place: a build never writes into a
// file's bytes, only replaces them, and the ids are copied out. A copy of every page would be
// the link check's largest cost.
func htmlIDs(data []byte) map[string]bool {
	ids := map[string]bool{}
	text := unsafe.String(unsafe.SliceData(data), len(data))
	eachAttr(text, func(name string, start, end int) {
		if name == "id" {
			ids[strings.Clone(text[start:end])] = true
		}
	})
	return ids
}
