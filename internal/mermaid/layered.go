package mermaid

import (
	"cmp"
	"math"
	"slices"
)

// This file is the layered layout of one level graph (the children of one
// cluster): cycle removal, rank assignment, virtual nodes for long edges and
// edge labels, crossing reduction and coordinate assignment. It works in a
// frame where ranks grow downwards (y) and order grows rightwards (x); the
// caller maps the frame onto the level's real direction.

type itemKind int

const (
	kindNode itemKind = iota
	kindBlock
	kindPortIn
	kindPortOut
	kindVirtual
	kindLabel
)

// item is a vertex of a level graph.
type item struct {
	kind     itemKind
	id       string  // node or subgraph id, for nodes and blocks
	edge     int     // g.Edges index, for ports, virtual and label items
	w, h     float64 // size in the frame: w across ranks' order, h along ranks
	padRight float64 // extra room on the frame's right (self loops)

	rank, order int
	x, y        float64 // frame centre

	up, down []int     // neighbours one rank above and below
	wUp      []float64 // edge weights of up and down, for the balancing pass
	wDown    []float64
}

// ledge is an edge of a level graph before virtual nodes split it.
type ledge struct {
	from, to int // items, oriented along the ranks after cycle removal
	minlen   int
	edge     int // g.Edges index
	reversed bool
	labelW   float64
	labelH   float64
	hasLabel bool
	chain    []int // from, virtual/label items..., to
}

// level is one level graph and its solved layout.
type level struct {
	items []*item
	edges []*ledge
	ranks [][]int
}

const (
	nodeSep       = 40.0 // between real items in a rank
	edgeSep       = 16.0 // next to a virtual item
	rankGap       = 26.0 // between consecutive ranks; a rank pair per edge
	orderIters    = 24
	orderPatience = 4 // sweeps without fewer crossings before giving up
	// transposeItems bounds the levels where every sweep is followed by
	// transpose, whose cost grows with the square of item degrees.
	transposeItems = 1000
	balanceSweeps  = 8
)

func isReal(it *item) bool {
	return it.kind == kindNode || it.kind == kindBlock || it.kind == kindLabel
}

// rankItems breaks cycles and assigns ranks.
func (lv *level) rankItems() {
	n := len(lv.items)
	out := make([][]*ledge, n)
	for _, e := range lv.edges {
		out[e.from] = append(out[e.from], e)
	}
	// Cycle removal: depth-first in source order, reversing back edges, so
	// the first declared node of a cycle stays on top as the author wrote it.
	state := make([]uint8, n)
	var stack []struct{ v, i int }
	for s := 0; s < n; s++ {
		if state[s] != 0 {
			continue
		}
		state[s] = 1
		stack = append(stack[:0], struct{ v, i int }{s, 0})
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.i >= len(out[top.v]) {
				state[top.v] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			e := out[top.v][top.i]
			top.i++
			switch state[e.to] {
			case 1:
				e.reversed = true
			case 0:
				state[e.to] = 1
				stack = append(stack, struct{ v, i int }{e.to, 0})
			}
		}
	}
	for _, e := range lv.edges {
		if e.reversed {
			e.from, e.to = e.to, e.from
		}
	}
	// Longest path from the sources.
	indeg := make([]int, n)
	succ := make([][]*ledge, n)
	pred := make([][]*ledge, n)
	for _, e := range lv.edges {
		indeg[e.to]++
		succ[e.from] = append(succ[e.from], e)
		pred[e.to] = append(pred[e.to], e)
	}
	topo := make([]int, 0, n)
	for v := 0; v < n; v++ {
		if indeg[v] == 0 {
			topo = append(topo, v)
		}
	}
	for i := 0; i < len(topo); i++ {
		v := topo[i]
		for _, e := range succ[v] {
			if r := lv.items[v].rank + e.minlen; r > lv.items[e.to].rank {
				lv.items[e.to].rank = r
			}
			if indeg[e.to]--; indeg[e.to] == 0 {
				topo = append(topo, e.to)
			}
		}
	}
	// Shortest edges overall: merge parallel edges, then network simplex.
	rank := make([]int, n)
	for v, it := range lv.items {
		rank[v] = it.rank
	}
	var ns []nsEdge
	merged := map[[2]int]int{}
	for _, e := range lv.edges {
		k := [2]int{e.from, e.to}
		if i, ok := merged[k]; ok {
			ns[i].minlen = max(ns[i].minlen, e.minlen)
			ns[i].weight++
			continue
		}
		merged[k] = len(ns)
		ns = append(ns, nsEdge{from: e.from, to: e.to, minlen: e.minlen, weight: 1})
	}
	networkSimplex(n, ns, rank)
	for v, it := range lv.items {
		it.rank = rank[v]
	}
	// Ports sit on the cluster border: every in-port on the first rank,
	// every out-port on the last.
	lo, hi, any := math.MaxInt, math.MinInt, false
	for _, it := range lv.items {
		if it.kind != kindPortIn && it.kind != kindPortOut {
			lo, hi, any = min(lo, it.rank), max(hi, it.rank), true
		}
	}
	if !any {
		lo, hi = 0, 0
	}
	// A labelled edge from a port (one between a cluster and its own
	// content) needs a rank for its label between the border and the rest.
	inGap, outGap := 1, 1
	for _, e := range lv.edges {
		if e.hasLabel && lv.items[e.from].kind == kindPortIn {
			inGap = 2
		}
		if e.hasLabel && lv.items[e.to].kind == kindPortOut {
			outGap = 2
		}
	}
	for _, it := range lv.items {
		switch it.kind {
		case kindPortIn:
			it.rank = lo - inGap
		case kindPortOut:
			it.rank = hi + outGap
		}
	}
	base := math.MaxInt
	for _, it := range lv.items {
		base = min(base, it.rank)
	}
	for _, it := range lv.items {
		it.rank -= base
	}
}

