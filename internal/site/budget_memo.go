package site

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"

	"folio/internal/markdown"
	"folio/internal/store"
	"folio/internal/weight"
)

// gzipSizes remembers gzipped sizes between the builds of one Builder, so a rebuild gzips only
// files whose bytes changed. Bytes a build reused (the same slice: kept pages, an unchanged
// edition's index parts) are found by identity; others by a hash of the bytes and the level,
// which is some twenty times faster than gzip at the default level; with a cache directory, the
// hashed sizes are kept on disk too, for the next build. A nil *gzipSizes remembers nothing.
type gzipSizes struct {
	pack *store.Pack // sizes kept on disk between builds, or nil (gzip.pack in the cache dir)
	mu   sync.Mutex
	last map[gzipKey]int // sizes the previous build used
	now  map[gzipKey]int // sizes this build used, the next build's last
	// by identity; a build's files are never written into, only replaced
	lastSame, nowSame map[sameKey]sameEntry
	hints             map[*byte]hinted // bytes whose name is known without hashing them
}

type hinted struct {
	n   int
	sum [32]byte
}

// hint records a key that names b as surely as its hash does (a laid-out page's page key):
// size then keys b by it instead of hashing b.
func (g *gzipSizes) hint(b []byte, key [32]byte) {
	if g == nil || len(b) == 0 {
		return
	}
	g.mu.Lock()
	if g.hints == nil {
		g.hints = map[*byte]hinted{}
	}
	g.hints[&b[0]] = hinted{len(b), pageName(key)}
	g.mu.Unlock()
}

// pageName is the name a page key gives a page's bytes. The page key names the bytes only for
// this folio: the build is part of the name.
func pageName(key [32]byte) [32]byte {
	return sha256.Sum256(append([]byte("page key\x00"+markdown.Version()+"\x00"), key[:]...))
}

// sum is what names b: its hint, else its hash.
func (g *gzipSizes) sum(b []byte) [32]byte {
	if s, ok := g.hinted(b); ok {
		return s
	}
	return sha256.Sum256(b)
}

// hinted returns the name hint gave b, if it gave one.
func (g *gzipSizes) hinted(b []byte) ([32]byte, bool) {
	g.mu.Lock()
	h, ok := g.hints[&b[0]]
	g.mu.Unlock()
	return h.sum, ok && h.n == len(b)
}

type gzipKey struct {
	sum   [32]byte
	level int
}

type sameKey struct {
	first *byte
	n     int
	level int
}

type sameEntry struct {
	b []byte // keeps the bytes alive, so their address names nothing else
	n int
}

// size is weight.Gzipped(b, level), measured only when these bytes were not measured last build.
func (g *gzipSizes) size(b []byte, level int) int {
	if g == nil || len(b) == 0 {
		return weight.Gzipped(b, level)
	}
	id := sameKey{&b[0], len(b), level}
	g.mu.Lock()
	e, ok := g.nowSame[id]
	if !ok {
		e, ok = g.lastSame[id]
	}
	g.mu.Unlock()
	if ok {
		g.mu.Lock()
		g.nowSame[id] = e
		g.mu.Unlock()
		return e.n
	}
	n := g.named(b, gzipKey{g.sum(b), level})
	g.mu.Lock()
	g.nowSame[id] = sameEntry{b, n}
	g.mu.Unlock()
	return n
}

// named is the gzipped size of b, named k: measured only when no build measured it before.
func (g *gzipSizes) named(b []byte, k gzipKey) int {
	g.mu.Lock()
	n, ok := g.now[k]
	if !ok {
		n, ok = g.last[k]
	}
	g.mu.Unlock()
	if !ok {
		n, ok = g.stored(k)
	}
	if !ok {
		n = weight.Gzipped(b, k.level)
		g.store(k, n)
	}
	g.mu.Lock()
	g.now[k] = n
	g.mu.Unlock()
	return n
}

// page weighs a page the build does not keep (Options.Sink): its size at level 1 and its
// stylesheets and scripts, found and kept by its page key as for a hinted page, so the next
// build finds them by the same key. Unlike hint and size, it keeps nothing that holds the bytes.
func (g *gzipSizes) page(html []byte, key [32]byte) (n int, css, js []string) {
	if g == nil {
		css, js = pageRefs(html)
		return weight.Gzipped(html, weight.Fast), css, js
	}
	name := pageName(key)
	css, js = g.namedRefs(html, name)
	return g.named(html, gzipKey{name, weight.Fast}), css, js
}

// refs is pageRefs(html), kept on disk under the page key of a hinted page: finding the tags
// of every page was a sixth of a large warm build.
func (g *gzipSizes) refs(html []byte) (css, js []string) {
	if g == nil || g.pack == nil || len(html) == 0 {
		return pageRefs(html)
	}
	name, ok := g.hinted(html)
	if !ok {
		return pageRefs(html)
	}
	return g.namedRefs(html, name)
}

// namedRefs is pageRefs(html), kept on disk under name.
func (g *gzipSizes) namedRefs(html []byte, name [32]byte) (css, js []string) {
	if g.pack == nil {
		return pageRefs(html)
	}
	k := sha256.Sum256(append([]byte("refs\x00"), name[:]...))
	if v, ok := g.pack.Get(k); ok {
		if css, js, ok := decodeRefs(v); ok {
			return css, js
		}
	}
	css, js = pageRefs(html)
	g.pack.Put(k, encodeRefs(css, js))
	return css, js
}

// encodeRefs and decodeRefs keep a page's references in the memo codec (memo_codec.go).
func encodeRefs(css, js []string) []byte {
	e := &enc{}
	e.strings(css)
	e.strings(js)
	return e.b
}

func decodeRefs(b []byte) (css, js []string, ok bool) {
	d := &dec{b: b}
	css, js = d.strings(), d.strings()
	return css, js, d.err == nil && len(d.b) == 0
}

// next starts a build: sizes no build used since the last one are forgotten, so the memo
// stays the size of the site.
func (g *gzipSizes) next() {
	g.mu.Lock()
	if len(g.now) > 0 || len(g.nowSame) > 0 { // else the last build failed before weighing: keep what it had
		g.last, g.lastSame = g.now, g.nowSame
	}
	g.now, g.nowSame, g.hints = map[gzipKey]int{}, map[sameKey]sameEntry{}, nil
	g.mu.Unlock()
}

// packKey names a size on disk: the bytes' hash, the level and the folio build, whose
// compressor decides the figure.
func packKey(k gzipKey) store.Key {
	return sha256.Sum256(fmt.Appendf(k.sum[:], "\x00gzip %d %s", k.level, markdown.Version()))
}

func (g *gzipSizes) stored(k gzipKey) (int, bool) {
	if g.pack == nil {
		return 0, false
	}
	v, ok := g.pack.Get(packKey(k))
	if !ok {
		return 0, false
	}
	n, w := binary.Uvarint(v)
	return int(n), w == len(v)
}

func (g *gzipSizes) store(k gzipKey, n int) {
	if g.pack != nil {
		g.pack.Put(packKey(k), binary.AppendUvarint(nil, uint64(n)))
	}
}

// flush writes the sizes to disk; without a cache directory it does nothing.
func (g *gzipSizes) flush() error {
	if g.pack == nil {
		return nil
	}
	return g.pack.Flush()
}

func (g *gzipSizes) discard() {
	if g.pack != nil {
		g.pack.Discard()
	}
}
