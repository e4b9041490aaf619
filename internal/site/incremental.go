package site

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"folio/internal/config"
	"folio/internal/layout"
	"folio/internal/markdown"
	"folio/internal/output"
)

// Work counts what a build did rather than reused from the build before.
type Work struct {
	Converted int // pages whose Markdown was converted
	LaidOut   int // pages rendered through their template
	Minified  int // files minified
}

// memo is what one build hands to the next, so that a long-lived Builder (serve) redoes only
// what an edit touched. Every entry is keyed by the bytes it was made from, so a reused entry
// is always what a fresh build would make:
//
//   - a page's conversion, by its Markdown, the bytes of every file it read (its Deps: CSVs,
//     samples), the converter settings (config, layouts) and what its .md links resolve to;
//   - a page's laid-out, minified HTML, by its page model (everything its template shows:
//     its own body, title and headings, its neighbours' titles in the sidebar and pager, the
//     language switcher, the stylesheet and scripts), config and layouts;
//   - every other file's minified bytes, by its raw bytes (kept and compared).
//
// A layout, asset or config change thus rebuilds all pages; a chapter edit re-renders that
// page, plus its edition's pages when its title changed.
type memo struct {
	settings [32]byte // config + layouts, fixed for one build
	layouts  [32]byte // layouts alone

	mu       sync.Mutex
	docs     map[string]*docEntry              // page file → its last conversion
	pages    map[string]*pageEntry             // output path → its last laid-out, minified page
	raw      map[string]*rawEntry              // output path → last minified non-page file
	rendered map[string][32]byte               // this build: pages rendered afresh, by output path
	premin   map[string]*pageEntry             // this build: pages minified as they were laid out, kept once the build gets past the checks
	reused   map[string]bool                   // this build: pages taken from pages (already minified)
	sums     map[string][32]byte               // this build: content files read by the reuse checks
	prev     output.Files                      // the last good build
	late     map[string]bool                   // its files made after Options.Early (search index, publish)
	quick    map[string]quickEntry             // output path → the quick key of its page and the page key it led to
	quickIns map[*markdown.Result]quickEntryIn // converted body → its page's quick key and inputs, last lay out
	weights  map[string]weightEntry            // page → its weight when last measured
	gz       *gzipSizes                        // gzipped sizes of pages, assets and index parts (budget_memo.go)
	disk     *diskMemo                         // docs and pages kept on disk for the next process, or nil (memo_disk.go)

	converted, laidOut, minified atomic.Int64
}

type docEntry struct {
	key  [32]byte            // of the page's Markdown and the converter settings
	deps map[string][32]byte // content file → hash of the bytes the conversion read
	doc  *markdown.Result
	sum  [32]byte // of doc.HTML
}

type pageEntry struct {
	key  [32]byte
	html []byte // minified
}

type weightEntry struct {
	html   []byte   // the bytes weighed, compared by identity
	assets [32]byte // of every stylesheet and script
	w      Weight
}

type rawEntry struct {
	raw []byte // compared byte for byte: far cheaper than hashing at thousands of files
	min []byte
}

func newMemo() *memo {
	return &memo{docs: map[string]*docEntry{}, pages: map[string]*pageEntry{}, raw: map[string]*rawEntry{}, weights: map[string]weightEntry{}, gz: &gzipSizes{now: map[gzipKey]int{}, nowSame: map[sameKey]sameEntry{}}}
}

// begin starts a build: what every page depends on is hashed once.
func (m *memo) begin(cfg *config.Config, layouts fs.FS) {
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(cfg); err != nil {
		// Unhashable config: make this build's settings unique, so nothing is reused.
		h.Write(noMatch())
	}
	lh := sha256.New()
	hashTree(lh, layouts)
	lh.Sum(m.layouts[:0])
	h.Write(m.layouts[:])
	h.Sum(m.settings[:0])
	m.mu.Lock()
	m.rendered, m.reused, m.sums, m.premin = map[string][32]byte{}, map[string]bool{}, map[string][32]byte{}, map[string]*pageEntry{}
	m.mu.Unlock()
	m.gz.next()
	m.converted.Store(0)
	m.laidOut.Store(0)
	m.minified.Store(0)
}

// noMatch returns 32 random bytes, for keys that must match nothing.
func noMatch() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails (it panics instead)
	return b
}

// hashTree hashes every file of a small tree (layouts/) with its name.
func hashTree(h hash.Hash, fsys fs.FS) {
	if fsys == nil {
		return
	}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // a missing layouts/ fails the build in its own stage
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		writeString(h, p)
		h.Write(data)
		return nil
	})
}

func writeString(h hash.Hash, s string) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}