// virtualize splits edges longer than one rank into chains of virtual items,
// with the label item in the middle.
func (lv *level) virtualize() {
	outdeg := make([]int, len(lv.items))
	indeg := make([]int, len(lv.items))
	for _, e := range lv.edges {
		outdeg[e.from]++
		indeg[e.to]++
	}
	for _, e := range lv.edges {
		// Fan-outs and fan-ins pull weakly so that chains below and above
		// them stay straight; the hub still centres over its neighbours.
		f := float64(max(1, outdeg[e.from]) * max(1, indeg[e.to]))
		fan := 1 / (f * f)
		a, b := lv.items[e.from], lv.items[e.to]
		e.chain = []int{e.from}
		mid := (a.rank + b.rank) / 2
		for r := a.rank + 1; r < b.rank; r++ {
			it := &item{kind: kindVirtual, edge: e.edge, rank: r}
			if e.hasLabel && r == mid {
				it.kind, it.w, it.h = kindLabel, e.labelW, e.labelH
			}
			lv.items = append(lv.items, it)
			e.chain = append(e.chain, len(lv.items)-1)
		}
		e.chain = append(e.chain, e.to)
		for i := 0; i+1 < len(e.chain); i++ {
			u, v := lv.items[e.chain[i]], lv.items[e.chain[i+1]]
			w := fan
			switch {
			case !isReal(u) && !isReal(v):
				w *= 8
			case !isReal(u) || !isReal(v):
				w *= 2
			}
			u.down = append(u.down, e.chain[i+1])
			u.wDown = append(u.wDown, w)
			v.up = append(v.up, e.chain[i])
			v.wUp = append(v.wUp, w)
		}
	}
	maxRank := 0
	for _, it := range lv.items {
		maxRank = max(maxRank, it.rank)
	}
	lv.ranks = make([][]int, maxRank+1)
	// Initial order: breadth first from the sources in source order, which
	// keeps the author's order when there is nothing to untangle.
	seen := make([]bool, len(lv.items))
	var queue []int
	for v, it := range lv.items {
		if len(it.up) == 0 && (it.kind == kindNode || it.kind == kindBlock || it.kind == kindPortIn) {
			queue = append(queue, v)
			seen[v] = true
		}
	}
	for v := range lv.items {
		if len(lv.items[v].up) == 0 && !seen[v] {
			queue = append(queue, v)
			seen[v] = true
		}
	}
	for i := 0; i < len(queue); i++ {
		v := queue[i]
		it := lv.items[v]
		it.order = len(lv.ranks[it.rank])
		lv.ranks[it.rank] = append(lv.ranks[it.rank], v)
		for _, d := range it.down {
			if !seen[d] {
				seen[d] = true
				queue = append(queue, d)
			}
		}
	}
	for v, it := range lv.items {
		if !seen[v] {
			it.order = len(lv.ranks[it.rank])
			lv.ranks[it.rank] = append(lv.ranks[it.rank], v)
		}
	}
}

