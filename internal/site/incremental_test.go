package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/internal/diag"
)

// copyTree copies src into dst.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tempProject copies the fixture site, layouts and assets into a temp dir.
func tempProject(t testing.TB) (string, Project) {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "testdata/site", filepath.Join(dir, "content"))
	copyTree(t, "../../layouts", filepath.Join(dir, "layouts"))
	copyTree(t, "../../assets", filepath.Join(dir, "assets"))
	// A sample of our own, so the test does not depend on what the fixture includes.
	writeFile(t, filepath.Join(dir, "content/code/inc/inc.go"), "package inc\n\n// START body OMIT\nfunc One() int { return 1 }\n\n// END body OMIT\n")
	writeFile(t, filepath.Join(dir, "content/en/09-sample.md"), "---\ntitle: Sample\n---\nIntro.\n\n```go file=code/inc/inc.go region=body\n```\n")
	writeFile(t, filepath.Join(dir, "content/data/inc-chart.csv"), "city,jobs\nBeijing,1240\nShanghai,1100\n")
	writeFile(t, filepath.Join(dir, "content/en/08-chart.md"), "---\ntitle: Chart\n---\nIntro.\n\n```chart\ntype: hbar\ndata: inc-chart.csv\nx: city\ny: jobs\ntitle: Jobs\n```\n")
	writeFile(t, filepath.Join(dir, "content/zh/09-sample.md"), "---\ntitle: 示例\n---\n引言。\n\n```go file=code/inc/inc.go region=body\n```\n")
	return dir, Project{
		Content: os.DirFS(filepath.Join(dir, "content")),
		Layouts: os.DirFS(filepath.Join(dir, "layouts")),
		Assets:  os.DirFS(filepath.Join(dir, "assets")),
	}
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func editFile(t testing.TB, name string, f func(string) string) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, name, f(string(data)))
}

// TestIncrementalMatchesFullBuild edits a site step by step and checks, after each step, that
// the long-lived Builder's rebuild is byte for byte what a fresh Builder makes, that Changed
// names exactly the files that differ, and that only the pages the edit touches are redone.
// The site has an origin, so the sitemap and absolute URLs are built too; a failed rebuild
// (a link broken by an edit elsewhere) must fail with a fresh build's diagnostics.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	dir, proj := tempProject(t)
	at := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	editFile(t, at("content/site.yaml"), func(s string) string {
		return strings.Replace(s, "base_url: /", "base_url: https://example.org/report/", 1)
	})
	steps := incrementalSteps(t, at)
	b := New(proj, Options{})
	prev, ds := b.Build(context.Background())
	if prev == nil {
		t.Fatalf("first build: %v", ds)
	}
	for _, st := range steps {
		st.edit()
		got, gotDs := b.Build(context.Background())
		want, wantDs := New(proj, Options{}).Build(context.Background())
		if st.fails {
			if got != nil || want != nil || gotDs.Err() == nil || gotDs.Error() != wantDs.Error() {
				t.Fatalf("%s: rebuild failed with %v; want it to fail as a fresh build does, with %v", st.name, gotDs, wantDs)
			}
			continue // the last good build stays the reference
		}
		if got == nil {
			t.Fatalf("%s: rebuild: %v", st.name, gotDs)
		}
		if want == nil {
			t.Fatalf("%s: fresh build: %v", st.name, wantDs)
		}
		if g, w := got.Files.Paths(), want.Files.Paths(); !slices.Equal(g, w) {
			t.Fatalf("%s: rebuild has files %q; fresh build %q", st.name, g, w)
		}
		for p, w := range want.Files {
			if !bytes.Equal(got.Files[p], w) {
				t.Errorf("%s: rebuilt %s differs from a fresh build:\n got %.300s\nwant %.300s", st.name, p, got.Files[p], w)
			}
		}
		var differ []string
		for _, p := range union(prev.Files.Paths(), got.Files.Paths()) {
			if !bytes.Equal(prev.Files[p], got.Files[p]) || (prev.Files[p] == nil) != (got.Files[p] == nil) {
				differ = append(differ, p)
			}
		}
		if !slices.Equal(got.Changed, differ) {
			t.Errorf("%s: Changed = %q; want %q", st.name, got.Changed, differ)
		}
		for _, p := range st.changed {
			if !slices.ContainsFunc(got.Changed, func(c string) bool { return c == p || strings.HasSuffix(p, "/") && strings.HasPrefix(c, p) }) {
				t.Errorf("%s: Changed = %q; want it to hold %s", st.name, got.Changed, p)
			}
		}
		all := len(got.Pages)
		if w := or(st.converted, all); got.Work.Converted != w {
			t.Errorf("%s: converted %d pages; want %d", st.name, got.Work.Converted, w)
		}
		if w := or(st.laidOut, all); got.Work.LaidOut != w {
			t.Errorf("%s: laid out %d pages; want %d", st.name, got.Work.LaidOut, w)
		}
		prev = got
	}
}

