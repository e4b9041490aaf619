package mermaid

import (
	"math"
	"slices"
)

// Coordinate assignment across ranks, after Brandes and Köpf, "Fast and
// Simple Horizontal Coordinate Assignment" (GD 2001), as dagre and so
// mermaid use it. Four layouts line each item up with a median neighbour,
// sweeping down or up and from the left or the right; each lines up
// vertical blocks and packs them as tightly as the separations allow; the
// final place of an item is the mean of its two middle candidates. Every
// step is linear in the items and edges (plus sorting each item's
// neighbours), with no iteration to convergence, so long edges and chains
// come out straight at any size.

// sep is the least distance between the centres of a and b when a is
// immediately left of b in a rank.
func (lv *level) sep(a, b *item) float64 {
	s := nodeSep
	if !isReal(a) || !isReal(b) {
		s = edgeSep
		if !isReal(a) && !isReal(b) {
			s = edgeSep * 0.75
		}
	}
	return a.w/2 + a.padRight + s + b.w/2
}

// isDummy reports the items that only carry an edge through a rank.
func isDummy(it *item) bool { return it.kind == kindVirtual || it.kind == kindLabel }

// coordinates sets x (across ranks) and y (along ranks) of every item.
func (lv *level) coordinates() {
	if len(lv.items) == 0 {
		return
	}
	bk := newAligner(lv)
	var xss [4][]float64
	best, bestW := 0, math.Inf(1)
	for k := range xss {
		xss[k] = bk.layout(k&1 == 1, k&2 == 2)
		lo, hi := math.Inf(1), math.Inf(-1)
		for v, it := range lv.items {
			lo = min(lo, xss[k][v]-it.w/2)
			hi = max(hi, xss[k][v]+it.w/2+it.padRight)
		}
		if hi-lo < bestW {
			best, bestW = k, hi-lo
		}
	}
	// Shift the layouts onto the narrowest one: left-packed ones share its
	// left end, right-packed ones its right end.
	lo, hi := minMax(xss[best])
	for k, xs := range xss {
		l, h := minMax(xs)
		d := lo - l
		if k&2 == 2 {
			d = hi - h
		}
		for v := range xs {
			xs[v] += d
		}
	}
	// The mean of the two middle candidates keeps every separation, since
	// each candidate layout does.
	var c [4]float64
	for v, it := range lv.items {
		for k := range xss {
			c[k] = xss[k][v]
		}
		slices.Sort(c[:])
		it.x = (c[1] + c[2]) / 2
	}
	lv.balance()
	lv.straighten()
	// Rank positions along the frame's y axis.
	y := 0.0
	for r, ids := range lv.ranks {
		h := 0.0
		for _, v := range ids {
			h = max(h, lv.items[v].h)
		}
		if r > 0 {
			y += rankGap
		}
		for _, v := range ids {
			lv.items[v].y = y + h/2
		}
		y += h
	}
	minX := math.Inf(1)
	for _, it := range lv.items {
		minX = min(minX, it.x-it.w/2)
	}
	for _, it := range lv.items {
		it.x -= minX
	}
}

