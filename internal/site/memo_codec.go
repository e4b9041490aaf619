package site

import (
	"encoding/binary"
	"errors"
	"slices"

	"folio/internal/markdown"
	"folio/internal/search"
)

// The disk memo's values in a plain binary form: lengths as uvarints, then bytes. gob spent
// most of a warm build compiling its type descriptions again for every page; this is a
// tenth of the cost. memo_codec_test.go checks every field of every type makes the round
// trip, so a field added to one of them cannot be forgotten here.

type enc struct{ b []byte }

func (e *enc) uint(n int)      { e.b = binary.AppendUvarint(e.b, uint64(n)) }
func (e *enc) bytes(b []byte)  { e.uint(len(b)); e.b = append(e.b, b...) }
func (e *enc) string(s string) { e.uint(len(s)); e.b = append(e.b, s...) }
func (e *enc) sum(s [32]byte)  { e.b = append(e.b, s[:]...) }
func (e *enc) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *enc) strings(s []string) {
	e.uint(len(s))
	for _, x := range s {
		e.string(x)
	}
}

// sortedKeys keeps encodings deterministic.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

type dec struct {
	b   []byte
	err error
}

var errShort = errors.New("memo entry: truncated")

func (d *dec) uint() int {
	if d.err != nil {
		return 0
	}
	n, w := binary.Uvarint(d.b)
	if w <= 0 || n > 1<<40 {
		d.err = errShort
		return 0
	}
	d.b = d.b[w:]
	return int(n)
}

func (d *dec) take(n int) []byte {
	if d.err != nil || n > len(d.b) {
		d.err = errShort
		return nil
	}
	if n == 0 {
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) bytes() []byte  { return d.take(d.uint()) }
func (d *dec) string() string { return string(d.bytes()) }
func (d *dec) bool() bool     { b := d.take(1); return len(b) == 1 && b[0] == 1 }
func (d *dec) sum() (s [32]byte) {
	copy(s[:], d.take(32))
	return s
}
func (d *dec) strings() []string {
	n := d.count() // a damaged count must not loop for as long as it says
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for range n {
		out = append(out, d.string())
	}
	return out
}

// count reads a number of items, each at least one byte long: more than the entry holds is an
// error, not an allocation.
func (d *dec) count() int {
	n := d.uint()
	if n > len(d.b) {
		d.err = errShort
		return 0
	}
	return n
}

func encodeDoc(s storedDoc) []byte {
	n := len(s.Doc.HTML) + 4096
	for _, f := range s.Doc.Fences {
		n += len(f.Body)
	}
	e := &enc{make([]byte, 0, n)}
	e.uint(len(s.Deps))
	for _, k := range sortedKeys(s.Deps) {
		e.string(k)
		e.sum(s.Deps[k])
	}
	r := s.Doc
	e.bytes(r.HTML)
	e.sum(s.Sum)
	e.uint(len(r.Headings))
	for _, h := range r.Headings {
		e.uint(h.Level)
		e.string(h.ID)
		e.string(h.Text)
		e.uint(h.Line)
	}
	e.uint(len(r.Links))
	for _, l := range r.Links {
		e.string(l.Dest)
		e.string(l.URL)
		e.uint(l.Line)
		e.bool(l.Image)
	}
	e.uint(len(r.Blocks))
	for _, k := range sortedKeys(r.Blocks) {
		e.string(k)
		e.uint(r.Blocks[k])
	}
	e.strings(r.Deps)
	e.uint(len(r.Fences))
	for _, f := range r.Fences {
		e.string(f.Kind)
		e.string(f.Info)
		e.uint(len(f.Attrs))
		for _, k := range sortedKeys(f.Attrs) {
			e.string(k)
			e.string(f.Attrs[k])
		}
		e.bytes(f.Body)
		e.uint(f.Line)
		e.uint(f.Index)
	}
	e.uint(len(r.BlockKeys))
	for _, k := range r.BlockKeys {
		e.sum(k)
	}
	return e.b
}

func decodeDoc(b []byte) (storedDoc, error) {
	d := &dec{b: b}
	s := storedDoc{Deps: map[string][32]byte{}, Doc: &markdown.Result{Blocks: map[string]int{}}}
	for range d.count() {
		k := d.string()
		s.Deps[k] = d.sum()
	}
	r := s.Doc
	r.HTML = d.bytes()
	s.Sum = d.sum()
	for range d.count() {
		r.Headings = append(r.Headings, markdown.Heading{Level: d.uint(), ID: d.string(), Text: d.string(), Line: d.uint()})
	}
	for range d.count() {
		r.Links = append(r.Links, markdown.Link{Dest: d.string(), URL: d.string(), Line: d.uint(), Image: d.bool()})
	}
	for range d.count() {
		k := d.string()
		r.Blocks[k] = d.uint()
	}
	r.Deps = d.strings()
	for range d.count() {
		f := markdown.Fence{Kind: d.string(), Info: d.string()}
		if n := d.count(); n > 0 {
			f.Attrs = make(map[string]string, n)
			for range n {
				k := d.string()
				f.Attrs[k] = d.string()
			}
		}
		f.Body, f.Line, f.Index = d.bytes(), d.uint(), d.uint()
		r.Fences = append(r.Fences, f)
	}
	for range d.count() {
		r.BlockKeys = append(r.BlockKeys, d.sum())
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("memo entry: trailing bytes")
	}
	return s, d.err
}

func encodeSections(secs []search.Section) []byte {
	e := &enc{}
	e.uint(len(secs))
	for _, s := range secs {
		e.string(s.ID)
		e.string(s.Heading)
		e.uint(s.Level)
		e.string(s.Text)
	}
	return e.b
}

func decodeSections(b []byte) ([]search.Section, error) {
	d := &dec{b: b}
	var secs []search.Section
	for range d.count() {
		secs = append(secs, search.Section{ID: d.string(), Heading: d.string(), Level: d.uint(), Text: d.string()})
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("memo entry: trailing bytes")
	}
	return secs, d.err
}

func encodeFiles(files map[string][]byte) []byte {
	n := binary.MaxVarintLen64
	for k, v := range files {
		n += len(k) + len(v) + 2*binary.MaxVarintLen64
	}
	e := &enc{make([]byte, 0, n)} // an index is megabytes: grown by appends, it was copied again and again
	e.uint(len(files))
	for _, k := range sortedKeys(files) {
		e.string(k)
		e.bytes(files[k])
	}
	return e.b
}

func decodeFiles(b []byte) (map[string][]byte, error) {
	d := &dec{b: b}
	files := map[string][]byte{}
	for range d.count() {
		k := d.string()
		files[k] = d.bytes()
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("memo entry: trailing bytes")
	}
	return files, d.err
}