// incrementalStep is one edit of TestIncrementalMatchesFullBuild.
type incrementalStep struct {
	name string
	edit func()
	// converted and laidOut are the pages redone; -1 means every page.
	converted, laidOut int
	changed            []string // output paths that must be among Changed; "dir/" stands for any file under it
	fails              bool     // the build must fail, as a fresh one does
}

// incrementalSteps edits the project under at step by step: chapters, samples, data, links,
// translations, assets, layouts and config.
func incrementalSteps(t *testing.T, at func(string) string) []incrementalStep {
	return []incrementalStep{
		{"nothing", func() {}, 0, 0, nil, false},
		{"chapter body", func() {
			editFile(t, at("content/en/01-intro.md"), func(s string) string { return s + "\nA new closing paragraph.\n" })
		}, 1, 1, []string{"en/intro/index.html", "en/print/index.html", "search/en/", "en/intro/index.md", "llms-full.txt"}, false},
		{"whitespace only", func() {
			editFile(t, at("content/en/01-intro.md"), func(s string) string { return s + "\n\n" })
		}, 1, 0, nil, false}, // converted again, same HTML: nothing to lay out
		{"chapter heading", func() {
			editFile(t, at("content/en/01-intro.md"), func(s string) string {
				return strings.Replace(s, "## Background {#background}", "## Background and scope {#background}", 1)
			})
		}, 1, 1, []string{"en/intro/index.html"}, false},
		{"chapter title", func() {
			editFile(t, at("content/en/01-intro.md"), func(s string) string { return strings.Replace(s, "title: Introduction", "title: Overture", 1) })
		}, 0, 5, []string{"en/intro/index.html", "en/more/index.html", "en/index.html"}, false}, // the en edition's sidebars
		{"sample", func() {
			editFile(t, at("content/code/inc/inc.go"), func(s string) string { return strings.Replace(s, "return 1", "return 2", 1) })
		}, 2, 2, []string{"en/sample/index.html", "sample/index.html"}, false},
		{"chart data", func() {
			editFile(t, at("content/data/inc-chart.csv"), func(s string) string { return strings.Replace(s, "1100", "1500", 1) })
		}, 1, 1, []string{"en/chart/index.html", "data/inc-chart.csv"}, false},
		{"new chapter", func() {
			writeFile(t, at("content/en/03-extra.md"), "---\ntitle: Extra\n---\nMore words.\n")
		}, 1, 6, []string{"en/extra/index.html", "en/intro/index.html", "sitemap.xml", "llms.txt", "search/en/", "en/print/index.html"}, false}, // the en edition
		{"deleted chapter", func() {
			os.Remove(at("content/en/03-extra.md"))
		}, 0, 5, []string{"en/extra/index.html", "en/intro/index.html", "sitemap.xml"}, false},
		{"linked section renamed", func() {
			editFile(t, at("content/en/02-more.md"), func(s string) string { return strings.Replace(s, "{#details}", "{#specifics}", 1) })
		}, 0, 0, nil, true}, // en/01-intro.md links to 02-more.md#details
		{"link follows it", func() {
			editFile(t, at("content/en/01-intro.md"), func(s string) string { return strings.Replace(s, "02-more.md#details", "02-more.md#specifics", 1) })
		}, 1, 2, []string{"en/intro/index.html", "en/more/index.html"}, false}, // more's conversion is the failed build's
		{"linked section renamed back", func() {
			editFile(t, at("content/en/02-more.md"), func(s string) string { return strings.Replace(s, "{#specifics}", "{#details}", 1) })
		}, 1, 1, nil, true},
		{"link follows it back", func() {
			editFile(t, at("content/en/01-intro.md"), func(s string) string { return strings.Replace(s, "02-more.md#specifics", "02-more.md#details", 1) })
		}, 1, 2, []string{"en/intro/index.html", "en/more/index.html"}, false}, // more's conversion is the failed build's
		{"translation records its source", func() {
			zh, err := os.ReadFile(at("content/zh/02-more.md"))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(zh)
			editFile(t, at("content/en/02-more.md"), func(s string) string {
				return strings.Replace(s, "---\ntitle:", "---\nsource_hash: "+hex.EncodeToString(sum[:])[:12]+"\ntitle:", 1)
			})
		}, 1, 0, nil, false}, // the body moved down a line: converted again, same page
		{"original changes under its translation", func() {
			editFile(t, at("content/zh/02-more.md"), func(s string) string { return s + "\n新的一段。\n" })
		}, 1, 2, []string{"more/index.html", "en/more/index.html"}, false}, // the translation notes it is stale
		{"stylesheet", func() {
			editFile(t, at("assets/css/00-base.css"), func(s string) string { return s + "\n.added{color:red}\n" })
		}, 0, -1, []string{"en/intro/index.html"}, false},
		{"layout", func() {
			editFile(t, at("layouts/chapter.html"), func(s string) string {
				return strings.Replace(s, "<main id=\"main\">", "<main id=\"main\" data-x=\"1\">", 1)
			})
		}, -1, -1, []string{"en/intro/index.html"}, false},
		{"config", func() {
			editFile(t, at("content/site.yaml"), func(s string) string { return strings.Replace(s, "en: Test Report", "en: Test Report 2", 1) })
		}, -1, -1, []string{"en/index.html"}, false},
	}
}

