package markdown

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
)

// Fence is one fenced block of a page.
type Fence struct {
	Kind  string            // first word of the info string: "go", "mermaid", "chart", "" for none
	Info  string            // the whole info string
	Attrs map[string]string // key=value words after the kind; bare words map to ""
	Body  []byte
	Line  int    // line of the opening fence in the page file
	Index int    // position among the page's fences, for ids unique on the page
	page  string // the page file, so ids stay unique when pages are combined (print edition)
}

// idPrefix makes the ids of a rendered block unique on any page that shows it.
func (f *Fence) idPrefix(kind string) string {
	h := crc32.ChecksumIEEE([]byte(f.page))
	return fmt.Sprintf("%s%04x%d-", kind, h&0xffff, f.Index)
}

func newFence(n *ast.FencedCodeBlock, src Source, lines lineIndex, index int) Fence {
	f := Fence{Index: index, page: src.File}
	if n.Info != nil {
		f.Info = strings.TrimSpace(string(n.Info.Segment.Value(src.Body)))
		f.Line = lines.of(n.Info.Segment.Start)
	} else if n.Lines().Len() > 0 {
		f.Line = lines.of(n.Lines().At(0).Start) - 1
	} else {
		f.Line = lines.of(blockStart(n))
	}
	f.Kind, f.Attrs = parseInfo(f.Info)
	var body bytes.Buffer
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		body.Write(seg.Value(src.Body))
	}
	f.Body = body.Bytes()
	return f
}

// parseInfo splits "go file=x.go hl_lines=\"2 3\" linenos" into the kind and its attributes.
func parseInfo(info string) (string, map[string]string) {
	attrs := map[string]string{}
	kind, rest, _ := strings.Cut(info, " ")
	kind = strings.TrimPrefix(strings.TrimSuffix(kind, "}"), "{")
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		end := strings.IndexAny(rest, " =")
		if end < 0 {
			attrs[rest] = ""
			break
		}
		key := rest[:end]
		if rest[end] == ' ' {
			attrs[key] = ""
			rest = rest[end:]
			continue
		}
		rest = rest[end+1:]
		if strings.HasPrefix(rest, `"`) {
			if q := strings.Index(rest[1:], `"`); q >= 0 {
				attrs[key] = rest[1 : q+1]
				rest = rest[q+2:]
				continue
			}
		}
		val, after, _ := strings.Cut(rest, " ")
		attrs[key] = val
		rest = after
	}
	return strings.ToLower(kind), attrs
}

// rendered is the output of one fenced block.
type rendered struct {
	kind string
	html []byte
	deps []string // files under content/ read to render it
	// sums are the hashes of deps as the renderer read them, where it kept them: the cache
	// entry then names the bytes the block was drawn from, without reading them again.
	sums map[string][32]byte
}

// renderFence dispatches a fenced block to the handler of its kind, through the cache.
func (c *Converter) renderFence(key [32]byte, f *Fence) (*rendered, *blockError) {
	if r, ok := c.opts.Cache.get(key, c.opts.FS); ok {
		return r, nil
	}
	var r *rendered
	var err *blockError
	switch {
	case c.opts.PlainDiagrams && (f.Kind == "mermaid" || f.Kind == "chart"):
		r, err = c.plain(f)
	case f.Kind == "mermaid":
		r, err = c.mermaid(f)
	case f.Kind == "chart":
		r, err = c.chart(f)
	default:
		r, err = c.code(f)
	}
	if err != nil {
		return nil, err
	}
	c.opts.Cache.put(key, r, c.opts.FS)
	return r, nil
}

func (c *Converter) cacheKey(f *Fence) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%d\x00", c.opts.Lang, f.page, f.Info, f.Index, len(f.Body))
	c.writeSettings(h) // cache_disk.go
	h.Write(f.Body)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Cache keeps rendered blocks by content: the fence and the files it read. An entry is used
// only while every file it read still has the same bytes, so the cache is never stale.
type Cache struct {
	mu   sync.RWMutex
	m    map[[32]byte]cacheEntry
	disk *diskStore // nil: memory only (cache_disk.go)
}

type cacheEntry struct {
	r    *rendered
	deps map[string][32]byte
}

// NewCache returns an empty cache, shareable by every Converter of a site.
func NewCache() *Cache { return &Cache{m: map[[32]byte]cacheEntry{}} }

// Len reports how many blocks are cached.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

func (c *Cache) get(key [32]byte, fsys fs.FS) (*rendered, bool) {
	if c == nil {
		return nil, false
	}
	var e cacheEntry
	var ok bool
	if c.disk != nil {
		// The pack holds the entry already; a second copy in memory would double what a
		// cold build keeps until it ends.
		e, ok = c.disk.load(key)
	} else {
		c.mu.RLock()
		e, ok = c.m[key]
		c.mu.RUnlock()
	}
	if !ok {
		return nil, false
	}
	for name, sum := range e.deps {
		data, err := fs.ReadFile(fsys, name)
		if err != nil || sha256.Sum256(data) != sum {
			return nil, false
		}
	}
	return e.r, true
}

func (c *Cache) put(key [32]byte, r *rendered, fsys fs.FS) {
	if c == nil {
		return
	}
	e := cacheEntry{r: r, deps: map[string][32]byte{}}
	for _, name := range r.deps {
		if sum, ok := r.sums[name]; ok {
			e.deps[name] = sum
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return
		}
		e.deps[name] = sha256.Sum256(data)
	}
	if c.disk != nil {
		c.disk.store(key, e)
		return
	}
	c.mu.Lock()
	c.m[key] = e
	c.mu.Unlock()
}

// Keep marks blocks as used by this build without reading them, so the disk cache keeps them.
func (c *Cache) Keep(keys [][32]byte) {
	if c == nil || c.disk == nil {
		return
	}
	for _, k := range keys {
		c.disk.pack.Touch(c.disk.key(k))
	}
}

// lineList parses "2 4-5" (or "2,4-5") into line numbers.
func lineList(s string) ([]int, error) {
	var out []int
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		a, b, isRange := strings.Cut(w, "-")
		from, err := strconv.Atoi(a)
		if err != nil || from < 1 {
			return nil, fmt.Errorf("%q is not a line number or range like 4-5", w)
		}
		to := from
		if isRange {
			if to, err = strconv.Atoi(b); err != nil || to < from {
				return nil, fmt.Errorf("%q is not a line range like 4-5", w)
			}
		}
		for l := from; l <= to; l++ {
			out = append(out, l)
		}
	}
	return out, nil
}
