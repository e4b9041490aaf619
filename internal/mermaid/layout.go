package mermaid

import "math"

// Layout places a parsed graph. Subgraphs are laid out bottom-up as blocks:
// each cluster is a level graph of its own (its nodes, child clusters as
// single blocks, and ports where edges cross its border), solved by the
// layered algorithm in layered.go, so clusters always contain their nodes
// and may have their own direction. An edge that crosses cluster borders is
// routed in pieces, one per level it crosses, joined at the ports.

// placedNode is a node with its centre and outer size.
type placedNode struct {
	Node *Node
	C    pt
	W, H float64
	Text textBlock
}

// placedCluster is a subgraph's box (top-left corner and size).
type placedCluster struct {
	Sub        *Subgraph
	X, Y, W, H float64
	Text       textBlock
	Depth      int
}

// placedEdge is an edge's route. Points run from the From end to the To
// end, clipped to both borders; a self loop has Loop set and Points holds
// one cubic Bézier segment.
type placedEdge struct {
	Edge     *Edge
	Points   []pt
	Dir      Direction // the flow at the level the edge is routed in
	Loop     bool
	Skip     bool // a cluster's edge to itself is not drawn
	HasLabel bool
	Label    textBlock
	LabelC   pt
}

// diagram is a laid out graph, in SVG user units.
type diagram struct {
	W, H     float64
	Title    textBlock
	TitleC   pt
	Nodes    []placedNode
	Clusters []placedCluster
	Edges    []placedEdge
}

const (
	clusterPad = 16.0
	diagramPad = 8.0
	titleScale = 1.125 // the diagram title is drawn at 18px
	labelPadX  = 6.0
	labelPadY  = 2.0
	loopReach  = 30.0
	maxLength  = 8 // longer edges add no meaning, only ranks
)

type container struct {
	id     string
	sub    *Subgraph
	parent string
	depth  int
	dir    Direction
	nodes  []string
	subs   []string

	w, h   float64 // real box size
	pos    pt      // top-left in the parent's box
	nodeC  map[string]pt
	subPos map[string]pt
	parts  map[int][]pt // edge index → route piece, From end first
	labels map[int]pt
	loops  []int
}

type edgeInfo struct {
	lca          string
	skip, loop   bool
	uPath, vPath []string // containers from the endpoint's home up to the root
	label        textBlock
	hasLabel     bool
}

type layoutState struct {
	g     *Graph
	conts map[string]*container
	text  map[string]textBlock
	size  map[string][2]float64
	edges []edgeInfo
}