// balance polishes the aligned layout with a few sweeps of block
// coordinate descent on sum w·(x_u − x_v)² over edges, each rank solved
// exactly under the separation constraints (isotonic regression): hubs
// centre over their neighbours and siblings spread evenly, which median
// alignment alone does not do. Starting from the alignment, few sweeps
// are needed, and their number is bounded, so the cost stays linear.
func (lv *level) balance() {
	var d, w, s, xs []float64
	var buf pavBuf
	for iter, moved := 0, math.Inf(1); iter < balanceSweeps && moved > 0.1; iter++ {
		moved = 0
		down := iter%2 == 0
		for k := range lv.ranks {
			r := k
			if !down {
				r = len(lv.ranks) - 1 - k
			}
			ids := lv.ranks[r]
			d, w, s = d[:0], w[:0], s[:0]
			for i, v := range ids {
				it := lv.items[v]
				sum, wt := 0.0, 0.0
				for j, u := range it.up {
					sum += lv.items[u].x * it.wUp[j]
					wt += it.wUp[j]
				}
				for j, u := range it.down {
					sum += lv.items[u].x * it.wDown[j]
					wt += it.wDown[j]
				}
				if wt == 0 {
					sum, wt = it.x*1e-3, 1e-3
				}
				d = append(d, sum/wt)
				w = append(w, wt)
				if i > 0 {
					s = append(s, lv.sep(lv.items[ids[i-1]], it))
				}
			}
			xs = buf.isotonic(d, w, s, xs)
			for i, v := range ids {
				moved = max(moved, math.Abs(lv.items[v].x-xs[i]))
				lv.items[v].x = xs[i]
			}
		}
	}
}

// isotonic returns x minimising sum w_i (x_i − d_i)² subject to
// x_{i+1} − x_i ≥ s_i, by pool-adjacent-violators on y_i = x_i − offset_i.
// The result is written into out, which is also returned.
func (b *pavBuf) isotonic(d, w, s, out []float64) []float64 {
	n := len(d)
	b.off = append(b.off[:0], 0)
	for i := 1; i < n; i++ {
		b.off = append(b.off, b.off[i-1]+s[i-1])
	}
	b.blocks = b.blocks[:0]
	for i := 0; i < n; i++ {
		b.blocks = append(b.blocks, pavBlock{w[i], w[i] * (d[i] - b.off[i]), 1})
		for len(b.blocks) > 1 {
			x, y := b.blocks[len(b.blocks)-2], b.blocks[len(b.blocks)-1]
			if x.swt/x.sw <= y.swt/y.sw {
				break
			}
			b.blocks = b.blocks[:len(b.blocks)-2]
			b.blocks = append(b.blocks, pavBlock{x.sw + y.sw, x.swt + y.swt, x.count + y.count})
		}
	}
	out = out[:0]
	for _, blk := range b.blocks {
		m := blk.swt / blk.sw
		for k := 0; k < blk.count; k++ {
			out = append(out, m+b.off[len(out)])
		}
	}
	return out
}

type pavBlock struct {
	sw, swt float64
	count   int
}

// pavBuf holds the scratch space of isotonic across calls.
type pavBuf struct {
	off    []float64
	blocks []pavBlock
}

