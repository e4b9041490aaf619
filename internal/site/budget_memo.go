package site

import (
	"crypto/sha256"
	"sync"
)

// gzipSizes remembers gzipped sizes between the builds of one Builder, keyed by a hash of the
// bytes and the level, so a rebuild gzips only files whose bytes changed: hashing is some
// twenty times faster than gzip at the default level. A nil *gzipSizes remembers nothing.
type gzipSizes struct {
	mu   sync.Mutex
	last map[gzipKey]int // sizes the previous build used
	now  map[gzipKey]int // sizes this build used, the next build's last
}

type gzipKey struct {
	sum   [32]byte
	level int
}

// size is gzipSize(b, level), measured only when these bytes were not measured last build.
func (g *gzipSizes) size(b []byte, level int) int {
	if g == nil || len(b) == 0 {
		return gzipSize(b, level)
	}
	k := gzipKey{sha256.Sum256(b), level}
	g.mu.Lock()
	n, ok := g.now[k]
	if !ok {
		n, ok = g.last[k]
	}
	g.mu.Unlock()
	if !ok {
		n = gzipSize(b, level)
	}
	g.mu.Lock()
	g.now[k] = n
	g.mu.Unlock()
	return n
}

// next starts a build: sizes no build used since the last one are forgotten, so the memo
// stays the size of the site.
func (g *gzipSizes) next() {
	g.mu.Lock()
	if len(g.now) > 0 { // else the last build failed before weighing: keep what it had
		g.last = g.now
	}
	g.now = map[gzipKey]int{}
	g.mu.Unlock()
}
