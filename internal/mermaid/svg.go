package mermaid

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// The drawing step: a laid out diagram to SVG markup. Colours never appear
// here unless an author set them (style, classDef, linkStyle): everything
// else is a class styled by assets/css/40-mermaid.css through custom
// properties, so light and dark themes apply.

const (
	arrowLen  = 9.0
	circleLen = 9.0
	crossLen  = 4.0
)

type svgWriter struct {
	bytes.Buffer
	prefix    string
	allColors []string // author edge colours, in marker order
}

func num(x float64) string { return string(appendNum(nil, x)) }

// appendNum appends x rounded to hundredths, in its shortest form.
func appendNum(b []byte, x float64) []byte {
	r := math.Round(x*100) / 100
	if math.IsNaN(r) || math.IsInf(r, 0) || r == 0 {
		return append(b, '0') // also turns −0 into 0
	}
	return strconv.AppendFloat(b, r, 'f', -1, 64)
}

func esc(s string) string { return html.EscapeString(s) }

var className = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`) })

func draw(g *Graph, d *diagram, opts Options) []byte {
	w := &svgWriter{prefix: opts.IDPrefix, allColors: markerColors(d)}
	p := opts.IDPrefix
	title, desc := summary(g)
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" class="mm-diagram" viewBox="0 0 %s %s" width="%s" height="%s" style="max-width:100%%;height:auto" role="img" aria-roledescription="flowchart" aria-labelledby="%stitle" aria-describedby="%sdesc">`,
		num(d.W), num(d.H), num(d.W), num(d.H), p, p)
	fmt.Fprintf(w, `<title id="%stitle">%s</title><desc id="%sdesc">%s</desc>`, p, esc(title), p, esc(desc))
	w.markers(g, d)
	if g.Title != "" {
		w.text(d.Title, d.TitleC, "mm-title", "", titleScale)
	}
	if len(d.Clusters) > 0 {
		w.WriteString(`<g class="mm-clusters">`)
		for _, c := range d.Clusters {
			w.cluster(g, c)
		}
		w.WriteString(`</g>`)
	}
	w.WriteString(`<g class="mm-edges">`)
	for i, e := range d.Edges {
		w.edge(e, i)
	}
	w.WriteString(`</g><g class="mm-edge-labels">`)
	for _, e := range d.Edges {
		if e.HasLabel && !e.Skip && e.Edge.Stroke != StrokeInvisible {
			w.edgeLabel(e)
		}
	}
	w.WriteString(`</g><g class="mm-nodes">`)
	for _, n := range d.Nodes {
		w.node(g, n)
	}
	w.WriteString(`</g></svg>`)
	return w.Bytes()
}

// summary is the accessible name and description: the front matter title
// (or accTitle, or the node labels) and the edges in words.
func summary(g *Graph) (string, string) {
	title := g.Title
	if title == "" {
		title = g.AccTitle
	}
	label := func(id string) string {
		if n := g.Node(id); n != nil {
			return strings.ReplaceAll(n.Label.Text, "\n", " ")
		}
		if s := g.Subgraph(id); s != nil {
			return strings.ReplaceAll(s.Title.Text, "\n", " ")
		}
		return id
	}
	if title == "" {
		var names []string
		for i, n := range g.Nodes {
			if i == 8 {
				names = append(names, "…")
				break
			}
			names = append(names, label(n.ID))
		}
		title = "Flowchart: " + strings.Join(names, ", ")
	}
	if g.AccDescr != "" {
		return title, g.AccDescr
	}
	var parts []string
	for i, e := range g.Edges {
		if i == 60 {
			parts = append(parts, "…")
			break
		}
		s := label(e.From) + " → " + label(e.To)
		if e.Label.Text != "" {
			s += " (" + strings.ReplaceAll(e.Label.Text, "\n", " ") + ")"
		}
		parts = append(parts, s)
	}
	return title, strings.Join(parts, "; ")
}

// markerColors lists the author colours of edges, each of which needs its
// own markers so arrowheads match their line.
func markerColors(d *diagram) []string {
	var cs []string
	seen := map[string]bool{}
	for _, e := range d.Edges {
		if c := e.Edge.Style.Stroke; c != "" && !seen[c] {
			seen[c] = true
			cs = append(cs, c)
		}
	}
	return cs
}

func (w *svgWriter) markerID(kind string, e *Edge, colors []string) string {
	id := w.prefix + kind
	for i, c := range colors {
		if c == e.Style.Stroke {
			id += "-" + strconv.Itoa(i)
		}
	}
	return id
}