func or(n, all int) int {
	if n < 0 {
		return all
	}
	return n
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// TestIncrementalAfterFailure checks that a failed build leaves the last good build as the
// reference: fixing the error back to the old text changes nothing.
func TestIncrementalAfterFailure(t *testing.T) {
	dir, proj := tempProject(t)
	page := filepath.Join(dir, "content/en/01-intro.md")
	good, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	b := New(proj, Options{})
	if res, ds := b.Build(context.Background()); res == nil {
		t.Fatalf("first build: %v", ds)
	}
	writeFile(t, page, strings.Replace(string(good), "---\ntitle:", "---\ntitle: [", 1))
	if res, ds := b.Build(context.Background()); res != nil || ds.Err() == nil {
		t.Fatalf("broken front matter: build succeeded; want an error")
	}
	writeFile(t, page, string(good))
	res, ds := b.Build(context.Background())
	if res == nil {
		t.Fatalf("fixed build: %v", ds)
	}
	if len(res.Changed) != 0 || res.Work.Converted != 0 || res.Work.LaidOut != 0 {
		t.Errorf("after fixing back: Changed = %q, Work = %+v; want nothing changed or redone", res.Changed, res.Work)
	}
}

// TestWarmBuildMatchesColdBuild is TestIncrementalMatchesFullBuild for separate processes: after
// each edit a fresh Builder with the cache directory of the last good build (its docs, pages,
// blocks, search and gzip packs) must make what a Builder without a cache makes, byte for byte;
// and a second such build, with nothing changed, must convert and lay out nothing.
func TestWarmBuildMatchesColdBuild(t *testing.T) {
	dir, proj := tempProject(t)
	at := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	cache := t.TempDir()
	build := func(opts Options) (*Result, diag.List) { return New(proj, opts).Build(context.Background()) }
	if res, ds := build(Options{CacheDir: cache}); res == nil {
		t.Fatalf("first build: %v", ds)
	}
	for _, st := range incrementalSteps(t, at) {
		st.edit()
		got, gotDs := build(Options{CacheDir: cache})
		want, wantDs := build(Options{})
		ents, _ := os.ReadDir(cache)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".") {
				t.Errorf("%s: the build left %s in the cache dir", st.name, e.Name())
			}
		}
		if st.fails {
			if got != nil || want != nil || gotDs.Error() != wantDs.Error() {
				t.Fatalf("%s: warm build failed with %v; want it to fail as a cold build does, with %v", st.name, gotDs, wantDs)
			}
			continue
		}
		if got == nil || want == nil {
			t.Fatalf("%s: warm build: %v; cold build: %v", st.name, gotDs, wantDs)
		}
		if g, w := got.Files.Paths(), want.Files.Paths(); !slices.Equal(g, w) {
			t.Fatalf("%s: warm build has files %q; cold build %q", st.name, g, w)
		}
		for p, w := range want.Files {
			if !bytes.Equal(got.Files[p], w) {
				t.Errorf("%s: warm %s differs from a cold build:\n got %.300s\nwant %.300s", st.name, p, got.Files[p], w)
			}
		}
		again, ds := build(Options{CacheDir: cache})
		if again == nil {
			t.Fatalf("%s: second warm build: %v", st.name, ds)
		}
		if again.Work.Converted != 0 || again.Work.LaidOut != 0 {
			t.Errorf("%s: a warm build of an unchanged site converted %d and laid out %d pages; want 0 and 0", st.name, again.Work.Converted, again.Work.LaidOut)
		}
	}
}
