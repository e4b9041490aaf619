package site

import (
	"bytes"
	"context"
	"os"
	"testing"
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
