package output

import (
	"crypto/sha256"
	"io"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"folio/internal/store"
)

// The minify cache: a file's minified bytes, stored under the hash of what determines them —
// the media type, the input bytes, the minifier settings and the version of the minify module.
// An entry can never be stale, and the directory is safe to delete at any time.

// minifySettings names the options NewMinifier sets; change it with them.
const minifySettings = "html:KeepDocumentTags,KeepEndTags,KeepQuotes,KeepDefaultAttrVals;css;svg;js;json;xml"

var minifyVersion = sync.OnceValue(func() string {
	v := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if strings.HasPrefix(d.Path, "github.com/tdewolff/") {
				v += " " + d.Path + "@" + d.Version
			}
		}
	}
	return v
})

// cached minifies through the cache; a failure to read or write the cache only costs time.
func (m *Minifier) cached(t, p string, b []byte) ([]byte, error) {
	if _, _, f := m.m.Match(t); f == nil {
		return b, nil // nothing to minify: not worth a cache entry
	}
	m.packOnce.Do(func() { m.pack = store.Open(filepath.Join(m.CacheDir, "minify.pack")) })
	h := sha256.New()
	io.WriteString(h, minifySettings+"\x00"+minifyVersion()+"\x00"+t+"\x00")
	h.Write(b)
	var key store.Key
	h.Sum(key[:0])
	if out, ok := m.pack.Get(key); ok {
		return out, nil
	}
	out, err := m.bytes(t, p, b, true)
	if err != nil {
		return nil, err
	}
	m.pack.Put(key, out)
	return out, nil
}

// Discard drops what a failed build put in the minify cache.
func (m *Minifier) Discard() {
	if m.pack != nil {
		m.pack.Discard()
	}
}

// Flush writes the minify cache to disk; without a cache directory it does nothing.
func (m *Minifier) Flush() error {
	if m.pack == nil {
		return nil
	}
	return m.pack.Flush()
}
