package mermaid

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomGraph writes a random flowchart: nodes of every shape with Latin and
// CJK labels, edges of every kind with and without labels, cycles, self
// loops, nested subgraphs and edges to them.
func randomGraph(r *rand.Rand, nodes, edges int, clusters bool) string {
	dirs := []string{"TB", "BT", "LR", "RL"}
	opens := [][2]string{{"[", "]"}, {"(", ")"}, {"([", "])"}, {"[[", "]]"}, {"[(", ")]"}, {"((", "))"}, {"{", "}"}, {"{{", "}}"}, {"[/", "/]"}, {`[\`, `\]`}, {">", "]"}}
	words := []string{"alpha", "服务网格", "Go", "a much longer label that has to wrap somewhere", "状态", "x", "检查 ch == nil?"}
	links := []string{"-->", "---", "-.->", "==>", "--o", "--x", "<-->", "--->", "~~~"}
	var b strings.Builder
	fmt.Fprintf(&b, "flowchart %s\n", dirs[r.IntN(len(dirs))])
	open := 0
	var subs []string
	for i := 0; i < nodes; i++ {
		if clusters && r.IntN(8) == 0 {
			if open > 0 && r.IntN(2) == 0 {
				b.WriteString("end\n")
				open--
			} else {
				id := fmt.Sprintf("S%d", len(subs))
				subs = append(subs, id)
				fmt.Fprintf(&b, "subgraph %s [%s]\n", id, words[r.IntN(len(words))])
				if r.IntN(3) == 0 {
					fmt.Fprintf(&b, "direction %s\n", dirs[r.IntN(len(dirs))])
				}
				open++
			}
		}
		o := opens[r.IntN(len(opens))]
		fmt.Fprintf(&b, "n%d%s\"%s %d\"%s\n", i, o[0], words[r.IntN(len(words))], i, o[1])
	}
	for ; open > 0; open-- {
		b.WriteString("end\n")
	}
	for i := 0; i < edges; i++ {
		from := fmt.Sprintf("n%d", r.IntN(nodes))
		to := fmt.Sprintf("n%d", r.IntN(nodes))
		if len(subs) > 0 && r.IntN(10) == 0 {
			to = subs[r.IntN(len(subs))]
		}
		link := links[r.IntN(len(links))]
		label := ""
		if r.IntN(3) == 0 {
			label = "|" + words[r.IntN(len(words))] + "|"
		}
		fmt.Fprintf(&b, "%s %s%s %s\n", from, link, label, to)
	}
	return b.String()
}

type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool {
	const eps = 0.5
	return a.x0 < b.x1-eps && b.x0 < a.x1-eps && a.y0 < b.y1-eps && b.y0 < a.y1-eps
}

func (a box) inside(b box) bool {
	const eps = 0.5
	return a.x0 >= b.x0-eps && a.y0 >= b.y0-eps && a.x1 <= b.x1+eps && a.y1 <= b.y1+eps
}

func nodeBox(n placedNode) box {
	return box{n.C.X - n.W/2, n.C.Y - n.H/2, n.C.X + n.W/2, n.C.Y + n.H/2}
}

func labelBox(e placedEdge) box {
	w, h := e.Label.W+2*labelPadX, e.Label.H+2*labelPadY
	return box{e.LabelC.X - w/2, e.LabelC.Y - h/2, e.LabelC.X + w/2, e.LabelC.Y + h/2}
}

// checkLayout returns the first broken layout property, or "".
func checkLayout(g *Graph, d *diagram) string {
	view := box{0, 0, d.W, d.H}
	for i, a := range d.Nodes {
		if !nodeBox(a).inside(view) {
			return fmt.Sprintf("node %s %v outside the viewBox %v", a.Node.ID, nodeBox(a), view)
		}
		for _, b := range d.Nodes[i+1:] {
			if nodeBox(a).overlaps(nodeBox(b)) {
				return fmt.Sprintf("nodes %s %v and %s %v overlap", a.Node.ID, nodeBox(a), b.Node.ID, nodeBox(b))
			}
		}
	}
	clusterBox := map[string]box{}
	for _, c := range d.Clusters {
		cb := box{c.X, c.Y, c.X + c.W, c.Y + c.H}
		clusterBox[c.Sub.ID] = cb
		if !cb.inside(view) {
			return fmt.Sprintf("cluster %s %v outside the viewBox", c.Sub.ID, cb)
		}
	}
	for _, n := range d.Nodes {
		for s := n.Node.Subgraph; s != ""; s = g.Subgraph(s).Parent {
			if !nodeBox(n).inside(clusterBox[s]) {
				return fmt.Sprintf("node %s %v outside its cluster %s %v", n.Node.ID, nodeBox(n), s, clusterBox[s])
			}
		}
		for _, c := range d.Clusters {
			if !strings.Contains("/"+ancestors(g, n.Node.Subgraph)+"/", "/"+c.Sub.ID+"/") && nodeBox(n).overlaps(clusterBox[c.Sub.ID]) {
				return fmt.Sprintf("node %s %v overlaps foreign cluster %s %v", n.Node.ID, nodeBox(n), c.Sub.ID, clusterBox[c.Sub.ID])
			}
		}
	}
	for _, e := range d.Edges {
		if e.Skip {
			continue
		}
		if e.HasLabel {
			lb := labelBox(e)
			if !lb.inside(view) {
				return fmt.Sprintf("label of %s→%s %v outside the viewBox", e.Edge.From, e.Edge.To, lb)
			}
			for _, n := range d.Nodes {
				if lb.overlaps(nodeBox(n)) {
					return fmt.Sprintf("label of %s→%s %v overlaps node %s %v", e.Edge.From, e.Edge.To, lb, n.Node.ID, nodeBox(n))
				}
			}
		}
		if len(e.Points) < 2 {
			return fmt.Sprintf("edge %s→%s has %d points", e.Edge.From, e.Edge.To, len(e.Points))
		}
		for _, p := range e.Points {
			if !(box{p.X, p.Y, p.X, p.Y}).inside(view) {
				return fmt.Sprintf("edge %s→%s point %v outside the viewBox", e.Edge.From, e.Edge.To, p)
			}
		}
		ends := [2]struct {
			id string
			p  pt
		}{{e.Edge.From, e.Points[0]}, {e.Edge.To, e.Points[len(e.Points)-1]}}
		for _, end := range ends {
			poly := borderOf(g, d, end.id)
			if dist := distToPolygon(poly, end.p); dist > 0.5 {
				return fmt.Sprintf("edge %s→%s ends at %v, %.2f off the border of %s", e.Edge.From, e.Edge.To, end.p, dist, end.id)
			}
		}
	}
	return ""
}

func ancestors(g *Graph, s string) string {
	var out []string
	for ; s != ""; s = g.Subgraph(s).Parent {
		out = append(out, s)
	}
	return strings.Join(out, "/")
}

func borderOf(g *Graph, d *diagram, id string) []pt {
	for _, n := range d.Nodes {
		if n.Node.ID == id {
			return outline(n.Node.Shape, n.C, n.W, n.H)
		}
	}
	for _, c := range d.Clusters {
		if c.Sub.ID == id {
			return outline(ShapeRect, pt{c.X + c.W/2, c.Y + c.H/2}, c.W, c.H)
		}
	}
	return nil
}

// TestLayoutProperties lays out many random graphs and checks what every
// layout must satisfy: no overlapping nodes, labels clear of nodes, edges
// ending on borders, clusters around their nodes, everything in view, and
// the same output for the same input.
func TestLayoutProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		n := 1 + r.IntN(25)
		src := randomGraph(r, n, r.IntN(2*n+1), i%2 == 0)
		g, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		d := layout(g)
		if msg := checkLayout(g, d); msg != "" {
			t.Fatalf("layout of\n%s\n%s", src, msg)
		}
		for _, v := range []float64{d.W, d.H} {
			if math.IsNaN(v) || v <= 0 {
				t.Fatalf("layout of\n%s\nhas size %v×%v", src, d.W, d.H)
			}
		}
		a, err := Render([]byte(src), Options{})
		if err != nil {
			t.Fatalf("Render(%q): %v", src, err)
		}
		b, _ := Render([]byte(src), Options{})
		if !bytes.Equal(a, b) {
			t.Fatalf("Render(%q) is not deterministic", src)
		}
	}
}

// TestLayoutReport checks the layout properties on the report's diagrams
// and that their chains are drawn straight.
func TestLayoutStraightChain(t *testing.T) {
	src := "graph TD\n A[容器化] --> B[声明式编排]\n B --> C[服务网格]\n C --> D[GitOps/FaaS]\n D --> E[Go 成为默认胶水语言]"
	g, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := layout(g)
	if msg := checkLayout(g, d); msg != "" {
		t.Fatal(msg)
	}
	for _, n := range d.Nodes[1:] {
		if math.Abs(n.C.X-d.Nodes[0].C.X) > 0.01 {
			t.Errorf("layout(%q): node %s at x=%.2f, want x=%.2f like A", src, n.Node.ID, n.C.X, d.Nodes[0].C.X)
		}
	}
}
