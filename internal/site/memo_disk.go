package site

import (
	"crypto/sha256"
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

// openDiskMemo opens the packs in dir with open (store.Open, or store.OpenMapped for a
// one-shot build).
func openDiskMemo(dir string, blocks *markdown.Cache, open func(string) *store.Pack) *diskMemo {
	return &diskMemo{
		blocks: blocks,
		docs:   open(filepath.Join(dir, "docs.pack")),
		pages:  open(filepath.Join(dir, "pages.pack")),
		search: open(filepath.Join(dir, "search.pack")),
	}
}

// storedDoc is a docEntry on disk.
type storedDoc struct {
	Deps map[string][32]byte
	Doc  *markdown.Result
	Sum  [32]byte // of Doc.HTML, kept rather than hashed again by every warm build
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
	s, err := decodeDoc(v)
	if err != nil {
		return nil // unreadable: convert again
	}
	return &docEntry{key: key, deps: s.Deps, doc: s.Doc, sum: s.Sum}
}

func (d *diskMemo) keepDoc(e *docEntry) {
	if d != nil {
		d.docs.Put(diskKey("doc", e.key), encodeDoc(storedDoc{Deps: e.deps, Doc: e.doc, Sum: e.sum}))
	}
}

// page returns the stored minified HTML of the page (or print edition) at out under key, or
// nil.
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

// quick returns the page key a page's quick key led to in the build that stored it.
func (d *diskMemo) quick(out string, quick [32]byte) ([32]byte, bool) {
	var key [32]byte
	if d == nil {
		return key, false
	}
	v, ok := d.pages.Get(diskKey("quick\x00"+out, quick))
	if !ok || len(v) != len(key) {
		return key, false
	}
	copy(key[:], v)
	return key, true
}

func (d *diskMemo) keepQuick(out string, quick, key [32]byte) {
	if d != nil {
		d.pages.Put(diskKey("quick\x00"+out, quick), key[:])
	}
}

// ids returns the ids of the page under key, as the link check found them.
func (d *diskMemo) ids(out string, key [32]byte) (map[string]bool, bool) {
	if d == nil {
		return nil, false
	}
	v, ok := d.pages.Get(diskKey("ids\x00"+out, key))
	if !ok {
		return nil, false
	}
	r := &dec{b: v}
	list := r.strings()
	if r.err != nil || len(r.b) != 0 {
		return nil, false
	}
	ids := make(map[string]bool, len(list))
	for _, id := range list {
		ids[id] = true
	}
	return ids, true
}

func (d *diskMemo) keepIDs(out string, key [32]byte, ids map[string]bool) {
	if d == nil {
		return
	}
	e := &enc{}
	e.strings(sortedKeys(ids))
	d.pages.Put(diskKey("ids\x00"+out, key), e.b)
}

// card returns the stored image (the social card or the icon, pngMemo) drawn from what is
// hashed as key, or nil.
func (d *diskMemo) card(key [32]byte) []byte {
	if d == nil {
		return nil
	}
	v, _ := d.pages.Get(diskKey("card", key))
	return v
}

func (d *diskMemo) keepCard(key [32]byte, png []byte) {
	if d != nil {
		d.pages.Put(diskKey("card", key), png)
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
	if d == nil {
		return nil, false
	}
	v, ok := d.search.Get(diskKey("sections", htmlSum))
	if !ok {
		return nil, false
	}
	secs, err := decodeSections(v)
	return secs, err == nil
}

func (d *diskMemo) keepSections(htmlSum [32]byte, secs []search.Section) {
	if d != nil {
		d.search.Put(diskKey("sections", htmlSum), encodeSections(secs))
	}
}

// index returns the stored index files of an edition, by the key of all its documents.
func (d *diskMemo) index(key [32]byte) (map[string][]byte, bool) {
	if d == nil {
		return nil, false
	}
	v, ok := d.search.Get(diskKey("index", key))
	if !ok {
		return nil, false
	}
	files, err := decodeFiles(v)
	return files, err == nil
}

func (d *diskMemo) keepIndex(key [32]byte, files map[string][]byte) {
	if d != nil {
		d.search.Put(diskKey("index", key), encodeFiles(files))
	}
}

func (d *diskMemo) discard() {
	if d != nil {
		d.docs.Discard()
		d.pages.Discard()
		d.search.Discard()
	}
}
