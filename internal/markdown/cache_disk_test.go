package markdown

import (
	"bytes"
	"folio/internal/store"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEntryRoundTrip(t *testing.T) {
	tests := []cacheEntry{
		{r: &rendered{kind: "code", html: []byte("<div>x</div>\n")}, deps: map[string][32]byte{}},
		{r: &rendered{kind: "include", html: []byte("")}, deps: map[string][32]byte{"code/a b/c.go": {1, 2, 3}, "data/x.csv": {9}}},
	}
	for _, e := range tests {
		data, ok := encodeEntry(e)
		if !ok {
			t.Fatalf("encodeEntry(%v) failed", e.r.kind)
		}
		got, err := decodeEntry(data)
		if err != nil {
			t.Fatalf("decodeEntry(%q): %v", data, err)
		}
		if got.r.kind != e.r.kind || !bytes.Equal(got.r.html, e.r.html) || !maps.Equal(got.deps, e.deps) || len(got.r.deps) != len(e.deps) {
			t.Errorf("decodeEntry(encodeEntry(%+v)) = %+v", e, got)
		}
	}
}

func TestDecodeEntryRejectsGarbage(t *testing.T) {
	for _, data := range []string{
		"",
		"not a cache entry\ncode\n0\n",
		cacheMagic + "code\n",
		cacheMagic + "code\nx\n",
		cacheMagic + "code\n-1\n",
		cacheMagic + "code\n1\nzz name\n",
		cacheMagic + "code\n2\n" + strings.Repeat("00", 32) + " a\n",
	} {
		if _, err := decodeEntry([]byte(data)); err == nil {
			t.Errorf("decodeEntry(%q) = nil error; want one", data)
		}
	}
}

// TestDiskCacheAcrossBuilds plays two processes: the second converter, with an empty memory,
// reads the first one's entries from disk, and never one whose included file changed.
func TestDiskCacheAcrossBuilds(t *testing.T) {
	dir := t.TempDir()
	fsys := fstest.MapFS{"code/a/a.go": {Data: []byte("package a\n\n// START x OMIT\nfunc X() {}\n// END x OMIT\n")}}
	body := []byte("```go file=code/a/a.go region=x\n```\n\n```go\nfunc Inline() {}\n```\n")
	src := Source{File: "content/en/01-a.md", Body: body, FirstLine: 1}
	first := New(Options{Lang: "en", FS: fsys, Cache: NewDiskCache(dir, store.Open)})
	want, ds := first.Convert(src)
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	if err := first.opts.Cache.Flush(); err != nil {
		t.Fatal(err)
	}
	entries := packLen(dir)
	if entries != 2 {
		t.Fatalf("disk cache holds %d entries after one page with 2 blocks; want 2", entries)
	}

	second := New(Options{Lang: "en", FS: fsys, Cache: NewDiskCache(dir, store.Open)})
	for i, f := range want.Fences {
		if _, ok := second.opts.Cache.get(second.cacheKey(&f), fsys); !ok {
			t.Errorf("block %d (%s) not read back from disk", i, f.Info)
		}
	}
	got, _ := second.Convert(src)
	if !bytes.Equal(got.HTML, want.HTML) || !slicesEqual(got.Deps, want.Deps) {
		t.Errorf("page from disk cache differs:\ngot  %s %v\nwant %s %v", got.HTML, got.Deps, want.HTML, want.Deps)
	}

	// A changed sample must miss, on disk as in memory.
	fsys["code/a/a.go"] = &fstest.MapFile{Data: []byte("package a\n\n// START x OMIT\nfunc Y() {}\n// END x OMIT\n")}
	third := New(Options{Lang: "en", FS: fsys, Cache: NewDiskCache(dir, store.Open)})
	res, _ := third.Convert(src)
	if !strings.Contains(string(res.HTML), `<span class="nf">Y</span>`) {
		t.Errorf("stale include from the disk cache:\n%s", res.HTML)
	}

	// Deleting the directory is safe: the next build renders again and refills it.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	fourth := New(Options{Lang: "en", FS: fsys, Cache: NewDiskCache(dir, store.Open)})
	if _, ds := fourth.Convert(src); ds.Err() != nil {
		t.Fatalf("convert after deleting the cache: %v", ds)
	}
	if err := fourth.opts.Cache.Flush(); err != nil {
		t.Fatal(err)
	}
	if n := packLen(dir); n != 2 {
		t.Errorf("disk cache holds %d entries after a rebuild; want 2", n)
	}
}

// TestCacheKeyCoversSettings: anything that changes a block's HTML changes its key.
func TestCacheKeyCoversSettings(t *testing.T) {
	f := Fence{Kind: "chart", Info: "chart", Body: []byte("type: bar\n")}
	base := Options{Lang: "en", DataURL: func(n string) string { return "/data/" + n }}
	variants := map[string]Options{
		"language":  {Lang: "zh", DataURL: base.DataURL},
		"base path": {Lang: "en", DataURL: func(n string) string { return "/report/data/" + n }},
		"repo":      {Lang: "en", DataURL: base.DataURL, CodeURL: func(f string) string { return "https://example.com/" + f }},
		"strings":   {Lang: "en", DataURL: base.DataURL, Strings: map[string]string{"copy": "Copy"}},
		"fallback":  {Lang: "en", DataURL: base.DataURL, ClientFallback: []string{"sequenceDiagram"}},
		"plain":     {Lang: "en", DataURL: base.DataURL, PlainDiagrams: true},
	}
	k0 := New(base).cacheKey(&f)
	for name, o := range variants {
		if New(o).cacheKey(&f) == k0 {
			t.Errorf("changing the %s leaves the cache key unchanged", name)
		}
	}
	if New(base).cacheKey(&f) != k0 {
		t.Error("the same settings give different keys")
	}
}

func TestPlainDiagrams(t *testing.T) {
	c := New(Options{Lang: "en", PlainDiagrams: true})
	res, ds := c.Convert(Source{File: "x.md", Body: []byte("```mermaid\ngraph TD\n  A --> B<C>\n```\n\n```chart\ntype: bar\n```\n"), FirstLine: 1})
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	for _, want := range []string{"<pre class=\"mermaid\">graph TD\n  A --&gt; B&lt;C&gt;\n</pre>", "<pre class=\"chart\">type: bar\n</pre>"} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("PlainDiagrams output lacks %q:\n%s", want, res.HTML)
		}
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// packLen counts the entries of the block pack on disk.
func packLen(dir string) int { return store.Open(filepath.Join(dir, "blocks.pack")).Len() }

// TestVersionIsTheBuildID checks that the cache version of a Go executable is its build ID,
// as `go tool buildid` prints it, and not a hash of the whole file (which costs a tenth of a
// warm build).
func TestVersionIsTheBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip("no executable path:", err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skip("go tool buildid:", err)
	}
	if got, want := executableVersion(), "buildid:"+strings.TrimSpace(string(out)); got != want {
		t.Errorf("executableVersion() = %q; want %q", got, want)
	}
}