// docKey identifies a page's Markdown under this build's settings.
func (m *memo) docKey(p *Page) [32]byte {
	h := sha256.New()
	h.Write(m.settings[:])
	writeString(h, p.Lang)
	writeString(h, p.File)
	binary.Write(h, binary.LittleEndian, int64(p.BodyLine))
	if p.BodySum == ([32]byte{}) {
		h.Write(p.Body) // a page not made by content's parser
	} else {
		h.Write(p.BodySum[:]) // hashed once, when the file was parsed
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// sum hashes a content file once per build; ok is false when it cannot be read.
func (m *memo) sum(fsys fs.FS, name string) ([32]byte, bool) {
	m.mu.Lock()
	s, ok := m.sums[name]
	m.mu.Unlock()
	if ok {
		return s, true
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return s, false
	}
	s = sha256.Sum256(data)
	m.mu.Lock()
	m.sums[name] = s
	m.mu.Unlock()
	return s, true
}

// doc returns the previous conversion of p when it is still what converting p would give.
func (m *memo) doc(fsys fs.FS, p *Page, key [32]byte, resolve func(string) (string, bool)) *markdown.Result {
	m.mu.Lock()
	e := m.docs[p.File]
	m.mu.Unlock()
	if e == nil || e.key != key {
		if e = m.disk.doc(key); e == nil {
			return nil
		}
		m.mu.Lock()
		m.docs[p.File] = e
		m.mu.Unlock()
	}
	for name, want := range e.deps {
		if got, ok := m.sum(fsys, name); !ok || got != want {
			return nil
		}
	}
	for _, l := range e.doc.Links {
		if rewrite(l.Dest, resolve) != l.URL {
			return nil // a linked chapter appeared, vanished or moved
		}
	}
	if m.disk != nil {
		m.disk.blocks.Keep(e.doc.BlockKeys) // reused whole, its blocks stay cached for the day it changes
	}
	return e.doc
}

// rewrite is the URL markdown gives a link to another page (see markdown.Converter.link).
func rewrite(dest string, resolve func(string) (string, bool)) string {
	if dest == "" || strings.Contains(dest, "://") || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "mailto:") {
		return dest
	}
	target, frag, _ := strings.Cut(dest, "#")
	if !strings.HasSuffix(target, ".md") {
		return dest
	}
	u, ok := resolve(target)
	if !ok {
		return dest
	}
	if frag != "" {
		u += "#" + frag
	}
	return u
}

// keepDoc records a fresh conversion of p.
func (m *memo) keepDoc(fsys fs.FS, p *Page, key [32]byte, doc *markdown.Result) {
	m.converted.Add(1)
	if doc == nil {
		return
	}
	e := &docEntry{key: key, doc: doc, deps: map[string][32]byte{}, sum: sha256.Sum256(doc.HTML)}
	for _, name := range doc.Deps {
		s, ok := m.sum(fsys, name)
		if !ok {
			return // unreadable now: never reuse
		}
		e.deps[name] = s
	}
	m.mu.Lock()
	m.docs[p.File] = e
	m.mu.Unlock()
	m.disk.keepDoc(e)
}

var modelBufs = sync.Pool{New: func() any { return new([]byte) }}

// htmlSum is the hash of a page's converted HTML, kept from its conversion when there is one.
//
// It reads docs without the lock: docs is written only while pages convert, and htmlSum is
// called after (lay out, search), from many goroutines at once.
func (m *memo) htmlSum(p *Page) [32]byte {
	e := m.docs[p.File]
	if e != nil && e.doc == p.Doc {
		return e.sum
	}
	return sha256.Sum256(p.Doc.HTML)
}

// pageKey identifies everything a page's template shows: the page model (without the body,
// which is identified by its hash) under this build's settings (config, layouts).
func (m *memo) pageKey(model *layout.Page, p *Page) [32]byte {
	var k [32]byte
	h := sha256.New()
	h.Write(m.settings[:])
	buf := modelBufs.Get().(*[]byte)
	*buf = modelBytes((*buf)[:0], model)
	h.Write(*buf)
	modelBufs.Put(buf)
	if p.Doc != nil {
		s := m.htmlSum(p)
		h.Write(s[:])
	}
	h.Sum(k[:0])
	return k
}

type quickEntry struct{ quick, key [32]byte }

// quickEntryIn is a page's quick key with what it was made from.
type quickEntryIn struct {
	in  quickIn
	key [32]byte
}

// lastQuick returns the quick key the last build made for the same converted body from the
// same inputs. quickIns is only read while pages are laid out.
func (m *memo) lastQuick(doc *markdown.Result, in quickIn) ([32]byte, bool) {
	e, ok := m.quickIns[doc]
	return e.key, ok && e.in == in
}

// keepQuickIns records this build's quick keys, by converted body, for the next.
func (m *memo) keepQuickIns(pages []*Page, ins []quickEntryIn) {
	keep := make(map[*markdown.Result]quickEntryIn, len(pages))
	for i, p := range pages {
		if ins[i].key != ([32]byte{}) {
			keep[p.Doc] = ins[i]
		}
	}
	m.quickIns = keep
}

// quickPage returns the last good build's page at out when its quick key (modelkey.go) is the
// same, so the page's model need not be made at all.
//
// A new Builder with a cache directory finds the page key on disk instead, and the page in
// the pages pack: a warm build makes no models (making them was a sixth of it).
func (m *memo) quickPage(out string, quick [32]byte) []byte {
	m.mu.Lock()
	q, ok := m.quick[out]
	if ok && q.quick == quick {
		defer m.mu.Unlock()
		if e := m.pages[out]; e != nil && e.key == q.key {
			m.reused[out] = true
			return e.html
		}
		return nil
	}
	m.mu.Unlock()
	key, ok := m.disk.quick(out, quick)
	if !ok {
		return nil
	}
	html := m.disk.page(out, key)
	if html == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.quick == nil {
		m.quick = map[string]quickEntry{}
	}
	m.quick[out] = quickEntry{quick, key}
	m.pages[out] = &pageEntry{key: key, html: html}
	m.reused[out] = true
	return html
}

// keepQuick records which page key a quick key led to.
func (m *memo) keepQuick(out string, quick, key [32]byte) {
	m.mu.Lock()
	if m.quick == nil {
		m.quick = map[string]quickEntry{}
	}
	m.quick[out] = quickEntry{quick, key}
	m.mu.Unlock()
	m.disk.keepQuick(out, quick, key)
}

// page returns the previous minified HTML of out when its key is unchanged.
func (m *memo) page(out string, key [32]byte) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e := m.pages[out]; e != nil && e.key == key {
		m.reused[out] = true
		return e.html
	}
	if html := m.disk.page(out, key); html != nil {
		m.pages[out] = &pageEntry{key: key, html: html}
		m.reused[out] = true
		return html
	}
	m.rendered[out] = key
	m.laidOut.Add(1)
	return nil
}

