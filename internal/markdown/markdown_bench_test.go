package markdown

import (
	"os"
	"testing"

	"folio/internal/content"
)

// BenchmarkConvert is the markdown stage on every page of the bundled report: goldmark, and
// every fenced block rendered (code highlighted, diagrams and charts drawn). "cold" renders
// each block; "cached" serves them from a warm block cache, as serve and a warm build do.
func BenchmarkConvert(b *testing.B) {
	fsys := os.DirFS("../../content")
	site, ds := content.Load(fsys, content.Options{})
	if site == nil {
		b.Skipf("no report content: %v", ds)
	}
	var srcs []Source
	var langs []string
	for _, ed := range site.Editions {
		for _, p := range ed.Pages() {
			srcs = append(srcs, Source{File: p.Path(), Body: p.Body, FirstLine: p.BodyLine})
			langs = append(langs, ed.Lang)
		}
	}
	data := func(name string) string { return "/data/" + name }
	for _, bc := range []struct {
		name  string
		cache func() *Cache
	}{
		{"cold", func() *Cache { return nil }},
		{"cached", func() *Cache { return NewCache() }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			convs := map[string]*Converter{}
			cache := bc.cache()
			for _, l := range langs {
				convs[l] = New(Options{Lang: l, FS: fsys, Cache: cache, DataURL: data})
			}
			b.ReportAllocs()
			for b.Loop() {
				for i, src := range srcs {
					if _, ds := convs[langs[i]].Convert(src); ds.Err() != nil {
						b.Fatal(ds)
					}
				}
			}
			b.ReportMetric(float64(len(srcs)), "pages")
		})
	}
}
