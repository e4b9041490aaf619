package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkEditToEvent measures what an author waits for: from writing a chapter file to the
// reload event reaching a connected client (watch, debounce, incremental rebuild up to its
// pages, publish), each save made once the preview is idle.
// It reports the median and 95th percentile; run it with a fixed count for stable figures:
//
//	go test ./cmd/folio -run '^$' -bench EditToEvent -benchtime 100x
func BenchmarkEditToEvent(b *testing.B) {
	b.Run("report", func(b *testing.B) {
		chapters, _ := filepath.Glob("../../content/*/[0-9]*-*.md")
		if len(chapters) == 0 {
			b.Skip("no bundled report in content/")
		}
		dir := b.TempDir()
		for _, d := range []string{"content", "layouts", "assets"} {
			copyTree(b, filepath.Join("../..", d), filepath.Join(dir, d))
		}
		rel, _ := filepath.Rel("../..", chapters[0])
		benchEdits(b, dir, filepath.ToSlash(rel))
	})
	b.Run("corpus-5000", func(b *testing.B) {
		dir := b.TempDir()
		writeCorpus(b, dir, 5000)
		benchEdits(b, dir, "content/en/1234-ch1234.md")
	})
}

func benchEdits(b *testing.B, dir, chapter string) {
	start := time.Now()
	l := startLive(b, dir, projectAt(dir))
	b.Logf("first build of %s: %v", dir, time.Since(start).Round(time.Millisecond))
	c := l.connect(b)
	url := pageURLOf(l.p.base, chapter)
	file := l.path(chapter)
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		// Each save is measured from an idle preview: the last build's later stages (search
		// index, budgets) run after its event, and an author does not save again within them.
		for deadline := time.Now().Add(10 * time.Minute); strings.Count(l.log.String(), "rebuilt in") < i; {
			if time.Now().After(deadline) {
				b.Fatalf("rebuild %d never finished:\n%s", i, l.log)
			}
			time.Sleep(time.Millisecond)
		}
		edited := fmt.Appendf(slices.Clip(original), "\nEdit number %d, written while the preview is open.\n", i)
		t0 := time.Now()
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			e := c.nextWithin(b, 10*time.Minute) // a slow rebuild is a figure to report, not a hang
			if e.kind == "error" {
				b.Fatalf("edit %d broke the build: %s", i, e.data)
			}
			if e.kind == "reload" && strings.Contains(e.data, `"`+url+`"`) {
				break
			}
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}

var chapterFile = regexp.MustCompile(`^content/([^/]+)/\d+-([a-z0-9-]+)\.md$`)

// pageURLOf is the URL path of a chapter file: the default language (zh here) at the root.
func pageURLOf(base, file string) string {
	m := chapterFile.FindStringSubmatch(file)
	if m == nil {
		return base
	}
	if m[1] == "zh" {
		return base + m[2] + "/"
	}
	return base + m[1] + "/" + m[2] + "/"
}

