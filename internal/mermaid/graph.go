package mermaid

// Direction is the flow of a graph or subgraph: where edges point.
type Direction string

// The four directions; mermaid's TD is read as TB.
const (
	TB Direction = "TB"
	BT Direction = "BT"
	LR Direction = "LR"
	RL Direction = "RL"
)

// Shape is the outline drawn around a node's label.
type Shape string

// The classic flowchart shapes, named after mermaid's own shape names.
const (
	ShapeRect          Shape = "rect"           // A[text]
	ShapeRounded       Shape = "rounded"        // A(text)
	ShapeStadium       Shape = "stadium"        // A([text])
	ShapeSubroutine    Shape = "subroutine"     // A[[text]]
	ShapeCylinder      Shape = "cylinder"       // A[(text)]
	ShapeCircle        Shape = "circle"         // A((text))
	ShapeDoubleCircle  Shape = "double-circle"  // A(((text)))
	ShapeAsymmetric    Shape = "asymmetric"     // A>text]
	ShapeDiamond       Shape = "diamond"        // A{text}
	ShapeHexagon       Shape = "hexagon"        // A{{text}}
	ShapeLeanRight     Shape = "lean-right"     // A[/text/]
	ShapeLeanLeft      Shape = "lean-left"      // A[\text\]
	ShapeTrapezoid     Shape = "trapezoid"      // A[/text\]
	ShapeTrapezoidDown Shape = "trapezoid-down" // A[\text/]
)

// Stroke is how an edge's line is drawn.
type Stroke int

// Edge strokes: --- , ===, -.-, ~~~.
const (
	StrokeNormal Stroke = iota
	StrokeThick
	StrokeDotted
	StrokeInvisible
)

// Marker is what an edge end looks like.
type Marker int

// Edge end markers: none, > (arrow), o (circle), x (cross).
const (
	MarkerNone Marker = iota
	MarkerArrow
	MarkerCircle
	MarkerCross
)

// Label is the text of a node, edge or subgraph title. Line breaks are "\n".
// A Markdown label keeps its **bold** and *italic* markup in Text and wraps
// automatically, as mermaid's markdown strings do.
type Label struct {
	Text     string
	Markdown bool
}

// Style holds the presentation properties folio honours from classDef, style
// and linkStyle statements. Empty fields are unset.
type Style struct {
	Fill            string
	Stroke          string
	StrokeWidth     string
	StrokeDasharray string
	Color           string
	FontWeight      string
	FontStyle       string
}

// IsZero reports whether no property is set.
func (s Style) IsZero() bool { return s == Style{} }

// merge returns s overridden by every property set in o.
func (s Style) merge(o Style) Style {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&s.Fill, o.Fill)
	set(&s.Stroke, o.Stroke)
	set(&s.StrokeWidth, o.StrokeWidth)
	set(&s.StrokeDasharray, o.StrokeDasharray)
	set(&s.Color, o.Color)
	set(&s.FontWeight, o.FontWeight)
	set(&s.FontStyle, o.FontStyle)
	return s
}

// Node is a vertex of the flowchart.
type Node struct {
	ID       string
	Label    Label
	Shape    Shape
	Classes  []string
	Style    Style  // from style statements; classDef styles are resolved at drawing
	Link     string // from click: a URL
	Target   string // from click: _blank, _self...
	Tooltip  string
	Subgraph string // innermost enclosing subgraph id, "" at top level
	Line     int    // where the node was first mentioned
}

// Edge is a link between two nodes or subgraphs (From and To are ids).
type Edge struct {
	From, To string
	Label    Label
	Stroke   Stroke
	Start    Marker
	End      Marker
	Length   int // 1 for -->, 2 for --->...: the minimum number of ranks spanned
	Style    Style
	Line     int
}

// Subgraph is a cluster of nodes drawn in a titled box.
type Subgraph struct {
	ID        string
	Title     Label
	Direction Direction // "" when it follows its parent
	Parent    string    // enclosing subgraph id, "" at top level
	Classes   []string
	Style     Style
	Line      int
}

// Graph is a parsed flowchart.
type Graph struct {
	Direction Direction
	Title     string // from front matter
	AccTitle  string
	AccDescr  string
	Nodes     []*Node     // in order of first mention
	Edges     []*Edge     // in source order (the order linkStyle counts)
	Subgraphs []*Subgraph // in order of declaration
	ClassDefs map[string]Style

	nodes map[string]*Node
	subs  map[string]*Subgraph
}

// Node returns the node with the given id, or nil.
func (g *Graph) Node(id string) *Node { return g.nodes[id] }

// Subgraph returns the subgraph with the given id, or nil.
func (g *Graph) Subgraph(id string) *Subgraph { return g.subs[id] }