func layout(g *Graph) *diagram {
	st := &layoutState{
		g:     g,
		conts: map[string]*container{"": {id: "", nodeC: map[string]pt{}, subPos: map[string]pt{}, parts: map[int][]pt{}, labels: map[int]pt{}}},
		text:  map[string]textBlock{},
		size:  map[string][2]float64{},
	}
	for _, s := range g.Subgraphs {
		st.conts[s.ID] = &container{id: s.ID, sub: s, parent: s.Parent, nodeC: map[string]pt{}, subPos: map[string]pt{}, parts: map[int][]pt{}, labels: map[int]pt{}}
	}
	for _, s := range g.Subgraphs {
		p := st.conts[s.Parent]
		p.subs = append(p.subs, s.ID)
	}
	for _, s := range g.Subgraphs {
		for c := st.conts[s.ID]; c.id != ""; c = st.conts[c.parent] {
			st.conts[s.ID].depth++
		}
	}
	for _, n := range g.Nodes {
		st.conts[n.Subgraph].nodes = append(st.conts[n.Subgraph].nodes, n.ID)
		t := measure(n.Label, wrapWidth)
		w, h := nodeSize(n.Shape, t)
		st.text[n.ID], st.size[n.ID] = t, [2]float64{w, h}
	}
	st.edges = make([]edgeInfo, len(g.Edges))
	for i, e := range g.Edges {
		st.edges[i] = st.classify(e)
	}
	st.place("", nil, g.Direction)

	// Absolute positions, top-down.
	d := &diagram{W: st.conts[""].w, H: st.conts[""].h}
	abs := map[string]pt{"": {}}
	var origin func(id string) pt
	origin = func(id string) pt {
		if o, ok := abs[id]; ok {
			return o
		}
		c := st.conts[id]
		po := origin(c.parent)
		p := st.conts[c.parent].subPos[id]
		o := pt{po.X + p.X, po.Y + p.Y}
		abs[id] = o
		return o
	}
	centre := map[string]pt{}
	for _, s := range g.Subgraphs {
		o, c := origin(s.ID), st.conts[s.ID]
		d.Clusters = append(d.Clusters, placedCluster{Sub: s, X: o.X, Y: o.Y, W: c.w, H: c.h, Text: measure(s.Title, math.Inf(1)), Depth: c.depth})
		centre[s.ID] = pt{o.X + c.w/2, o.Y + c.h/2}
	}
	for _, n := range g.Nodes {
		o := origin(n.Subgraph)
		c := st.conts[n.Subgraph].nodeC[n.ID]
		sz := st.size[n.ID]
		d.Nodes = append(d.Nodes, placedNode{Node: n, C: pt{o.X + c.X, o.Y + c.Y}, W: sz[0], H: sz[1], Text: st.text[n.ID]})
		centre[n.ID] = d.Nodes[len(d.Nodes)-1].C
	}
	shapeOf := func(id string) []pt {
		if n := g.Node(id); n != nil {
			sz := st.size[id]
			return outline(n.Shape, centre[id], sz[0], sz[1])
		}
		c := st.conts[id]
		return outline(ShapeRect, centre[id], c.w, c.h)
	}
	for i, e := range g.Edges {
		info := st.edges[i]
		pe := placedEdge{Edge: e, Skip: info.skip, HasLabel: info.hasLabel, Label: info.label}
		if info.skip {
			d.Edges = append(d.Edges, pe)
			continue
		}
		lca := st.conts[info.lca]
		pe.Dir = lca.dir
		if info.loop {
			pe.Loop = true
			pe.Points, pe.LabelC = selfLoop(shapeOf(e.From), centre[e.From], st.size[e.From], lca.dir, info.label)
			d.Edges = append(d.Edges, pe)
			continue
		}
		var seq []string
		for _, c := range info.uPath {
			if c == info.lca || e.From == info.lca {
				break
			}
			seq = append(seq, c)
		}
		seq = append(seq, info.lca)
		var down []string
		for _, c := range info.vPath {
			if c == info.lca || e.To == info.lca {
				break
			}
			down = append(down, c)
		}
		for k := len(down) - 1; k >= 0; k-- {
			seq = append(seq, down[k])
		}
		var pts []pt
		for _, cid := range seq {
			o := origin(cid)
			for _, p := range st.conts[cid].parts[i] {
				q := pt{p.X + o.X, p.Y + o.Y}
				if n := len(pts); n > 0 && math.Abs(pts[n-1].X-q.X) < 0.01 && math.Abs(pts[n-1].Y-q.Y) < 0.01 {
					continue
				}
				pts = append(pts, q)
			}
		}
		if lp, ok := lca.labels[i]; ok {
			o := origin(info.lca)
			pe.LabelC = pt{lp.X + o.X, lp.Y + o.Y}
		}
		// Clip the ends to their borders; an edge between a cluster and its
		// content already starts or ends on the cluster's border.
		if n := len(pts); n >= 2 {
			if e.From != info.lca {
				pts[0] = clip(shapeOf(e.From), pts[0], pts[1])
			}
			if e.To != info.lca {
				pts[n-1] = clip(shapeOf(e.To), pts[n-1], pts[n-2])
			}
		}
		pe.Points = pts
		d.Edges = append(d.Edges, pe)
	}
	root := st.conts[""]
	if g.Title != "" {
		d.Title = measure(Label{Text: g.Title}, math.Inf(1))
		d.TitleC = pt{root.w / 2, diagramPad + d.Title.H*titleScale/2}
	}
	return d
}

// home is the container an id sits in: a node's subgraph, a subgraph's parent.
func (st *layoutState) home(id string) string {
	if n := st.g.Node(id); n != nil {
		return n.Subgraph
	}
	return st.g.Subgraph(id).Parent
}

func (st *layoutState) path(id string) []string {
	var p []string
	c := st.home(id)
	for {
		p = append(p, c)
		if c == "" {
			return p
		}
		c = st.conts[c].parent
	}
}

func (st *layoutState) classify(e *Edge) edgeInfo {
	info := edgeInfo{uPath: st.path(e.From), vPath: st.path(e.To)}
	if e.Label.Text != "" && e.Stroke != StrokeInvisible {
		info.hasLabel = true
		info.label = measure(e.Label, wrapWidth)
	}
	if e.From == e.To {
		info.loop = st.g.Node(e.From) != nil
		info.skip = !info.loop
		info.lca = st.home(e.From)
		return info
	}
	in := func(id string, path []string) bool {
		for _, c := range path {
			if c == id {
				return true
			}
		}
		return false
	}
	// An edge between a cluster and its own content is laid out inside the
	// cluster and drawn from its border.
	if st.g.Subgraph(e.From) != nil && in(e.From, info.vPath) {
		info.lca = e.From
		return info
	}
	if st.g.Subgraph(e.To) != nil && in(e.To, info.uPath) {
		info.lca = e.To
		return info
	}
	for _, c := range info.uPath {
		if in(c, info.vPath) {
			info.lca = c
			break
		}
	}
	return info
}