// writeCorpus writes a bilingual site of n pages (n/2 chapters per language, covers
// included) with headings, prose, a table and a Go block per chapter, with the project's
// layouts and assets. Budgets are lifted: a cover listing 2,500 chapters is heavy by design.
func writeCorpus(b *testing.B, dir string, n int) {
	b.Helper()
	copyTree(b, "../../layouts", filepath.Join(dir, "layouts"))
	copyTree(b, "../../assets", filepath.Join(dir, "assets"))
	put := func(rel, data string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	put("content/site.yaml", "title:\n  zh: 语料\n  en: Corpus\ndescription:\n  zh: 生成的站点。\n  en: A generated site.\nlanguages: [zh, en]\nbase_url: /\nbudgets:\n  page_kb: 100000\n  index_kb: 100000\n")
	for _, lang := range []string{"zh", "en"} {
		put("content/"+lang+"/_index.md", "---\ntitle: Corpus\ndescription: Generated.\n---\nThe cover.\n")
		for i := 1; i <= n/2-1; i++ {
			put(fmt.Sprintf("content/%s/%04d-ch%d.md", lang, i, i), corpusChapter(lang, i))
		}
	}
}

func corpusChapter(lang string, i int) string {
	var s strings.Builder
	fmt.Fprintf(&s, "---\ntitle: Chapter %d (%s)\ndescription: Generated chapter %d.\n---\n", i, lang, i)
	for sec := 1; sec <= 4; sec++ {
		fmt.Fprintf(&s, "\n## Section %d of chapter %d {#s%d}\n\n", sec, i, sec)
		for p := 0; p < 3; p++ {
			fmt.Fprintf(&s, "Paragraph %d of section %d tells how team %d ships **release %d** on time, and why the _schedule_ held. See [the next section](#s%d).\n\n", p, sec, i, sec*i, sec%4+1)
		}
	}
	fmt.Fprintf(&s, "| Quarter | Hires | Churn |\n| --- | ---: | ---: |\n| Q1 | %d | %d |\n| Q2 | %d | %d |\n\n", i%97, i%13, (i*7)%97, (i*3)%13)
	fmt.Fprintf(&s, "```go\npackage ch%d\n\nimport \"fmt\"\n\n// Run prints the plan of chapter %d.\nfunc Run(n int) error {\n\tfor i := 0; i < n; i++ {\n\t\tif i%%%d == 0 {\n\t\t\treturn fmt.Errorf(\"step %%d failed\", i)\n\t\t}\n\t}\n\treturn nil\n}\n```\n", i, i, i%7+2)
	return s.String()
}

// TestServeSoak alternates good and broken edits while clients come and go; the server must
// keep answering, and its goroutines and heap must not grow.
func TestServeSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test skipped in -short mode")
	}
	const edits = 300
	dir := fixtureProject(t)
	l := startLive(t, dir, projectAt(dir))
	file := "content/en/01-intro.md"
	original, err := os.ReadFile(l.path(file))
	if err != nil {
		t.Fatal(err)
	}
	good := func(i int) string { return string(original) + fmt.Sprintf("\nGood edit %d.\n", i) }
	broken := func(i int) string {
		return strings.Replace(good(i), "---\ntitle:", "---\ntitle: [", 1)
	}
	main := l.connect(t)
	// editTo writes and waits for the event that answers it.
	editTo := func(i int) {
		if i%2 == 1 {
			l.write(t, file, broken(i))
			main.expect(t, "error")
			return
		}
		l.write(t, file, good(i))
		for e := main.next(t); e.kind != "reload"; e = main.next(t) {
			if e.kind != "ok" {
				t.Fatalf("edit %d: event %s %s; want ok or reload", i, e.kind, e.data)
			}
		}
	}
	measure := func() (int, uint64) {
		l.http.Client().CloseIdleConnections()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return runtime.NumGoroutine(), ms.HeapAlloc
	}
	for i := range 10 { // warm the caches and the pools
		editTo(i)
	}
	g0, h0 := measure()
	var extra []*client
	for i := 10; i < edits; i++ {
		editTo(i)
		switch {
		case i%7 == 0:
			extra = append(extra, l.connect(t))
		case i%5 == 0 && len(extra) > 0:
			extra[0].cancel()
			<-extra[0].closed
			extra = extra[1:]
		}
		if i%25 == 0 {
			if code, _ := l.get(t, "/en/intro/"); code != 200 {
				t.Fatalf("edit %d: GET /en/intro/ = %d; want 200", i, code)
			}
		}
	}
	for _, c := range extra {
		c.cancel()
		<-c.closed
	}
	// The server notices a client left when its handler returns; wait for that, boundedly.
	for deadline := time.Now().Add(wait); l.p.srv.Clients() > 1 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if n := l.p.srv.Clients(); n != 1 {
		t.Errorf("open streams after the extra clients left = %d; want 1", n)
	}
	g1, h1 := measure()
	t.Logf("goroutines %d → %d, heap %d KB → %d KB over %d edits", g0, g1, h0>>10, h1>>10, edits)
	if g1 > g0+3 {
		t.Errorf("goroutines grew from %d to %d over %d edits", g0, g1, edits)
	}
	if h1 > h0+h0/2+4<<20 {
		t.Errorf("heap grew from %d KB to %d KB over %d edits", h0>>10, h1>>10, edits)
	}
}
