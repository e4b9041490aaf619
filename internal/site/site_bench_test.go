package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"folio/internal/output"
)

// BenchmarkBuildProject builds a whole project directory (content/, layouts/, assets/) named
// by FOLIO_BENCH_PROJECT, such as a corpus from cmd/corpus, so that its profile can be taken:
//
//	go run ./cmd/corpus -n 1000 -out bench/out/corpus-1000
//	FOLIO_BENCH_PROJECT=$PWD/bench/out/corpus-1000 go test ./internal/site -run XXX \
//	    -bench BuildProject -benchtime 3x -cpuprofile cpu.prof
//
// "cold" starts each build with an empty cache directory; "warm" reuses the one the previous
// build filled, as a second folio build does; both write the site, as folio build does.
func BenchmarkBuildProject(b *testing.B) {
	dir := os.Getenv("FOLIO_BENCH_PROJECT")
	if dir == "" {
		b.Skip("FOLIO_BENCH_PROJECT not set")
	}
	p := Project{
		Content: os.DirFS(filepath.Join(dir, "content")),
		Layouts: os.DirFS(filepath.Join(dir, "layouts")),
		Assets:  os.DirFS(filepath.Join(dir, "assets")),
	}
	for _, warm := range []bool{false, true} {
		name := map[bool]string{false: "cold", true: "warm"}[warm]
		b.Run(name, func(b *testing.B) {
			cache := filepath.Join(b.TempDir(), "cache")
			out := filepath.Join(b.TempDir(), "public")
			if warm {
				if res, ds := New(p, Options{CacheDir: cache}).Build(context.Background()); res == nil {
					b.Fatal(ds)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if !warm {
					os.RemoveAll(cache)
				}
				res, ds := New(p, Options{CacheDir: cache}).Build(context.Background())
				if res == nil {
					b.Fatal(ds)
				}
				if err := output.Write(out, res.Files); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
