// Package output is the one write path of a build: files by path, minified by media type, and
// written to disk atomically (into a temporary directory that replaces the old one only when
// everything was written), or kept in memory for the preview server.
package output

import (
	"bytes"
	"fmt"
	"mime"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"folio/internal/store"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Files maps a slash-separated path inside the site ("en/landscape/index.html") to its bytes.
type Files map[string][]byte

// Paths returns the paths in sorted order.
func (f Files) Paths() []string {
	ps := make([]string, 0, len(f))
	for p := range f {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// Size is the total number of bytes.
func (f Files) Size() int {
	n := 0
	for _, b := range f {
		n += len(b)
	}
	return n
}

// Minifier minifies by media type; it is built once and safe for concurrent use.
type Minifier struct {
	m *minify.M
	// CacheDir, when set, keeps minified files on disk by the hash of their input, so that a
	// later build skips minifying what did not change (minicache.go).
	CacheDir string

	packOnce sync.Once
	pack     *store.Pack
}

// NewMinifier configures the minifiers for the types a site holds.
func NewMinifier() *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return &Minifier{m: m}
}

// TypeOf is the media type of a site path, by extension.
func TypeOf(p string) string {
	switch ext := path.Ext(p); ext {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".svg":
		return "image/svg+xml"
	case ".json", ".webmanifest":
		return "application/json"
	case ".xml":
		return "application/xml"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return strings.Split(t, ";")[0]
		}
		return "application/octet-stream"
	}
}

// Bytes minifies one file by its path's media type; types without a minifier pass through.
func (m *Minifier) Bytes(p string, b []byte) ([]byte, error) {
	t := TypeOf(p)
	if m.CacheDir != "" {
		return m.cached(t, p, b)
	}
	return m.bytes(t, p, b)
}

func (m *Minifier) bytes(t, p string, b []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(b))
	err := m.m.Minify(t, &out, bytes.NewReader(b))
	if err == minify.ErrNotExist {
		return b, nil
	}
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", p, err)
	}
	return out.Bytes(), nil
}

// Minify minifies every file in place, in parallel.
func (m *Minifier) Minify(files Files) error {
	paths := files.Paths()
	errs := make([]error, len(paths))
	out := make([][]byte, len(paths))
	parallel(len(paths), func(i int) {
		out[i], errs[i] = m.Bytes(paths[i], files[paths[i]])
	})
	for i, p := range paths {
		if errs[i] != nil {
			return errs[i]
		}
		files[p] = out[i]
	}
	return nil
}

// Write replaces dir with exactly files. It writes into a fresh sibling directory and swaps it
// into place only after every file is written, so a failed write leaves the old dir as it was.
func Write(dir string, files Files) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create output parent: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("create temporary output: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := writeAll(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	var old string
	if _, err := os.Lstat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("move old output aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		os.RemoveAll(tmp)
		return fmt.Errorf("swap in new output: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func writeAll(root string, files Files) error {
	paths := files.Paths()
	dirs := map[string]bool{}
	for _, p := range paths {
		if !validPath(p) {
			return fmt.Errorf("refusing to write %q outside the output directory", p)
		}
		dirs[path.Dir(p)] = true
	}
	for d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
	}
	errs := make([]error, len(paths))
	parallel(len(paths), func(i int) {
		errs[i] = os.WriteFile(filepath.Join(root, filepath.FromSlash(paths[i])), files[paths[i]], 0o644)
	})
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	return nil
}

func validPath(p string) bool {
	return p != "" && !strings.HasPrefix(p, "/") && !strings.Contains(p, "\\") && path.Clean(p) == p && !strings.HasPrefix(p, "../") && p != ".."
}

// parallel runs f(0..n-1) on all cores.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
