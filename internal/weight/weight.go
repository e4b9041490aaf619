// Package weight measures bytes as a browser receives them from a server that compresses:
// their gzipped size.
package weight

import (
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
)

// The levels budgets measure at: Fast first, as it is quick and never smaller than Default,
// and Default for the figure a budget holds a file to.
const (
	Fast    = gzip.BestSpeed
	Default = gzip.DefaultCompression
)

// gzipFrame is what gzip adds around the deflate stream: a 10-byte header (no name, comment
// or extra field) and the CRC-32 and length, 8 bytes.
const gzipFrame = 10 + 8

// writers keeps idle deflaters, a few per level. Not a sync.Pool: that is emptied by every
// garbage collection, several of which run in a build, and a new deflater allocates and
// clears up to a megabyte of tables (4 MB a build of the report, most of what it gzipped).
var writers = map[int]chan *flate.Writer{Fast: make(chan *flate.Writer, 8), Default: make(chan *flate.Writer, 8)}

// Gzipped is the length of b gzipped at level (Fast or Default). It deflates b and adds gzip's
// fixed frame, rather than computing a checksum whose value nobody reads.
func Gzipped(b []byte, level int) int {
	if len(b) == 0 {
		return 0
	}
	free := writers[level]
	var n counter
	var zw *flate.Writer
	select {
	case zw = <-free:
		zw.Reset(&n)
	default:
		zw, _ = flate.NewWriter(&n, level) // errs only for a level other than these
	}
	// Writing to a counter cannot fail.
	_, _ = zw.Write(b)
	_ = zw.Close()
	select {
	case free <- zw:
	default:
	}
	return int(n) + gzipFrame
}

type counter int

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }
