package mermaid

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden renders every diagram under testdata/golden and
// testdata/report and compares it with the .svg beside it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.mmd")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden diagrams found")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".mmd"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Render(src, Options{IDPrefix: "g-"})
			if err != nil {
				t.Fatalf("Render(%s): %v", f, err)
			}
			golden := strings.TrimSuffix(f, ".mmd") + ".svg"
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			want = bytes.TrimSuffix(want, []byte("\n"))
			if !bytes.Equal(got, want) {
				t.Errorf("Render(%s) differs from %s at byte %d:\ngot  …%s…\nwant …%s…", f, golden, diffAt(got, want), around(got, diffAt(got, want)), around(want, diffAt(got, want)))
			}
		})
	}
}

func diffAt(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func around(b []byte, i int) string {
	lo, hi := max(0, i-60), min(len(b), i+60)
	return string(b[lo:hi])
}

// TestRenderEscapes checks that label text never becomes markup and that
// script links are dropped.
func TestRenderEscapes(t *testing.T) {
	src := "flowchart TD\n  A[\"<script>alert(1)</script>\"] -->|\"<img src=x>\"| B[\"a & b\"]\n  click A \"javascript:alert(1)\"\n  click B \"https://example.com/?a=1&b=2\""
	svg, err := Render([]byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, bad := range []string{"<script", "<img", "javascript:", "a & b"} {
		if strings.Contains(s, bad) {
			t.Errorf("Render(%q) contains %q:\n%s", src, bad, s)
		}
	}
	for _, good := range []string{"&lt;script&gt;", "a &amp; b", `href="https://example.com/?a=1&amp;b=2"`} {
		if !strings.Contains(s, good) {
			t.Errorf("Render(%q) lacks %q", src, good)
		}
	}
}

// TestRenderIDs checks that every id carries the prefix, so diagrams on one
// page never collide, and that references point at ids that exist.
func TestRenderIDs(t *testing.T) {
	src := []byte("flowchart LR\n  A --> B --o C --x D\n  linkStyle 0 stroke:red")
	for _, prefix := range []string{"", "mm7-"} {
		svg, err := Render(src, Options{IDPrefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		want := prefix
		if want == "" {
			want = "mm-"
		}
		s := string(svg)
		ids := map[string]bool{}
		for _, part := range strings.Split(s, ` id="`)[1:] {
			id := part[:strings.IndexByte(part, '"')]
			if !strings.HasPrefix(id, want) {
				t.Errorf("Render with prefix %q: id %q lacks it", prefix, id)
			}
			if ids[id] {
				t.Errorf("Render with prefix %q: id %q twice", prefix, id)
			}
			ids[id] = true
		}
		for _, part := range strings.Split(s, `url(#`)[1:] {
			ref := part[:strings.IndexByte(part, ')')]
			if !ids[ref] {
				t.Errorf("Render with prefix %q: url(#%s) names no element", prefix, ref)
			}
		}
		for _, attr := range []string{`role="img"`, `aria-roledescription="flowchart"`, "<title id=", "viewBox="} {
			if !strings.Contains(s, attr) {
				t.Errorf("Render(%q) lacks %s", src, attr)
			}
		}
		if strings.HasPrefix(s, "<?xml") {
			t.Errorf("Render(%q) starts with an XML prolog", src)
		}
	}
}