// storedIDs returns the ids of a page kept on disk under its page key, when data is the page
// this build laid out or reused; the link check then need not scan it.
func (m *memo) storedIDs(out string, data []byte) (map[string]bool, bool) {
	if pe := m.pageOf(out, data); pe != nil {
		return m.disk.ids(out, pe.key)
	}
	return nil, false
}

// keepIDs keeps on disk the ids the link check found in a page, under its page key.
func (m *memo) keepIDs(out string, data []byte, ids map[string]bool) {
	if pe := m.pageOf(out, data); pe != nil {
		m.disk.keepIDs(out, pe.key, ids)
	}
}

func (m *memo) pageOf(out string, data []byte) *pageEntry {
	if m.disk == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, pe := range []*pageEntry{m.pages[out], m.premin[out]} { // premin: laid out by this build
		if pe != nil && sameBytes(pe.html, data) {
			return pe
		}
	}
	return nil
}

// early is what Options.Early is handed: this build's files so far, with the files of the last
// good build's later stages, and what differs from that build. It changes nothing in the memo.
func (m *memo) early(files output.Files) (output.Files, []string) {
	out := make(output.Files, len(files)+len(m.late))
	for p, data := range files {
		out[p] = data
	}
	for p := range m.late {
		if _, made := out[p]; !made {
			out[p] = m.prev[p]
		}
	}
	return out, output.Diff(m.prev, out)
}

// minifiedPage records a page laid out afresh and minified at once: the minify stage leaves it
// alone and hands it to the memo (a build that fails its checks before must not: the next
// build would take its pages for the last good build's).
func (m *memo) minifiedPage(out string, html []byte) {
	m.minified.Add(1)
	m.mu.Lock()
	key := m.rendered[out]
	m.premin[out] = &pageEntry{key: key, html: html}
	m.mu.Unlock()
	m.disk.keepPage(out, key, html)
}

// sunkPage records a page laid out afresh, minified and handed to Options.Sink: kept on disk
// for the next build, but not in memory.
func (m *memo) sunkPage(out string, key [32]byte, html []byte) {
	m.minified.Add(1)
	m.disk.keepPage(out, key, html)
}

