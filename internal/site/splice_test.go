package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"folio/internal/output"
)

// TestSplicedMinifyMatchesWhole builds the report, the fixture site and a small corpus twice:
// minifying each page around its code blocks and diagrams (output.Minifier.Splice, the default)
// and minifying it whole. Every file must be the same byte for byte.
func TestSplicedMinifyMatchesWhole(t *testing.T) {
	report := Project{Content: os.DirFS("../../content"), Layouts: os.DirFS("../../layouts"), Assets: os.DirFS("../../assets")}
	tests := []struct {
		name string
		proj Project
	}{
		{"report", report},
		{"fixture", fixture("testdata/site")},
		{"corpus", fixture(writeCorpus(t, 6))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spliced := build(t, tt.proj, Options{})
			b := New(tt.proj, Options{})
			b.min.Splice = false
			whole, ds := b.Build(context.Background())
			if whole == nil {
				t.Fatalf("Build: %v", ds)
			}
			if len(whole.Files) != len(spliced.Files) {
				t.Fatalf("%d files minified whole, %d spliced", len(whole.Files), len(spliced.Files))
			}
			cut := 0
			for name, want := range whole.Files {
				got := spliced.Files[name]
				if !bytes.Equal(got, want) {
					i := 0
					for i < min(len(got), len(want)) && got[i] == want[i] {
						i++
					}
					t.Errorf("%s differs at byte %d:\nwhole:   %q\nspliced: %q", name, i, want[max(0, i-40):min(len(want), i+80)], got[max(0, i-40):min(len(got), i+80)])
				}
				if bytes.Contains(got, []byte(`<pre class="chroma">`)) && bytes.Contains(got, []byte(`class="mm-diagram"`)) {
					cut++
				}
			}
			if tt.name == "report" && cut == 0 {
				t.Error("no page of the report has a verbatim block: the splice is never exercised")
			}
		})
	}
}

// TestOneShotMatches builds the report and the fixture as folio build does (Options.OneShot,
// which lets the pages' converted HTML go after the last stage reading it) and as a long-lived
// Builder does: every file must be the same.
func TestOneShotMatches(t *testing.T) {
	report := Project{Content: os.DirFS("../../content"), Layouts: os.DirFS("../../layouts"), Assets: os.DirFS("../../assets")}
	for i, proj := range []Project{report, fixture("testdata/site"), report} {
		if i == 2 {
			// Editions too big to print: the later stages still tell so without the HTML.
			defer func(n int) { maxPrintBytes = n }(maxPrintBytes)
			maxPrintBytes = 1
		}
		kept := build(t, proj, Options{})
		once := build(t, proj, Options{OneShot: true})
		if len(once.Files) != len(kept.Files) {
			t.Fatalf("%d files one-shot, %d kept", len(once.Files), len(kept.Files))
		}
		for name, want := range kept.Files {
			if !bytes.Equal(once.Files[name], want) {
				t.Errorf("%s differs in a one-shot build", name)
			}
		}
		for _, p := range once.Pages {
			if p.Doc.HTML != nil {
				t.Fatalf("%s keeps its converted HTML in a one-shot build", p.Path())
			}
		}
	}
}

// TestSinkMatches builds the report, the fixture and a corpus as folio build does, handing each
// page to an output.Stage as soon as it is final (Options.Sink), and as a long-lived Builder
// does, written with output.Write: the two directories must hold the same files, the builds
// report the same weights and warnings, and the sunk pages' HTML is let go. The third case has
// editions too big to print, so that every page lets its converted HTML go at lay-out. A warm
// build with the cache the sunk build left must give the same files again.
func TestSinkMatches(t *testing.T) {
	report := Project{Content: os.DirFS("../../content"), Layouts: os.DirFS("../../layouts"), Assets: os.DirFS("../../assets")}
	tests := []struct {
		name  string
		proj  Project
		print bool
	}{
		{"report", report, true},
		{"fixture", fixture("testdata/site"), true},
		{"corpus, no print editions", fixture(writeCorpus(t, 6)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.print {
				defer func(n int) { maxPrintBytes = n }(maxPrintBytes)
				maxPrintBytes = 1
			}
			kept := build(t, tt.proj, Options{})
			want := filepath.Join(t.TempDir(), "public")
			if err := output.Write(want, kept.Files); err != nil {
				t.Fatal(err)
			}
			cache := t.TempDir()
			for _, temp := range []string{"cold", "warm"} {
				dir := filepath.Join(t.TempDir(), "public")
				stage := output.NewStage(dir)
				res := build(t, tt.proj, Options{Sink: stage, CacheDir: cache})
				if err := stage.Commit(res.Files); err != nil {
					t.Fatal(err)
				}
				if diff := treeDiff(t, want, dir); diff != "" {
					t.Errorf("%s: the sunk build's output differs: %s", temp, diff)
				}
				sunkPages := 0
				for _, p := range res.Pages {
					if _, ok := res.Sunk[p.Out]; ok {
						sunkPages++
					}
				}
				if temp == "cold" && sunkPages != len(res.Pages) {
					t.Errorf("cold: %d pages sunk; want all %d", sunkPages, len(res.Pages))
				}
				if prints := len(res.Sunk) - sunkPages; temp == "cold" && tt.print && prints != 2 {
					t.Errorf("cold: %d print editions sunk; want 2", prints)
				}
				for name := range res.Sunk {
					if res.Files[name] != nil {
						t.Errorf("%s: sunk and in Files", name)
					}
				}
				if !slices.Equal(res.Weights, kept.Weights) {
					t.Errorf("%s: weights differ:\n sunk %v\n kept %v", temp, res.Weights[:min(5, len(res.Weights))], kept.Weights[:min(5, len(kept.Weights))])
				}
				if fmt.Sprint(res.Warnings) != fmt.Sprint(kept.Warnings) {
					t.Errorf("%s: warnings differ:\n sunk %v\n kept %v", temp, res.Warnings, kept.Warnings)
				}
				for _, p := range res.Pages {
					if p.Doc.HTML != nil {
						t.Fatalf("%s: %s keeps its converted HTML", temp, p.Path())
					}
				}
			}
		})
	}
}

// treeDiff describes how the files under two directories differ, or returns "".
func treeDiff(t *testing.T, a, b string) string {
	t.Helper()
	read := func(dir string) map[string][]byte {
		files := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	fa, fb := read(a), read(b)
	var diffs []string
	for name, data := range fa {
		if other, ok := fb[name]; !ok {
			diffs = append(diffs, "missing "+name)
		} else if !bytes.Equal(data, other) {
			diffs = append(diffs, "changed "+name)
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 10 {
		diffs = append(diffs[:10], fmt.Sprintf("and %d more", len(diffs)-10))
	}
	return strings.Join(diffs, ", ")
}
