// Package mermaid draws mermaid flowcharts as inline SVG at build time.
//
// It is a pure function from diagram source to SVG markup, in three steps
// kept in their own files: Parse reads the flowchart language into a Graph
// (parse.go), layout places nodes, clusters and edge routes with a layered
// (Sugiyama-style) algorithm (layout.go, layered.go, rank.go, coord.go),
// and the drawing step writes SVG whose colours come from CSS custom
// properties, so the page's light and dark themes apply (svg.go). Only flowcharts are supported;
// DiagramType lets a caller pick a fallback for the other diagram kinds.
package mermaid

import (
	"bytes"
	"fmt"
	"strings"
)

// Options control one rendering.
type Options struct {
	// IDPrefix is prepended to every id in the SVG (markers, title ids...)
	// so several diagrams on one page never collide. Empty means "mm-".
	IDPrefix string
}

// Error is a parse or render error. Line is 1-based within the source, 0
// when the error is not tied to a line.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Render parses a flowchart and returns inline SVG markup.
func Render(src []byte, opts Options) ([]byte, error) {
	switch t := DiagramType(src); t {
	case "flowchart", "graph", "flowchart-elk":
	case "":
		return nil, &Error{Msg: "empty diagram: expected \"flowchart\" or \"graph\""}
	default:
		return nil, &Error{Line: typeLine(src), Msg: fmt.Sprintf("%s diagrams are not supported; only flowchart/graph diagrams are drawn", t)}
	}
	g, err := Parse(src)
	if err != nil {
		return nil, err
	}
	if opts.IDPrefix == "" {
		opts.IDPrefix = "mm-"
	}
	return draw(g, layout(g), opts), nil
}

// DiagramType returns the first keyword of the diagram ("flowchart",
// "graph", "sequenceDiagram"...) after front matter, directives and
// comments, or "" when there is none.
func DiagramType(src []byte) string {
	_, word := firstWord(src)
	return word
}

func typeLine(src []byte) int {
	line, _ := firstWord(src)
	return line
}

func firstWord(src []byte) (int, string) {
	// Called for every block, so it walks the lines in place rather than through a Scanner.
	line, inFront, inDirective := 0, false, false
	for rest := src; len(rest) > 0; {
		var raw []byte
		raw, rest, _ = bytes.Cut(rest, []byte("\n"))
		line++
		t := strings.TrimSpace(string(raw))
		switch {
		case inDirective:
			inDirective = !strings.Contains(t, "}%%")
			continue
		case line == 1 && t == "---":
			inFront = true
			continue
		case inFront:
			inFront = t != "---"
			continue
		case t == "":
			continue
		case strings.HasPrefix(t, "%%{"):
			inDirective = !strings.Contains(t, "}%%")
			continue
		case strings.HasPrefix(t, "%%"):
			continue
		}
		end := strings.IndexAny(t, " \t;")
		if end < 0 {
			end = len(t)
		}
		return line, t[:end]
	}
	return 0, ""
}