func (w *svgWriter) markers(g *Graph, d *diagram) {
	used := map[Marker]bool{}
	for _, e := range d.Edges {
		used[e.Edge.Start], used[e.Edge.End] = true, true
	}
	if !used[MarkerArrow] && !used[MarkerCircle] && !used[MarkerCross] {
		return
	}
	w.WriteString(`<defs>`)
	colors := append([]string{""}, markerColors(d)...)
	for i, c := range colors {
		suffix, style := "", ""
		if c != "" {
			suffix = "-" + strconv.Itoa(i-1)
			style = fmt.Sprintf(` style="fill:%s;stroke:%s"`, esc(c), esc(c))
		}
		if used[MarkerArrow] {
			fmt.Fprintf(w, `<marker id="%sarrow%s" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="%s" markerHeight="%s" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path class="mm-marker" d="M0,0L10,5L0,10z"%s/></marker>`,
				w.prefix, suffix, num(arrowLen), num(arrowLen), style)
		}
		if used[MarkerCircle] {
			fmt.Fprintf(w, `<marker id="%scircle%s" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="%s" markerHeight="%s" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><circle class="mm-marker" cx="5" cy="5" r="4"%s/></marker>`,
				w.prefix, suffix, num(circleLen), num(circleLen), style)
		}
		if used[MarkerCross] {
			fmt.Fprintf(w, `<marker id="%scross%s" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path class="mm-marker mm-marker-cross" d="M1,1L9,9M1,9L9,1"%s/></marker>`,
				w.prefix, suffix, style)
		}
	}
	w.WriteString(`</defs>`)
}

// text writes a laid out label centred on c.
func (w *svgWriter) text(t textBlock, c pt, class, style string, scale float64) {
	fmt.Fprintf(w, `<text class="%s" text-anchor="middle"%s>`, class, style)
	lh := lineHeight * scale
	top := c.Y - float64(len(t.Lines))*lh/2
	for i, ln := range t.Lines {
		y := top + lh*float64(i) + lh/2 + fontSize*scale*0.35
		fmt.Fprintf(w, `<tspan x="%s" y="%s">`, num(c.X), num(y))
		for _, s := range ln.Spans {
			if !s.Bold && !s.Italic {
				w.WriteString(esc(s.Text))
				continue
			}
			w.WriteString(`<tspan`)
			if s.Bold {
				w.WriteString(` font-weight="bold"`)
			}
			if s.Italic {
				w.WriteString(` font-style="italic"`)
			}
			fmt.Fprintf(w, `>%s</tspan>`, esc(s.Text))
		}
		w.WriteString(`</tspan>`)
	}
	w.WriteString(`</text>`)
}

// styles resolves classDef default, the node's classes and its own style
// statements, in that order of precedence.
func resolveStyle(g *Graph, classes []string, own Style, isNode bool) Style {
	var st Style
	if len(classes) == 0 && isNode {
		st = g.ClassDefs["default"]
	}
	for _, c := range classes {
		st = st.merge(g.ClassDefs[c])
	}
	return st.merge(own)
}

func shapeStyle(s Style) string {
	var b []string
	for _, kv := range [][2]string{{"fill", s.Fill}, {"stroke", s.Stroke}, {"stroke-width", s.StrokeWidth}, {"stroke-dasharray", s.StrokeDasharray}} {
		if kv[1] != "" {
			b = append(b, kv[0]+":"+kv[1])
		}
	}
	if len(b) == 0 {
		return ""
	}
	return ` style="` + esc(strings.Join(b, ";")) + `"`
}

func textStyle(s Style) string {
	var b []string
	for _, kv := range [][2]string{{"fill", s.Color}, {"font-weight", s.FontWeight}, {"font-style", s.FontStyle}} {
		if kv[1] != "" {
			b = append(b, kv[0]+":"+kv[1])
		}
	}
	if len(b) == 0 {
		return ""
	}
	return ` style="` + esc(strings.Join(b, ";")) + `"`
}

