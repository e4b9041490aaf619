package mermaid

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.mmd")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("graph TD\nA-->|x|B\nA -- y --> C\nA -. z .-> D\nA == w ==> E"))
	f.Add([]byte("flowchart LR\nsubgraph a\nb\nend\na --> b\nA@{ shape: diam, label: \"q\" }"))
}

// FuzzParse checks that the parser never panics and that every failure is
// an *Error with a line inside the input.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 {
			return
		}
		g, err := Parse(src)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("Parse(%q) error %v is not an *Error", src, err)
			}
			if perr.Line < 0 || perr.Line > countLines(src)+1 {
				t.Fatalf("Parse(%q) error on line %d of %d", src, perr.Line, countLines(src))
			}
			return
		}
		for _, e := range g.Edges {
			if g.Node(e.From) == nil && g.Subgraph(e.From) == nil || g.Node(e.To) == nil && g.Subgraph(e.To) == nil {
				t.Fatalf("Parse(%q): edge %s→%s names an unknown id", src, e.From, e.To)
			}
		}
	})
}

// FuzzRender checks that parsing, layout and drawing together never panic
// and that what they draw keeps the layout properties.
func FuzzRender(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 2048 {
			return
		}
		g, err := Parse(src)
		if err != nil {
			return
		}
		d := layout(g)
		if msg := checkLayout(g, d); msg != "" {
			t.Fatalf("layout of %q: %s", src, msg)
		}
		if _, err := Render(src, Options{}); err != nil && DiagramType(src) != "" {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("Render(%q) error %v is not an *Error", src, err)
			}
		}
	})
}

func countLines(b []byte) int {
	n := 1
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}
