package site

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"folio/internal/output"
)

var update = flag.Bool("update", false, "rewrite golden files")

func fixture(dir string) Project {
	return Project{
		Content: os.DirFS(dir),
		Layouts: os.DirFS("../../layouts"),
		Assets:  os.DirFS("../../assets"),
	}
}

func build(t testing.TB, p Project, opts Options) *Result {
	t.Helper()
	res, ds := New(p, opts).Build(context.Background())
	if res == nil {
		t.Fatalf("Build: %v", ds)
	}
	return res
}

// hashed asset names change with every stylesheet edit; goldens keep only their shape.
var assetHash = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)`)

// TestGolden compares every page of the fixture site with testdata/golden/.
// Run with -update to rewrite the golden files after an intended change.
func TestGolden(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{})
	dir := "testdata/golden"
	if *update {
		os.RemoveAll(dir)
	}
	for _, p := range res.Files.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		got := assetHash.ReplaceAll(res.Files[p], []byte(".HASH.$1"))
		got = bytes.ReplaceAll(got, []byte("><"), []byte(">\n<"))
		golden := filepath.Join(dir, filepath.FromSlash(p))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: no golden file (run go test ./internal/site -update): %v", p, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update if intended):\n%s", p, golden, diffLines(string(want), string(got)))
		}
	}
}

// diffLines shows the first differing lines.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	a := build(t, fixture("testdata/site"), Options{})
	b := build(t, fixture("testdata/site"), Options{})
	if len(a.Files) != len(b.Files) {
		t.Fatalf("builds differ in file count: %d vs %d", len(a.Files), len(b.Files))
	}
	for p, data := range a.Files {
		if !bytes.Equal(data, b.Files[p]) {
			t.Errorf("%s differs between two builds of the same input", p)
		}
	}
}

func TestPageModel(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{})
	page := string(res.Files["en/intro/index.html"])
	for _, want := range []string{
		`<html lang="en">`,
		`<title>Introduction · Test Report</title>`,
		`<meta name="description" content="The first chapter's abstract.">`,
		`<link rel="alternate" hreflang="zh" href="/intro/">`,
		`<link rel="alternate" hreflang="en" href="/en/intro/">`,
		`<li class="current"><a href="/en/intro/" aria-current="page">`,                    // sidebar marks the page
		`<a class="next" href="/en/more/" rel="next">`,                                     // pager
		`<a href="#background">Background</a><ol><li><a href="#detail-one">Detail one</a>`, // TOC h2 > h3
		`<a class="lang" href="/intro/" hreflang="zh" lang="zh" data-lang-switch>中文</a>`,   // switcher
	} {
		if !strings.Contains(page, want) {
			t.Errorf("en/intro/index.html lacks %s", want)
		}
	}
	// A chapter with no translation: its switcher goes to the other cover, with no alternate.
	only := string(res.Files["only/index.html"])
	if !strings.Contains(only, `<a class="lang" href="/en/" hreflang="en"`) || strings.Contains(only, `hreflang="en" href="/en/only/"`) {
		t.Errorf("only/index.html: switcher should point to the en cover")
	}
	if len(res.Warnings) != 1 {
		t.Errorf("warnings = %v; want the missing translation", res.Warnings)
	}
	more := string(res.Files["more/index.html"])
	if !strings.Contains(more, `<a class="prev" href="/intro/" rel="prev">`) || !strings.Contains(more, `<a class="next" href="/only/" rel="next">`) {
		t.Errorf("more/index.html: prev/next wrong")
	}
	for _, f := range []string{"index.html", "en/index.html", "404.html", "data/jobs.csv"} {
		if res.Files[f] == nil {
			t.Errorf("missing %s", f)
		}
	}
}

func TestBaseURL(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{BaseURL: "https://example.github.io/report/"})
	page := string(res.Files["en/intro/index.html"])
	for _, want := range []string{
		`<link rel="canonical" href="https://example.github.io/report/en/intro/">`,
		`hreflang="zh" href="https://example.github.io/report/intro/"`,
		`href="/report/css/style.`,
		`<a href="/report/en/more/#details">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("under a sub-path, en/intro lacks %s", want)
		}
	}
}

func TestBrokenLink(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "en", "02-more.md")
	data, _ := os.ReadFile(f)
	os.WriteFile(f, append(data, []byte("\n[x](01-intro.md#nowhere) [y](04-none.md)\n")...), 0o644)
	_, ds := New(fixture(dir), Options{}).Build(context.Background())
	got := ds.Error()
	for _, want := range []string{"content/en/02-more.md:", `broken link "01-intro.md#nowhere": no section with id nowhere`, `broken link "04-none.md"`} {
		if !strings.Contains(got, want) {
			t.Errorf("errors = %q; want %q", got, want)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, bc := range []struct {
		name string
		dir  func(b *testing.B) string
	}{
		{"report", func(b *testing.B) string { return "../../content" }},
		{"corpus1000", func(b *testing.B) string { return writeCorpus(b, corpusN) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			dir := bc.dir(b)
			if _, err := os.Stat(filepath.Join(dir, "site.yaml")); err != nil {
				b.Skip("no content")
			}
			p := fixture(dir)
			var files output.Files
			b.ReportAllocs()
			for b.Loop() {
				// A fresh Builder each time: a cold build, no cache carried over.
				res, ds := New(p, Options{}).Build(context.Background())
				if res == nil {
					b.Fatal(ds)
				}
				files = res.Files
			}
			b.ReportMetric(float64(len(files)), "files")
		})
	}
}

// secondReadPanics panics at the second read of a template, as a bug in parsing would: the
// first is hashing the layouts, the second parsing them beside the conversion.
type secondReadPanics struct {
	fs.FS
	mu    sync.Mutex
	reads map[string]int
}

func (p *secondReadPanics) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".html") {
		p.mu.Lock()
		p.reads[name]++
		n := p.reads[name]
		p.mu.Unlock()
		if n == 2 {
			panic("reading " + name)
		}
	}
	return p.FS.Open(name)
}

// TestPanicParsingTemplates checks that a panic in the goroutine that parses the templates
// reaches the caller of Build, where folio serve recovers it, rather than ending the process.
func TestPanicParsingTemplates(t *testing.T) {
	p := fixture("testdata/site")
	p.Layouts = &secondReadPanics{FS: p.Layouts, reads: map[string]int{}}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "reading ") {
			t.Errorf("recovered %v; want the parser's panic", r)
		}
	}()
	New(p, Options{}).Build(context.Background())
	t.Error("Build returned")
}
