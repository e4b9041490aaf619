package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"path/filepath"

	"folio/internal/markdown"
	"folio/internal/search"
	"folio/internal/store"
)

// diskMemo keeps in the cache directory what the memo keeps in memory, for the next build of
// another process: each page's conversion (docs.pack) and each page's laid-out, minified HTML
// (pages.pack), and the search sections of each page and index of each edition (search.pack).
// Keys add the folio build to the memo's keys, so an entry is only ever used by
// the code that made it; everything else a warm build checks exactly as a rebuild in serve does
// (the bytes of every file a conversion read, what its links resolve to).
type diskMemo struct {
	docs, pages, search *store.Pack
	blocks              *markdown.Cache // the block cache, whose entries a reused page keeps alive
}

func openDiskMemo(dir string, blocks *markdown.Cache) *diskMemo {
	return &diskMemo{
		blocks: blocks,
		docs:   store.Open(filepath.Join(dir, "docs.pack")),
		pages:  store.Open(filepath.Join(dir, "pages.pack")),
		search: store.Open(filepath.Join(dir, "search.pack")),
	}
}

// storedDoc is a docEntry on disk.
type storedDoc struct {
	Deps map[string][32]byte
	Doc  *markdown.Result
}

func diskKey(kind string, key [32]byte) store.Key {
	h := sha256.New()
	writeString(h, kind)
	writeString(h, markdown.Version())
	h.Write(key[:])
	var k store.Key
	h.Sum(k[:0])
	return k
}

// doc returns the stored conversion under key, or nil.
func (d *diskMemo) doc(key [32]byte) *docEntry {
	if d == nil {
		return nil
	}
	v, ok := d.docs.Get(diskKey("doc", key))
	if !ok {
		return nil
	}
	var s storedDoc
	if err := gob.NewDecoder(bytes.NewReader(v)).Decode(&s); err != nil || s.Doc == nil {
		return nil // unreadable: convert again
	}
	if s.Doc.Blocks == nil {
		s.Doc.Blocks = map[string]int{}
	}
	return &docEntry{key: key, deps: s.Deps, doc: s.Doc, sum: sha256.Sum256(s.Doc.HTML)}
}

func (d *diskMemo) keepDoc(e *docEntry) {
	if d == nil {
		return
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(storedDoc{Deps: e.deps, Doc: e.doc}); err != nil {
		return // not kept: only slower next time
	}
	d.docs.Put(diskKey("doc", e.key), b.Bytes())
}

// page returns the stored minified HTML of the page under key, or nil.
func (d *diskMemo) page(out string, key [32]byte) []byte {
	if d == nil {
		return nil
	}
	v, _ := d.pages.Get(diskKey("page\x00"+out, key))
	return v
}

func (d *diskMemo) keepPage(out string, key [32]byte, html []byte) {
	if d != nil {
		d.pages.Put(diskKey("page\x00"+out, key), html)
	}
}

func (d *diskMemo) flush() error {
	if d == nil {
		return nil
	}
	return errors.Join(d.docs.Flush(), d.pages.Flush(), d.search.Flush())
}

// sections returns the stored search sections of a page's HTML, by its hash.
func (d *diskMemo) sections(htmlSum [32]byte) ([]search.Section, bool) {
	var secs []search.Section
	return secs, d != nil && d.load(d.search, "sections", htmlSum, &secs)
}

func (d *diskMemo) keepSections(htmlSum [32]byte, secs []search.Section) {
	if d != nil {
		d.keep(d.search, "sections", htmlSum, secs)
	}
}

// index returns the stored index files of an edition, by the key of all its documents.
func (d *diskMemo) index(key [32]byte) (map[string][]byte, bool) {
	var files map[string][]byte
	return files, d != nil && d.load(d.search, "index", key, &files)
}

func (d *diskMemo) keepIndex(key [32]byte, files map[string][]byte) {
	if d != nil {
		d.keep(d.search, "index", key, files)
	}
}

func (d *diskMemo) load(p *store.Pack, kind string, key [32]byte, v any) bool {
	b, ok := p.Get(diskKey(kind, key))
	return ok && gob.NewDecoder(bytes.NewReader(b)).Decode(v) == nil
}

func (d *diskMemo) keep(p *store.Pack, kind string, key [32]byte, v any) {
	var b bytes.Buffer
	if gob.NewEncoder(&b).Encode(v) == nil {
		p.Put(diskKey(kind, key), b.Bytes())
	}
}

func (d *diskMemo) discard() {
	if d != nil {
		d.docs.Discard()
		d.pages.Discard()
		d.search.Discard()
	}
}
