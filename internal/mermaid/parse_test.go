package mermaid

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// dump prints a graph one fact a line, in a form a person can write by hand.
func dump(g *Graph) string {
	var b strings.Builder
	fmt.Fprintf(&b, "dir %s\n", g.Direction)
	if g.Title != "" {
		fmt.Fprintf(&b, "title %q\n", g.Title)
	}
	if g.AccTitle != "" || g.AccDescr != "" {
		fmt.Fprintf(&b, "acc %q %q\n", g.AccTitle, g.AccDescr)
	}
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "node %s %s %q", n.ID, n.Shape, n.Label.Text)
		if n.Label.Markdown {
			b.WriteString(" md")
		}
		if n.Subgraph != "" {
			fmt.Fprintf(&b, " in=%s", n.Subgraph)
		}
		if len(n.Classes) > 0 {
			fmt.Fprintf(&b, " class=%s", strings.Join(n.Classes, ","))
		}
		if !n.Style.IsZero() {
			fmt.Fprintf(&b, " style=%s", styleString(n.Style))
		}
		if n.Link != "" || n.Tooltip != "" {
			fmt.Fprintf(&b, " link=%q tip=%q", n.Link, n.Tooltip)
		}
		b.WriteByte('\n')
	}
	marks := map[Marker]string{MarkerNone: "", MarkerArrow: "arrow", MarkerCircle: "circle", MarkerCross: "cross"}
	strokes := map[Stroke]string{StrokeNormal: "normal", StrokeThick: "thick", StrokeDotted: "dotted", StrokeInvisible: "invisible"}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "edge %s %s %s %s-%s len=%d", e.From, e.To, strokes[e.Stroke], marks[e.Start], marks[e.End], e.Length)
		if e.Label.Text != "" {
			fmt.Fprintf(&b, " %q", e.Label.Text)
		}
		if !e.Style.IsZero() {
			fmt.Fprintf(&b, " style=%s", styleString(e.Style))
		}
		b.WriteByte('\n')
	}
	names := make([]string, 0, len(g.ClassDefs))
	for n := range g.ClassDefs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "classDef %s %s\n", n, styleString(g.ClassDefs[n]))
	}
	for _, s := range g.Subgraphs {
		fmt.Fprintf(&b, "sub %s %q", s.ID, s.Title.Text)
		if s.Parent != "" {
			fmt.Fprintf(&b, " in=%s", s.Parent)
		}
		if s.Direction != "" {
			fmt.Fprintf(&b, " dir=%s", s.Direction)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func styleString(s Style) string {
	var parts []string
	for _, kv := range [][2]string{{"fill", s.Fill}, {"stroke", s.Stroke}, {"stroke-width", s.StrokeWidth}, {"stroke-dasharray", s.StrokeDasharray}, {"color", s.Color}, {"font-weight", s.FontWeight}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+":"+kv[1])
		}
	}
	return strings.Join(parts, ";")
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", `line 1: expected "flowchart" or "graph", found end of input`},
		{"flowchart XY\nA-->B", `line 1: expected a direction (TB, TD, BT, LR or RL) after "flowchart", found "XY"`},
		{"sequenceDiagram\nA->>B: hi", `line 1: sequenceDiagram diagrams are not supported; only flowchart/graph`},
		{"graph TD\nA --> B\nA --> |x|", `line 3: expected a node id after "-->", found end of input`},
		{"graph TD\nA --> |", `line 2: edge label is never closed: expected "|"`},
		{"graph TD\n  A[open", `line 2: expected "]" to close "[" of node A, found end of line`},
		{"graph TD\n  A{open]", `line 2: expected "}" to close "{" of node A, found end of line`},
		{"graph TD\n  A[\"unterminated]", `line 2: string is never closed: expected '"'`},
		{"graph TD\n  subgraph one\n  A", `line 2: subgraph "one" is never closed: expected "end"`},
		{"graph TD\n  end", `line 2: "end" without an open subgraph`},
		{"graph TD\n  A -- text", `line 2: expected a link end like "-->" after the link text of "--", found end of line`},
		{"graph TD\n  A B", `line 2: expected a link, "&" or end of line after "A", found "B"`},
		{"graph TD\n  A --> B\n  B --> C --> \n  C --> D", `line 3: expected a node id after "-->", found end of line`},
		{"graph TD\n  A --> B &", `line 2: expected a node id after "&", found end of input`},
		{"graph TD\n  A-->B\n  linkStyle 3 stroke:red", `line 3: linkStyle 3: the diagram has only 1 links (counted from 0)`},
		{"graph TD\n  style A fill:url(#x)", `line 2: unsupported value "url(#x)" for fill`},
		{"graph TD\n  A@{ shape: blob }", `line 2: unknown shape "blob" for node A`},
		{"graph TD\n  A:::", `line 2: expected a class name after ":::", found end of input`},
		{"---\ntitle: x\ngraph TD", `line 1: front matter is never closed: expected "---"`},
		{"graph TD\n  class A", `line 2: expected one class name after "class A", found ""`},
		{"graph TD\n  direction XY", `line 2: expected a direction (TB, TD, BT, LR or RL) after "direction", found "XY"`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src))
		var perr *Error
		if !errors.As(err, &perr) {
			t.Errorf("Parse(%q) = %v; want *Error %q", tt.src, err, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q) error\ngot  %s\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestDiagramType(t *testing.T) {
	tests := []struct{ src, want string }{
		{"graph TD\nA-->B", "graph"},
		{"\n\n  flowchart LR", "flowchart"},
		{"%% comment\n%%{init: {\n 'theme': 'dark'\n}}%%\nsequenceDiagram\n", "sequenceDiagram"},
		{"---\ntitle: t\n---\nclassDiagram", "classDiagram"},
		{"gantt;", "gantt"},
		{"", ""},
		{"%% only a comment", ""},
	}
	for _, tt := range tests {
		if got := DiagramType([]byte(tt.src)); got != tt.want {
			t.Errorf("DiagramType(%q) = %q; want %q", tt.src, got, tt.want)
		}
	}
}

func TestRenderUnsupportedType(t *testing.T) {
	src := "---\ntitle: t\n---\nsequenceDiagram\n  A->>B: hi"
	_, err := Render([]byte(src), Options{})
	var perr *Error
	if !errors.As(err, &perr) || perr.Line != 4 || !strings.Contains(perr.Msg, "sequenceDiagram diagrams are not supported") {
		t.Errorf("Render(%q) error = %v; want line 4 naming sequenceDiagram", src, err)
	}
}
