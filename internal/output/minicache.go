package output

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
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
	h := sha256.New()
	io.WriteString(h, minifySettings+"\x00"+minifyVersion()+"\x00"+t+"\x00")
	h.Write(b)
	name := hex.EncodeToString(h.Sum(nil))
	file := filepath.Join(m.CacheDir, "minify", name[:2], name[2:])
	if out, err := os.ReadFile(file); err == nil {
		return out, nil
	}
	out, err := m.bytes(t, p, b)
	if err != nil {
		return nil, err
	}
	if os.MkdirAll(filepath.Dir(file), 0o755) == nil {
		if f, err := os.CreateTemp(filepath.Dir(file), ".tmp-*"); err == nil {
			_, werr := f.Write(out)
			if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), file) != nil {
				os.Remove(f.Name())
			}
		}
	}
	return out, nil
}
