package mermaid

import (
	"math"
	"sort"
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
	balanceSweeps = 8
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
	// Compaction: pull a node down towards its successors when it has more
	// edges below than above, shortening edges overall.
	for i := len(topo) - 1; i >= 0; i-- {
		v := topo[i]
		it := lv.items[v]
		if it.kind == kindPortIn || len(succ[v]) == 0 || len(succ[v]) <= len(pred[v]) {
			continue
		}
		lim := math.MaxInt
		for _, e := range succ[v] {
			lim = min(lim, lv.items[e.to].rank-e.minlen)
		}
		if lim > it.rank {
			it.rank = lim
		}
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
	for _, it := range lv.items {
		switch it.kind {
		case kindPortIn:
			it.rank = lo - 1
		case kindPortOut:
			it.rank = hi + 1
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
// best order seen.
func (lv *level) order() {
	best := lv.crossings()
	bestOrder := lv.snapshot()
	bary := make([]float64, len(lv.items))
	stale := 0
	for iter := 0; iter < orderIters && best > 0 && stale < 6; iter++ {
		if iter%2 == 0 {
			for r := 1; r < len(lv.ranks); r++ {
				lv.sortRank(r, true, bary)
			}
		} else {
			for r := len(lv.ranks) - 2; r >= 0; r-- {
				lv.sortRank(r, false, bary)
			}
		}
		lv.transpose()
		stale++
		if c := lv.crossings(); c < best {
			best, bestOrder, stale = c, lv.snapshot(), 0
		}
	}
	for r, ids := range bestOrder {
		lv.ranks[r] = ids
		for i, v := range ids {
			lv.items[v].order = i
		}
	}
}

func (lv *level) snapshot() [][]int {
	s := make([][]int, len(lv.ranks))
	for r, ids := range lv.ranks {
		s[r] = append([]int(nil), ids...)
	}
	return s
}

func (lv *level) sortRank(r int, useUp bool, bary []float64) {
	ids := lv.ranks[r]
	for _, v := range ids {
		it := lv.items[v]
		nb := it.down
		if useUp {
			nb = it.up
		}
		if len(nb) == 0 {
			bary[v] = float64(it.order) // no neighbours: keep the place
			continue
		}
		sum := 0.0
		for _, u := range nb {
			sum += float64(lv.items[u].order)
		}
		bary[v] = sum/float64(len(nb)) + 1e-6*float64(it.order)
	}
	sort.SliceStable(ids, func(i, j int) bool { return bary[ids[i]] < bary[ids[j]] })
	for i, v := range ids {
		lv.items[v].order = i
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
// a Fenwick tree, O(E log V) per pair.
func (lv *level) crossings() int {
	total := 0
	var pairs [][2]int
	for r := 0; r+1 < len(lv.ranks); r++ {
		pairs = pairs[:0]
		for _, v := range lv.ranks[r] {
			for _, d := range lv.items[v].down {
				pairs = append(pairs, [2]int{lv.items[v].order, lv.items[d].order})
			}
		}
		sort.Slice(pairs, func(i, j int) bool {
			if pairs[i][0] != pairs[j][0] {
				return pairs[i][0] < pairs[j][0]
			}
			return pairs[i][1] < pairs[j][1]
		})
		size := len(lv.ranks[r+1]) + 1
		tree := make([]int, size+1)
		for i, p := range pairs {
			// Count earlier edges ending strictly right of this one.
			le := 0
			for k := p[1] + 1; k > 0; k -= k & -k {
				le += tree[k]
			}
			total += i - le
			for k := p[1] + 1; k <= size; k += k & -k {
				tree[k]++
			}
		}
	}
	return total
}