// itemAt is the child of container c that holds id (id itself when it sits
// directly in c).
func itemAt(path []string, id, c string) string {
	for i, p := range path {
		if p == c {
			if i == 0 {
				return id
			}
			return path[i-1]
		}
	}
	return ""
}

// frameSize maps a real size into the frame of a direction.
func frameSize(dir Direction, w, h float64) (float64, float64) {
	if dir == LR || dir == RL {
		return h, w
	}
	return w, h
}

// place lays out container cid with the given ports (edge index → true for
// an edge entering across the rank-start side) and returns its box size.
func (st *layoutState) place(cid string, ports map[int]bool, dir Direction) {
	c := st.conts[cid]
	if c.sub != nil && c.sub.Direction != "" && len(ports) == 0 {
		dir = c.sub.Direction // mermaid ignores a cluster's direction when edges cross its border
	}
	c.dir = dir
	lv := &level{}
	index := map[string]int{}
	add := func(it *item) int {
		lv.items = append(lv.items, it)
		return len(lv.items) - 1
	}
	for _, id := range c.nodes {
		sz := st.size[id]
		w, h := frameSize(dir, sz[0], sz[1])
		index[id] = add(&item{kind: kindNode, id: id, w: w, h: h})
	}
	for _, id := range c.subs {
		index[id] = add(&item{kind: kindBlock, id: id})
	}
	for i, e := range st.g.Edges {
		info := &st.edges[i]
		if info.skip || info.lca != cid {
			continue
		}
		if info.loop {
			it := lv.items[index[e.From]]
			it.padRight = max(it.padRight, loopReach+8)
			if info.hasLabel {
				lw, lh := frameSize(dir, info.label.W+2*labelPadX, info.label.H+2*labelPadY)
				it.padRight = max(it.padRight, loopReach+lw+4)
				it.h = max(it.h, lh) // the label sits level with the node
			}
			c.loops = append(c.loops, i)
			continue
		}
		le := &ledge{minlen: 2 * min(max(1, e.Length), maxLength), edge: i}
		switch cid {
		case e.From: // from this cluster's border to its content
			le.from, le.to = add(&item{kind: kindPortIn, edge: i}), index[itemAt(info.vPath, e.To, cid)]
		case e.To:
			le.from, le.to = index[itemAt(info.uPath, e.From, cid)], add(&item{kind: kindPortOut, edge: i})
		default:
			le.from, le.to = index[itemAt(info.uPath, e.From, cid)], index[itemAt(info.vPath, e.To, cid)]
		}
		if info.hasLabel {
			le.hasLabel = true
			le.labelW, le.labelH = frameSize(dir, info.label.W+2*labelPadX, info.label.H+2*labelPadY)
		}
		lv.edges = append(lv.edges, le)
	}
	for _, i := range sortedKeys(ports) {
		e, info := st.g.Edges[i], st.edges[i]
		inner, path := e.From, info.uPath
		if itemAt(info.uPath, e.From, cid) == "" {
			inner, path = e.To, info.vPath
		}
		target := index[itemAt(path, inner, cid)]
		if ports[i] {
			p := add(&item{kind: kindPortIn, edge: i})
			lv.edges = append(lv.edges, &ledge{from: p, to: target, minlen: 1, edge: i})
		} else {
			p := add(&item{kind: kindPortOut, edge: i})
			lv.edges = append(lv.edges, &ledge{from: target, to: p, minlen: 1, edge: i})
		}
	}
	lv.rankItems()

	// Ports of child clusters follow from the ranks found here.
	childPorts := map[string]map[int]bool{}
	through := func(it *item, i int) bool {
		if it.kind != kindBlock {
			return false
		}
		e := st.g.Edges[i]
		return e.From != it.id && e.To != it.id
	}
	for _, le := range lv.edges {
		for end, v := range [2]int{le.from, le.to} {
			it := lv.items[v]
			if !through(it, le.edge) {
				continue
			}
			if childPorts[it.id] == nil {
				childPorts[it.id] = map[int]bool{}
			}
			childPorts[it.id][le.edge] = end == 1
		}
	}
	for _, id := range c.subs {
		st.place(id, childPorts[id], dir)
		sc := st.conts[id]
		it := lv.items[index[id]]
		it.w, it.h = frameSize(dir, sc.w, sc.h)
	}
	lv.virtualize()
	lv.order()
	lv.coordinates()

	// Box: content, padding and the title on the real top.
	fw, fh := lv.extent()
	cw, ch := frameSize(dir, fw, fh)
	pad, titleH, titleW := clusterPad, 0.0, 0.0
	if c.sub != nil {
		if t := measure(c.sub.Title, math.Inf(1)); c.sub.Title.Text != "" {
			titleH, titleW = t.H+8, t.W
		}
	} else {
		pad = diagramPad
		if st.g.Title != "" {
			t := measure(Label{Text: st.g.Title}, math.Inf(1))
			titleH, titleW = t.H*titleScale+12, t.W*titleScale
		}
	}
	if len(lv.items) == 0 {
		cw, ch = max(titleW, 40), 8
	}
	c.w = max(cw, titleW) + 2*pad
	c.h = ch + 2*pad + titleH
	off := pt{(c.w - cw) / 2, pad + titleH}
	toReal := func(it *item) pt {
		var p pt
		switch dir {
		case BT:
			p = pt{it.x, fh - it.y}
		case LR:
			p = pt{it.y, it.x}
		case RL:
			p = pt{fh - it.y, it.x}
		default:
			p = pt{it.x, it.y}
		}
		return pt{p.X + off.X, p.Y + off.Y}
	}
	border := func(p pt, rankStart bool) pt {
		side := map[Direction]bool{TB: true, LR: true}[dir] == rankStart // top/left side?
		switch {
		case dir == TB || dir == BT:
			if side {
				return pt{p.X, 0}
			}
			return pt{p.X, c.h}
		default:
			if side {
				return pt{0, p.Y}
			}
			return pt{c.w, p.Y}
		}
	}
	for _, it := range lv.items {
		switch it.kind {
		case kindNode:
			c.nodeC[it.id] = toReal(it)
		case kindBlock:
			p, sc := toReal(it), st.conts[it.id]
			c.subPos[it.id] = pt{p.X - sc.w/2, p.Y - sc.h/2}
		}
	}
	for _, le := range lv.edges {
		var pts []pt
		for _, v := range le.chain {
			it := lv.items[v]
			switch it.kind {
			case kindBlock:
				if through(it, le.edge) {
					continue // the child's piece ends on the border
				}
				sc := st.conts[it.id]
				pos := c.subPos[it.id]
				pts = append(pts, pt{pos.X + sc.w/2, pos.Y + sc.h/2})
			case kindPortIn:
				pts = append(pts, border(toReal(it), true))
			case kindPortOut:
				pts = append(pts, border(toReal(it), false))
			case kindLabel:
				c.labels[le.edge] = toReal(it)
				pts = append(pts, toReal(it))
			default:
				pts = append(pts, toReal(it))
			}
		}
		e := st.g.Edges[le.edge]
		// Pieces run From → To: reverse those drawn against the ranks,
		// and port pieces whose inner end is the edge's To end.
		rev := le.reversed
		if isIn, isOut := lv.items[le.from].kind == kindPortIn, lv.items[le.to].kind == kindPortOut; isIn || isOut {
			innerIsFrom := itemAt(st.edges[le.edge].uPath, e.From, cid) != ""
			rev = innerIsFrom && isIn || !innerIsFrom && isOut
		}
		if rev {
			for a, b := 0, len(pts)-1; a < b; a, b = a+1, b-1 {
				pts[a], pts[b] = pts[b], pts[a]
			}
		}
		c.parts[le.edge] = pts
	}
}

func sortedKeys(m map[int]bool) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// selfLoop draws a loop on the side of a node that the layout kept free:
// the right in vertical flows, the bottom in horizontal ones.
func selfLoop(poly []pt, c pt, size [2]float64, dir Direction, label textBlock) ([]pt, pt) {
	w, h := size[0], size[1]
	if dir == LR || dir == RL {
		a := clip(poly, c, pt{c.X - w*0.3, c.Y + h})
		b := clip(poly, c, pt{c.X + w*0.3, c.Y + h})
		bottom := c.Y + h/2
		lc := pt{c.X, bottom + loopReach + label.H/2 + labelPadY + 2}
		return []pt{a, {a.X - 14, bottom + loopReach}, {b.X + 14, bottom + loopReach}, b}, lc
	}
	a := clip(poly, c, pt{c.X + w, c.Y - h*0.3})
	b := clip(poly, c, pt{c.X + w, c.Y + h*0.3})
	right := c.X + w/2
	lc := pt{right + loopReach + label.W/2 + labelPadX + 2, c.Y}
	return []pt{a, {right + loopReach, a.Y - 14}, {right + loopReach, b.Y + 14}, b}, lc
}
