// Package output is the one write path of a build: files by path, minified by media type, and
// written to disk (write.go: a new directory swapped in whole, or an existing one updated file by
// file, each file replaced whole), or kept in memory for the preview server.
package output

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"mime"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

	"folio/internal/store"
)

// Files maps a slash-separated path inside the site ("en/landscape/index.html") to its bytes.
type Files map[string][]byte

// Diff returns the paths whose bytes differ between a and b, or that only one has, sorted.
// Bytes a build reused are the same slice, which is checked first.
func Diff(a, b Files) []string {
	var out []string
	for p, x := range a {
		y, ok := b[p]
		if !ok || len(x) != len(y) || (len(x) > 0 && &x[0] != &y[0] && !bytes.Equal(x, y)) {
			out = append(out, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

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
	// Splice minifies HTML around the blocks folio writes compact itself, copying those
	// (verbatim.go); NewMinifier sets it. Off, a page is minified whole: the reference the
	// tests hold the spliced output to.
	Splice bool
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
	m.AddFunc("text/css", inlineMemo(css.Minify))
	m.AddFunc("image/svg+xml", minifySVG)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), inlineMemo(js.Minify))
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return &Minifier{m: m, Splice: true}
}

// inlineMemo remembers what f made of small inline inputs: a layout's inline script and its
// style attributes are the same on every page, and the JavaScript minifier's setup alone cost
// a tenth of minifying a chapter page. The HTML minifier passes inline code with parameters
// ("inline", "escape-html"), which are part of the key; files (no parameters) and large inputs
// go to f.
func inlineMemo(f minify.MinifierFunc) minify.MinifierFunc {
	const maxInput, maxEntries = 4 << 10, 4096
	var mu sync.Mutex
	memo := map[string][]byte{}
	return func(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
		if len(params) == 0 {
			return f(m, w, r, params)
		}
		in, err := io.ReadAll(io.LimitReader(r, maxInput+1))
		if err != nil {
			return err
		}
		if len(in) > maxInput {
			return f(m, w, io.MultiReader(bytes.NewReader(in), r), params)
		}
		key := make([]byte, 0, len(in)+32)
		if len(params) == 1 { // as the HTML minifier passes them: no sorting
			for k, v := range params {
				key = append(append(append(append(key, k...), '='), v...), 0)
			}
		} else {
			for _, k := range slices.Sorted(maps.Keys(params)) {
				key = append(append(append(append(key, k...), '='), params[k]...), 0)
			}
		}
		key = append(append(key, 0), in...)
		mu.Lock()
		out, ok := memo[string(key)]
		mu.Unlock()
		if !ok {
			var buf bytes.Buffer
			if err := f(m, &buf, bytes.NewReader(in), params); err != nil {
				return err
			}
			out = buf.Bytes()
			mu.Lock()
			if len(memo) < maxEntries {
				memo[string(key)] = out
			}
			mu.Unlock()
		}
		_, err = w.Write(out)
		return err
	}
}

// minifySVG minifies .svg files, and passes SVG inside HTML through as it is: that comes from
// folio's own diagram and chart renderers, which write it compact already (minifying it saved
// under 1 % of a page and cost a tenth of a cold build, and half of re-printing a print edition).
func minifySVG(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
	if params["inline"] == "1" {
		_, err := io.Copy(w, r)
		return err
	}
	return svg.Minify(m, w, r, params)
}

// types are the media types of the files a site has, by extension. The mime package is asked
// only for others: it reads the system's tables at its first use, 2 ms of a build.
var types = map[string]string{
	".html":        "text/html",
	".css":         "text/css",
	".js":          "application/javascript",
	".svg":         "image/svg+xml",
	".json":        "application/json",
	".webmanifest": "application/json",
	".xml":         "application/xml",
	".txt":         "text/plain",
	".md":          "text/markdown",
	".csv":         "text/csv",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".pdf":         "application/pdf",
	".wasm":        "application/wasm",
}

// TypeOf is the media type of a site path, by extension.
func TypeOf(p string) string {
	ext := path.Ext(p)
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return strings.Split(t, ";")[0]
	}
	return "application/octet-stream"
}

// Bytes minifies one file by its path's media type; types without a minifier pass through.
func (m *Minifier) Bytes(p string, b []byte) ([]byte, error) {
	t := TypeOf(p)
	if m.CacheDir != "" {
		return m.cached(t, p, b)
	}
	return m.bytes(t, p, b, true)
}

// Fresh minifies one file without the cache, for bytes the caller keeps by a key of its own
// (a laid-out page is kept by its page key): caching them here too would hash and store every
// page a second time.
func (m *Minifier) Fresh(p string, b []byte) ([]byte, error) {
	return m.bytes(TypeOf(p), p, b, true)
}

// Passing is Fresh for bytes the caller writes out and lets go at once: their buffer is not
// copied to fit them (fit).
func (m *Minifier) Passing(p string, b []byte) ([]byte, error) {
	return m.bytes(TypeOf(p), p, b, false)
}

// bytes minifies b; kept says the caller keeps the result, which then gets a buffer its size.
func (m *Minifier) bytes(t, p string, b []byte, kept bool) ([]byte, error) {
	if t == "text/html" && m.Splice {
		return m.spliced(p, b, kept)
	}
	var out bytes.Buffer
	out.Grow(len(b))
	// A reader with Bytes() is parsed in place, where a plain Reader is first copied whole with
	// io.ReadAll; capping the slice keeps the parser's terminating NUL off our backing array.
	err := m.m.Minify(t, &out, bytes.NewBuffer(b[:len(b):len(b)]))
	if err == minify.ErrNotExist {
		return b, nil
	}
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", p, err)
	}
	return fit(out.Bytes(), kept), nil
}

// fit returns b at its size when it is kept: an output buffer is sized for its input, and the
// slack was a third of a cold build's live heap when it kept every page until writing them.
func fit(b []byte, kept bool) []byte {
	if kept && cap(b)-len(b) > len(b)/16 {
		return bytes.Clone(b)
	}
	return b
}

// spliced minifies an HTML page around its verbatim blocks and copies those.
func (m *Minifier) spliced(p string, b []byte, kept bool) ([]byte, error) {
	w := bytes.NewBuffer(make([]byte, 0, len(b)))
	at := 0
	for _, blk := range append(verbatimBlocks(b), [2]int{len(b), len(b)}) {
		if part := b[at:blk[0]]; len(part) > 0 {
			// The parser needs a NUL after its input, and copies the input to add one unless
			// the slice has room. Bytes a caller passes on (Passing) are its own and read by no
			// one else meanwhile, so the parser may borrow the next byte, which it puts back;
			// the copies were 3 % of what a cold build allocated.
			if kept {
				part = part[:len(part):len(part)]
			}
			if err := m.m.Minify("text/html", w, bytes.NewBuffer(part)); err != nil {
				return nil, fmt.Errorf("minify %s: %w", p, err)
			}
		}
		w.Write(b[blk[0]:blk[1]])
		at = blk[1]
	}
	return fit(w.Bytes(), kept), nil
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

// parallel runs f(0..n-1) on all cores.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next atomic.Int64 // taken by each worker: no goroutine to hand indexes out
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}