func userClasses(classes []string) string {
	var out []string
	for _, c := range classes {
		if className().MatchString(c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " " + strings.Join(out, " ")
}

func (w *svgWriter) cluster(g *Graph, c placedCluster) {
	st := resolveStyle(g, c.Sub.Classes, c.Sub.Style, false)
	fmt.Fprintf(w, `<g class="mm-cluster%s"><rect class="mm-cluster-box" x="%s" y="%s" width="%s" height="%s" rx="4"%s/>`,
		userClasses(c.Sub.Classes), num(c.X), num(c.Y), num(c.W), num(c.H), shapeStyle(st))
	if c.Sub.Title.Text != "" {
		w.text(c.Text, pt{c.X + c.W/2, c.Y + 4 + c.Text.H/2}, "mm-cluster-label", textStyle(st), 1)
	}
	w.WriteString(`</g>`)
}

func (w *svgWriter) node(g *Graph, n placedNode) {
	st := resolveStyle(g, n.Node.Classes, n.Node.Style, true)
	if n.Node.Link != "" {
		fmt.Fprintf(w, `<a href="%s"`, esc(n.Node.Link))
		if n.Node.Target != "" {
			fmt.Fprintf(w, ` target="%s"`, esc(n.Node.Target))
		}
		w.WriteString(`>`)
	}
	fmt.Fprintf(w, `<g class="mm-node mm-%s%s">`, n.Node.Shape, userClasses(n.Node.Classes))
	if n.Node.Tooltip != "" {
		fmt.Fprintf(w, `<title>%s</title>`, esc(n.Node.Tooltip))
	}
	ss := shapeStyle(st)
	x0, y0, cx, cy := n.C.X-n.W/2, n.C.Y-n.H/2, n.C.X, n.C.Y
	rect := func(rx float64) {
		fmt.Fprintf(w, `<rect class="mm-shape" x="%s" y="%s" width="%s" height="%s"`, num(x0), num(y0), num(n.W), num(n.H))
		if rx > 0 {
			fmt.Fprintf(w, ` rx="%s"`, num(rx))
		}
		fmt.Fprintf(w, `%s/>`, ss)
	}
	switch n.Node.Shape {
	case ShapeRect:
		rect(0)
	case ShapeRounded:
		rect(8)
	case ShapeStadium:
		rect(n.H / 2)
	case ShapeSubroutine:
		fmt.Fprintf(w, `<path class="mm-shape" d="M%s,%sh%sv%sh%sz M%s,%sv%s M%s,%sv%s"%s/>`,
			num(x0), num(y0), num(n.W), num(n.H), num(-n.W),
			num(x0+8), num(y0), num(n.H), num(x0+n.W-8), num(y0), num(n.H), ss)
	case ShapeCylinder:
		rx, ry := n.W/2, cylinderRY(n.W)
		body := n.H - 2*ry
		fmt.Fprintf(w, `<path class="mm-shape" d="M%s,%sa%s,%s 0 0 0 %s,0a%s,%s 0 0 0 %s,0v%sa%s,%s 0 0 0 %s,0v%s"%s/>`,
			num(x0), num(y0+ry), num(rx), num(ry), num(n.W), num(rx), num(ry), num(-n.W), num(body),
			num(rx), num(ry), num(n.W), num(-body), ss)
	case ShapeCircle:
		fmt.Fprintf(w, `<circle class="mm-shape" cx="%s" cy="%s" r="%s"%s/>`, num(cx), num(cy), num(n.W/2), ss)
	case ShapeDoubleCircle:
		fmt.Fprintf(w, `<circle class="mm-shape" cx="%s" cy="%s" r="%s"%s/>`, num(cx), num(cy), num(n.W/2), ss)
		fmt.Fprintf(w, `<circle class="mm-shape mm-inner" cx="%s" cy="%s" r="%s"%s/>`, num(cx), num(cy), num(n.W/2-5), ss)
	default:
		var b strings.Builder
		for i, q := range outline(n.Node.Shape, n.C, n.W, n.H) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(num(q.X) + "," + num(q.Y))
		}
		fmt.Fprintf(w, `<polygon class="mm-shape" points="%s"%s/>`, b.String(), ss)
	}
	w.text(n.Text, n.C, "mm-node-label", textStyle(st), 1)
	w.WriteString(`</g>`)
	if n.Node.Link != "" {
		w.WriteString(`</a>`)
	}
}

// edgePath is the SVG path of a route: a uniform cubic B-spline over the
// route's points (mermaid's curveBasis), which starts and ends on the
// route's end points, bends smoothly through the waypoints, and leaves and
// enters along the first and last legs, where the markers sit.
func edgePath(pts []pt) string {
	b := make([]byte, 0, 16+48*len(pts))
	move := func(cmd byte, ps ...pt) {
		b = append(b, cmd)
		for i, p := range ps {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendNum(b, p.X)
			b = append(b, ',')
			b = appendNum(b, p.Y)
		}
	}
	lerp := func(a, c pt, ka, kc, div float64) pt {
		return pt{(ka*a.X + kc*c.X) / div, (ka*a.Y + kc*c.Y) / div}
	}
	move('M', pts[0])
	if len(pts) == 2 {
		move('L', pts[1])
		return string(b)
	}
	move('L', lerp(pts[0], pts[1], 5, 1, 6))
	for i := 2; i <= len(pts); i++ {
		p0, p1 := pts[i-2], pts[i-1]
		p2 := pts[len(pts)-1]
		if i < len(pts) {
			p2 = pts[i]
		}
		end := pt{(p0.X + 4*p1.X + p2.X) / 6, (p0.Y + 4*p1.Y + p2.Y) / 6}
		move('C', lerp(p0, p1, 2, 1, 3), lerp(p0, p1, 1, 2, 3), end)
	}
	move('L', pts[len(pts)-1])
	return string(b)
}

// pullBack moves the end point p (reached from q) back towards q by n,
// making room for a marker whose tip then lands on p.
func pullBack(p, q pt, n float64) pt {
	dx, dy := p.X-q.X, p.Y-q.Y
	l := math.Hypot(dx, dy)
	if l <= n {
		return pt{q.X + dx*0.5, q.Y + dy*0.5}
	}
	return pt{p.X - dx/l*n, p.Y - dy/l*n}
}

func markerLen(m Marker) float64 {
	switch m {
	case MarkerArrow:
		return arrowLen
	case MarkerCircle:
		return circleLen
	case MarkerCross:
		return crossLen
	}
	return 0
}

func markerName(m Marker) string {
	return map[Marker]string{MarkerArrow: "arrow", MarkerCircle: "circle", MarkerCross: "cross"}[m]
}

func (w *svgWriter) edge(e placedEdge, i int) {
	ed := e.Edge
	if e.Skip || ed.Stroke == StrokeInvisible || len(e.Points) < 2 {
		return
	}
	pts := append([]pt(nil), e.Points...)
	var d string
	if e.Loop {
		if l := markerLen(ed.End); l > 0 {
			pts[3] = pullBack(pts[3], pts[2], l)
		}
		if l := markerLen(ed.Start); l > 0 {
			pts[0] = pullBack(pts[0], pts[1], l)
		}
		d = "M" + num(pts[0].X) + "," + num(pts[0].Y) + "C" + num(pts[1].X) + "," + num(pts[1].Y) + " " + num(pts[2].X) + "," + num(pts[2].Y) + " " + num(pts[3].X) + "," + num(pts[3].Y)
	} else {
		n := len(pts)
		if l := markerLen(ed.End); l > 0 {
			pts[n-1] = pullBack(pts[n-1], pts[n-2], l)
		}
		if l := markerLen(ed.Start); l > 0 {
			pts[0] = pullBack(pts[0], pts[1], l)
		}
		d = edgePath(pts)
	}
	class := "mm-edge"
	switch ed.Stroke {
	case StrokeThick:
		class += " mm-thick"
	case StrokeDotted:
		class += " mm-dotted"
	}
	fmt.Fprintf(w, `<path class="%s" d="%s"%s`, class, d, shapeStyle(Style{Stroke: ed.Style.Stroke, StrokeWidth: ed.Style.StrokeWidth, StrokeDasharray: ed.Style.StrokeDasharray}))
	all := w.allColors
	if ed.End != MarkerNone {
		fmt.Fprintf(w, ` marker-end="url(#%s)"`, w.markerID(markerName(ed.End), ed, all))
	}
	if ed.Start != MarkerNone {
		fmt.Fprintf(w, ` marker-start="url(#%s)"`, w.markerID(markerName(ed.Start), ed, all))
	}
	w.WriteString(`/>`)
}

func (w *svgWriter) edgeLabel(e placedEdge) {
	t := e.Label
	bw, bh := t.W+2*labelPadX, t.H+2*labelPadY
	fmt.Fprintf(w, `<g class="mm-edge-label"><rect class="mm-edge-label-bg" x="%s" y="%s" width="%s" height="%s" rx="3"/>`,
		num(e.LabelC.X-bw/2), num(e.LabelC.Y-bh/2), num(bw), num(bh))
	w.text(t, e.LabelC, "mm-edge-label-text", textStyle(Style{Color: e.Edge.Style.Color}), 1)
	w.WriteString(`</g>`)
}