func minMax(xs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

// aligner holds what the four layouts share, and their scratch space.
type aligner struct {
	lv       *level
	conflict map[uint64]struct{} // type 1 conflicts: segments crossing an inner segment
	pos      []int               // place of an item in its rank, in sweep order
	root     []int               // the top item of an item's block
	align    []int               // the next item of the block, cyclically
	nb       []int
	xs       []float64
	// The block graph: an edge from the block on the left to the block on
	// the right for every pair of neighbours in a rank, in sweep order.
	indeg []int
	start []int
	succ  []blockEdge
	topo  []int
}

type blockEdge struct {
	to  int
	sep float64
}

func newAligner(lv *level) *aligner {
	n := len(lv.items)
	return &aligner{
		lv:       lv,
		conflict: lv.typeOneConflicts(),
		pos:      make([]int, n),
		root:     make([]int, n),
		align:    make([]int, n),
		indeg:    make([]int, n),
		start:    make([]int, n+1),
	}
}

// typeOneConflicts marks the edge segments that cross an inner segment (one
// between two dummies) so that alignment leaves them bent and long edges
// straight.
func (lv *level) typeOneConflicts() map[uint64]struct{} {
	conflicts := map[uint64]struct{}{}
	for r := 1; r < len(lv.ranks); r++ {
		prevLen, layer := len(lv.ranks[r-1]), lv.ranks[r]
		k0, scan := 0, 0
		for i, v := range layer {
			k1, inner := prevLen, false
			if it := lv.items[v]; isDummy(it) {
				for _, u := range it.up {
					if isDummy(lv.items[u]) {
						k1, inner = lv.items[u].order, true
						break
					}
				}
			}
			if !inner && i != len(layer)-1 {
				continue
			}
			for _, s := range layer[scan : i+1] {
				for _, u := range lv.items[s].up {
					up := lv.items[u]
					if (up.order < k0 || k1 < up.order) && !(isDummy(up) && isDummy(lv.items[s])) {
						conflicts[segment(u, s)] = struct{}{}
					}
				}
			}
			scan, k0 = i+1, k1
		}
	}
	return conflicts
}

// segment is the key of the edge segment between an item and one below it.
func segment(upper, lower int) uint64 { return uint64(upper)<<32 | uint64(uint32(lower)) }

// layout computes one of the four candidate layouts: aligning with
// neighbours below (sweeping up) or above, packing from the right or the
// left. The result is indexed by item.
func (a *aligner) layout(down, right bool) []float64 {
	lv := a.lv
	nr := len(lv.ranks)
	layer := func(k int) []int {
		if down {
			return lv.ranks[nr-1-k]
		}
		return lv.ranks[k]
	}
	at := func(ids []int, i int) int {
		if right {
			return ids[len(ids)-1-i]
		}
		return ids[i]
	}
	for _, ids := range lv.ranks {
		for i := range ids {
			v := at(ids, i)
			a.pos[v], a.root[v], a.align[v] = i, v, v
		}
	}
	// Vertical alignment: each item joins the block of its median
	// neighbour(s) unless that would cross an earlier alignment in the rank
	// or a long edge.
	for k := 0; k < nr; k++ {
		ids, prev := layer(k), -1
		for i := range ids {
			v := at(ids, i)
			it := lv.items[v]
			nb := it.up
			if down {
				nb = it.down
			}
			if len(nb) == 0 {
				continue
			}
			if len(nb) > 1 {
				a.nb = append(a.nb[:0], nb...)
				slices.SortFunc(a.nb, func(x, y int) int { return a.pos[x] - a.pos[y] })
				nb = a.nb
			}
			m := len(nb) - 1
			for j := m / 2; j <= (m+1)/2; j++ {
				w := nb[j]
				if a.align[v] != v || prev >= a.pos[w] {
					continue
				}
				if upper, lower := w, v; len(a.conflict) > 0 {
					if down {
						upper, lower = v, w
					}
					if _, ok := a.conflict[segment(upper, lower)]; ok {
						continue
					}
				}
				a.align[w] = v
				a.root[v] = a.root[w]
				a.align[v] = a.root[v]
				prev = a.pos[w]
			}
		}
	}
	// Horizontal compaction: place each block as far left (in sweep order)
	// as its left neighbours allow, then pull it towards its right
	// neighbours where that leaves slack.
	n := len(lv.items)
	clear(a.indeg)
	clear(a.start)
	for _, ids := range lv.ranks {
		for i := 1; i < len(ids); i++ {
			a.start[a.root[at(ids, i-1)]+1]++
		}
	}
	for v := 0; v < n; v++ {
		a.start[v+1] += a.start[v]
	}
	a.succ = slices.Grow(a.succ[:0], a.start[n])[:a.start[n]]
	fill := append([]int(nil), a.start[:n]...)
	for _, ids := range lv.ranks {
		for i := 1; i < len(ids); i++ {
			u, v := at(ids, i-1), at(ids, i)
			s := lv.sep(lv.items[u], lv.items[v])
			if right {
				s = lv.sep(lv.items[v], lv.items[u])
			}
			ru, rv := a.root[u], a.root[v]
			a.succ[fill[ru]] = blockEdge{rv, s}
			fill[ru]++
			a.indeg[rv]++
		}
	}
	a.topo = a.topo[:0]
	for v := 0; v < n; v++ {
		if a.root[v] == v && a.indeg[v] == 0 {
			a.topo = append(a.topo, v)
		}
	}
	a.xs = slices.Grow(a.xs[:0], n)[:n]
	clear(a.xs)
	for i := 0; i < len(a.topo); i++ {
		u := a.topo[i]
		for _, e := range a.succ[a.start[u]:a.start[u+1]] {
			a.xs[e.to] = max(a.xs[e.to], a.xs[u]+e.sep)
			if a.indeg[e.to]--; a.indeg[e.to] == 0 {
				a.topo = append(a.topo, e.to)
			}
		}
	}
	for i := len(a.topo) - 1; i >= 0; i-- {
		u := a.topo[i]
		lim := math.Inf(1)
		for _, e := range a.succ[a.start[u]:a.start[u+1]] {
			lim = min(lim, a.xs[e.to]-e.sep)
		}
		if !math.IsInf(lim, 1) {
			a.xs[u] = max(a.xs[u], lim)
		}
	}
	out := make([]float64, n)
	for v := range out {
		out[v] = a.xs[a.root[v]]
		if right {
			out[v] = -out[v]
		}
	}
	return out
}

// straighten snaps one-to-one links that balancing left slightly bent onto
// a vertical line, when the neighbours in each rank leave room: a chain of
// boxes of different widths then reads as a straight column.
func (lv *level) straighten() {
	outdeg := make([]int, len(lv.items))
	indeg := make([]int, len(lv.items))
	for _, e := range lv.edges {
		outdeg[e.from]++
		indeg[e.to]++
	}
	var links []*ledge
	for _, e := range lv.edges {
		if outdeg[e.from] == 1 && indeg[e.to] == 1 || math.Abs(lv.items[e.from].x-lv.items[e.to].x) < 2 {
			links = append(links, e)
		}
	}
	slices.SortStableFunc(links, func(a, b *ledge) int { return lv.items[a.to].rank - lv.items[b.to].rank })
	fits := func(v int, x float64) bool {
		it := lv.items[v]
		ids := lv.ranks[it.rank]
		if it.order > 0 {
			l := lv.items[ids[it.order-1]]
			if x < l.x+lv.sep(l, it)-1e-6 {
				return false
			}
		}
		if it.order+1 < len(ids) {
			r := lv.items[ids[it.order+1]]
			if x > r.x-lv.sep(it, r)+1e-6 {
				return false
			}
		}
		return true
	}
	snap := func(x float64, chain []int) bool {
		for _, v := range chain {
			if !fits(v, x) {
				return false
			}
		}
		for _, v := range chain {
			lv.items[v].x = x
		}
		return true
	}
	for pass := 0; pass < 2; pass++ {
		for _, e := range links {
			x := lv.items[e.from].x
			if math.Abs(lv.items[e.to].x-x) > 60 {
				continue
			}
			if !snap(x, e.chain[1:]) {
				snap(lv.items[e.to].x, e.chain[:len(e.chain)-1])
			}
		}
	}
	// Alignment puts the one or two dummies of a short edge under one of
	// its ends, which draws the edge as a hook; on the line between the
	// ends it reads as one stroke. Long edges keep their vertical run.
	for _, e := range lv.edges {
		inner := e.chain[1 : len(e.chain)-1]
		if len(inner) == 0 || len(inner) > 3 {
			continue
		}
		a, b := lv.items[e.from], lv.items[e.to]
		span := float64(len(e.chain) - 1)
		ok := true
		for i, v := range inner {
			if !fits(v, a.x+(b.x-a.x)*float64(i+1)/span) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for i, v := range inner {
			lv.items[v].x = a.x + (b.x-a.x)*float64(i+1)/span
		}
	}
}

// extent is the frame size of a solved level.
func (lv *level) extent() (w, h float64) {
	for _, it := range lv.items {
		w = max(w, it.x+it.w/2+it.padRight)
		h = max(h, it.y+it.h/2)
	}
	return w, h
}