// minify minifies what this build made afresh; reused pages and unchanged files keep their
// previous minified bytes. It replaces output.Minifier.Minify for a Builder with a memo.
func (b *Builder) minify(ctx context.Context, files output.Files, names []string) error {
	m := b.inc
	var todo []string
	for _, p := range names {
		if e := m.premin[p]; e != nil {
			m.pages[p] = e
		} else if !m.reused[p] {
			todo = append(todo, p)
		}
	}
	out := make([][]byte, len(todo))
	errs := make([]error, len(todo))
	parallel(ctx, len(todo), func(i int) {
		name, data := todo[i], files[todo[i]]
		if _, isPage := m.rendered[name]; !isPage {
			m.mu.Lock()
			e := m.raw[name]
			m.mu.Unlock()
			if e != nil && bytes.Equal(e.raw, data) {
				out[i] = e.min
				return
			}
		}
		m.minified.Add(1)
		out[i], errs[i] = b.min.Bytes(name, data)
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, name := range todo {
		if errs[i] != nil {
			return errs[i]
		}
		if key, isPage := m.rendered[name]; isPage {
			m.pages[name] = &pageEntry{key: key, html: out[i]}
			m.disk.keepPage(name, key, out[i])
		} else {
			m.raw[name] = &rawEntry{raw: files[name], min: out[i]}
		}
		files[name] = out[i]
	}
	return nil
}

// commit makes files the last good build and returns the paths that differ from the one
// before, removed ones included, in order. Entries of pages and files that are gone are
// dropped so the memo stays the size of the site.
func (m *memo) commit(pages []*Page, files output.Files, early []string) ([]string, Work) {
	m.late = map[string]bool{}
	for _, p := range added(early, files) {
		m.late[p] = true
	}
	// Reused bytes are the last build's own slices, which Diff recognises without comparing.
	changed := output.Diff(m.prev, files)
	m.prev = files

	live := map[string]bool{}
	for _, p := range pages {
		live[p.File] = true
	}
	for f := range m.docs {
		if !live[f] {
			delete(m.docs, f)
		}
	}
	for name := range m.pages {
		if _, ok := files[name]; !ok {
			delete(m.pages, name)
		}
	}
	for name := range m.raw {
		if _, ok := files[name]; !ok {
			delete(m.raw, name)
		}
	}
	for name := range m.quick {
		if _, ok := files[name]; !ok {
			delete(m.quick, name)
		}
	}
	for name := range m.weights {
		if _, ok := files[name]; !ok {
			delete(m.weights, name)
		}
	}
	w := Work{Converted: int(m.converted.Load()), LaidOut: int(m.laidOut.Load()), Minified: int(m.minified.Load())}
	m.rendered, m.reused, m.sums, m.premin = nil, nil, nil, nil
	return changed, w
}

// weigh is weigh (budget.go) for a rebuild: a page whose bytes were reused, under the same
// stylesheets and scripts, keeps its weight; the others are measured. Over-budget figures are
// always exact, so budget errors are those of a full build; the heaviest pages of a rebuild may
// show a fast (level 1) figure where a full build shows the exact one.
//
// The print editions are not weighed: they hold every chapter by design, and nobody reads them
// as a first visit.
//
// Pages handed to Options.Sink (sunk) are weighed from what was taken of them as they were
// laid out; the few that need their exact figure are read back from the sink.
func (m *memo) weigh(ctx context.Context, basePath string, pages []*Page, files output.Files, budget int, prints map[string]string, sunk map[string]*sunkPage, sink Sink) ([]Weight, error) {
	skip := map[string]bool{}
	for _, u := range prints {
		if u != "" {
			skip[strings.TrimPrefix(u, basePath)+"index.html"] = true
		}
	}
	h := sha256.New()
	for _, name := range files.Paths() {
		if strings.HasSuffix(name, ".css") || strings.HasSuffix(name, ".js") {
			writeString(h, name)
			h.Write(files[name])
		}
	}
	var assets [32]byte
	h.Sum(assets[:0])

	var kept []Weight
	todo := output.Files{}
	for name, data := range files {
		e, ok := m.weights[name]
		switch {
		case skip[name]:
		case !strings.HasSuffix(name, ".html"):
			todo[name] = data
		case ok && e.assets == assets && sameBytes(e.html, data):
			kept = append(kept, e.w)
		default:
			todo[name] = data
			if pe := m.pages[name]; pe != nil && sameBytes(pe.html, data) {
				m.gz.hint(data, pe.key) // its page key names its bytes: no need to hash them
			}
		}
	}
	ws, err := weigh(ctx, basePath, pages, todo, budget, m.gz, sunk, sink)
	if err != nil {
		return nil, err
	}
	for _, w := range ws {
		m.weights[w.Page] = weightEntry{html: files[w.Page], assets: assets, w: w}
	}
	if len(kept) == 0 {
		return ws, nil
	}
	ws = append(ws, kept...)
	sort.SliceStable(ws, func(i, j int) bool {
		if ws[i].Total() != ws[j].Total() {
			return ws[i].Total() > ws[j].Total()
		}
		return ws[i].Page < ws[j].Page
	})
	return ws, nil
}

// sameBytes reports whether a and b are the same slice: reused bytes are never copied.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