// order reduces crossings with barycentric sweeps down and up, keeping the
// best order seen and stopping when sweeps stop improving it. A sweep sorts
// each rank once and counts crossings with an accumulator tree, so it costs
// O(E log V).
func (lv *level) order() {
	o := orderer{lv: lv, best: make([]int, len(lv.items))}
	best := o.crossings()
	o.keep()
	stale := 0
	for iter := 0; iter < orderIters && best > 0 && stale < orderPatience; iter++ {
		if iter%2 == 0 {
			for r := 1; r < len(lv.ranks); r++ {
				o.sortRank(r, true)
			}
		} else {
			for r := len(lv.ranks) - 2; r >= 0; r-- {
				o.sortRank(r, false)
			}
		}
		if len(lv.items) <= transposeItems {
			lv.transpose()
		}
		stale++
		if c := o.crossings(); c < best {
			best, stale = c, 0
			o.keep()
		}
	}
	for _, ids := range lv.ranks {
		slices.SortFunc(ids, func(a, b int) int { return o.best[a] - o.best[b] })
		for i, v := range ids {
			lv.items[v].order = i
		}
	}
	// A swap that transpose makes removes crossings and adds none, so one
	// final run can only improve the best order.
	lv.transpose()
}

// orderer holds the scratch space of the ordering sweeps.
type orderer struct {
	lv   *level
	best []int // item → order in the best ordering so far
	keys []baryKey
	tree []int
}

type baryKey struct {
	bary  float64
	order int
	v     int
}

func (o *orderer) keep() {
	for v, it := range o.lv.items {
		o.best[v] = it.order
	}
}

// sortRank sorts rank r by the mean order of each item's neighbours in the
// rank above (useUp) or below; items without such neighbours keep their
// place, and ties keep the current order.
func (o *orderer) sortRank(r int, useUp bool) {
	lv := o.lv
	ids := lv.ranks[r]
	o.keys = o.keys[:0]
	for _, v := range ids {
		it := lv.items[v]
		nb := it.down
		if useUp {
			nb = it.up
		}
		b := float64(it.order)
		if len(nb) > 0 {
			sum := 0
			for _, u := range nb {
				sum += lv.items[u].order
			}
			b = float64(sum) / float64(len(nb))
		}
		o.keys = append(o.keys, baryKey{b, it.order, v})
	}
	slices.SortFunc(o.keys, func(a, b baryKey) int {
		if c := cmp.Compare(a.bary, b.bary); c != 0 {
			return c
		}
		return a.order - b.order
	})
	for i, k := range o.keys {
		ids[i] = k.v
		lv.items[k.v].order = i
	}
}

// transpose swaps neighbours in a rank while that removes crossings; only
// for small ranks, where it is cheap.
func (lv *level) transpose() {
	for improved, pass := true, 0; improved && pass < 4; pass++ {
		improved = false
		for r := range lv.ranks {
			ids := lv.ranks[r]
			if len(ids) > 40 {
				continue
			}
			for i := 0; i+1 < len(ids); i++ {
				a, b := lv.items[ids[i]], lv.items[ids[i+1]]
				if pairCross(lv, a, b) > pairCross(lv, b, a) {
					ids[i], ids[i+1] = ids[i+1], ids[i]
					a.order, b.order = b.order, a.order
					improved = true
				}
			}
		}
	}
}

// pairCross counts crossings between the edges of a and b when a is left of b.
func pairCross(lv *level, a, b *item) int {
	c := 0
	for _, nb := range [2][2][]int{{a.up, b.up}, {a.down, b.down}} {
		for _, u := range nb[0] {
			for _, v := range nb[1] {
				if lv.items[u].order > lv.items[v].order {
					c++
				}
			}
		}
	}
	return c
}

// crossings counts edge crossings between all pairs of adjacent ranks with
// a Fenwick tree over the lower rank, O(E log V) per pair: walking the
// upper rank left to right, an edge crosses every earlier edge that ends
// strictly right of it. Edges of one upper item never cross each other, so
// each item's edges are counted before any of them is added.
func (o *orderer) crossings() int {
	lv := o.lv
	total := 0
	for r := 0; r+1 < len(lv.ranks); r++ {
		size := len(lv.ranks[r+1])
		o.tree = slices.Grow(o.tree[:0], size+1)[:size+1]
		clear(o.tree)
		added := 0
		for _, v := range lv.ranks[r] {
			down := lv.items[v].down
			for _, d := range down {
				le := 0
				for k := lv.items[d].order + 1; k > 0; k -= k & -k {
					le += o.tree[k]
				}
				total += added - le
			}
			for _, d := range down {
				for k := lv.items[d].order + 1; k <= size; k += k & -k {
					o.tree[k]++
				}
			}
			added += len(down)
		}
	}
	return total
}
