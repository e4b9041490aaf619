package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
	"time"

	"folio/internal/diag"
	"folio/internal/output"
)

// BenchmarkRebuild edits one chapter and rebuilds with a long-lived Builder, as folio serve
// does, reporting each stage's mean time (ms) so a slow stage shows by name. The corpus has
// FOLIO_CORPUS_N chapters per language (500 by default; 2500 for the 5,000-page target).
func BenchmarkRebuild(b *testing.B) {
	b.Run("report", func(b *testing.B) {
		dir := b.TempDir()
		for _, d := range []string{"content", "layouts", "assets"} {
			copyTree(b, filepath.Join("../..", d), filepath.Join(dir, d))
		}
		chapters, _ := filepath.Glob(filepath.Join(dir, "content/en/[0-9]*-*.md"))
		if len(chapters) == 0 {
			b.Skip("no bundled report in content/")
		}
		benchRebuild(b, dir, chapters[0])
	})
	b.Run(fmt.Sprintf("corpus-%d", 2*corpusN), func(b *testing.B) {
		content := writeCorpus(b, corpusN)
		dir := b.TempDir()
		copyTree(b, content, filepath.Join(dir, "content"))
		// A cover listing thousands of chapters is over the report's page budget.
		writeFile(b, filepath.Join(dir, "content/site.yaml"), "title: {zh: 语料, en: Corpus}\nlanguages: [zh, en]\nbase_url: https://example.org/\nbudgets: {page_kb: 100000, index_kb: 100000}\n")
		copyTree(b, "../../layouts", filepath.Join(dir, "layouts"))
		copyTree(b, "../../assets", filepath.Join(dir, "assets"))
		benchRebuild(b, dir, filepath.Join(dir, fmt.Sprintf("content/en/%04d-c%d.md", corpusN/2, corpusN/2)))
	})
}

func benchRebuild(b *testing.B, dir, chapter string) {
	p := Project{
		Content: os.DirFS(filepath.Join(dir, "content")),
		Layouts: os.DirFS(filepath.Join(dir, "layouts")),
		Assets:  os.DirFS(filepath.Join(dir, "assets")),
	}
	// early is when the pages were ready for serve to show (Options.Early), from the build's start.
	var started time.Time
	var early time.Duration
	bld := New(p, Options{Early: func(string, output.Files, []string) { early += time.Since(started) }})
	if res, ds := bld.Build(context.Background()); res == nil {
		b.Fatal(ds)
	}
	early = 0
	original, err := os.ReadFile(chapter)
	if err != nil {
		b.Fatal(err)
	}
	stages := map[string]time.Duration{}
	var order []string
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(chapter, fmt.Appendf(original[:len(original):len(original)], "\nEdit number %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		var res *Result
		var ds diag.List
		// Labelled so a profile shows rebuilds alone: go tool pprof -tagfocus build=rebuild.
		pprof.Do(context.Background(), pprof.Labels("build", "rebuild"), func(ctx context.Context) {
			started = time.Now()
			res, ds = bld.Build(ctx)
		})
		if res == nil {
			b.Fatal(ds)
		}
		for _, t := range res.Timings {
			if _, ok := stages[t.Stage]; !ok {
				order = append(order, t.Stage)
			}
			stages[t.Stage] += t.D
		}
	}
	for _, s := range order {
		b.ReportMetric(float64(stages[s].Microseconds())/1000/float64(i), s+"-ms")
	}
	b.ReportMetric(float64(early.Microseconds())/1000/float64(i), "early-ms")
}
