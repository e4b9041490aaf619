package mermaid

// Rank assignment by the network simplex method of Gansner, Koutsofios,
// North and Vo, "A Technique for Drawing Directed Graphs" (1993), as dot
// and dagre use it: ranks that keep every edge at least its minimum length
// and make the weighted sum of edge lengths least. Every rank an edge spans
// becomes a virtual item in the later passes, so short edges are what keep
// them fast, as well as what makes a drawing compact.

// nsEdge is an edge of the ranking problem: rank[to] − rank[from] ≥ minlen.
type nsEdge struct {
	from, to int
	minlen   int
	weight   int
}

// simplex holds the ranking problem and its spanning tree of tight edges.
type simplex struct {
	n     int
	edges []nsEdge
	rank  []int
	inc   [][]int // vertex → incident edges

	inTree   []bool
	treeAdj  [][]int // vertex → incident tree edges
	isTree   []bool  // edge → in the tree
	parent   []int   // vertex → tree edge to its parent, −1 at a root
	cut      []int   // vertex → cut value of its parent edge
	low, lim []int   // postorder interval of each subtree
	post     []int   // vertices in postorder
	roots    []int
}

// maxSimplexPivots bounds the pivots per edge; the optimum is usually
// reached long before, and a bound keeps pathological inputs cheap.
const maxSimplexPivots = 4

// networkSimplex improves rank, a feasible ranking of an acyclic graph, to
// an optimal one. Parallel edges should be merged beforehand.
func networkSimplex(n int, edges []nsEdge, rank []int) {
	s := &simplex{n: n, edges: edges, rank: rank, inc: make([][]int, n)}
	for i, e := range edges {
		s.inc[e.from] = append(s.inc[e.from], i)
		s.inc[e.to] = append(s.inc[e.to], i)
	}
	s.feasibleTree()
	s.reindex()
	for pivots := 0; pivots < maxSimplexPivots*len(edges)+n; pivots++ {
		leave := s.leaveEdge()
		if leave < 0 {
			break
		}
		enter := s.enterEdge(leave)
		if enter < 0 {
			break
		}
		s.exchange(leave, enter)
	}
}

func (s *simplex) slack(i int) int {
	e := s.edges[i]
	return s.rank[e.to] - s.rank[e.from] - e.minlen
}

// feasibleTree grows, in every connected component, a spanning tree of
// tight edges (slack 0), shifting the tree's ranks to tighten the edge of
// least slack leaving it whenever it cannot grow.
func (s *simplex) feasibleTree() {
	s.inTree = make([]bool, s.n)
	s.isTree = make([]bool, len(s.edges))
	s.treeAdj = make([][]int, s.n)
	var members, stack []int
	for start := 0; start < s.n; start++ {
		if s.inTree[start] {
			continue
		}
		s.roots = append(s.roots, start)
		s.inTree[start] = true
		members = append(members[:0], start)
		stack = append(stack[:0], start)
		for {
			// Add every vertex reachable over tight edges.
			for len(stack) > 0 {
				v := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				for _, i := range s.inc[v] {
					e := s.edges[i]
					w := e.from + e.to - v
					if s.inTree[w] || s.slack(i) != 0 {
						continue
					}
					s.inTree[w] = true
					s.isTree[i] = true
					s.treeAdj[v] = append(s.treeAdj[v], i)
					s.treeAdj[w] = append(s.treeAdj[w], i)
					members = append(members, w)
					stack = append(stack, w)
				}
			}
			best, bestSlack := -1, 0
			for _, v := range members {
				for _, i := range s.inc[v] {
					e := s.edges[i]
					if s.inTree[e.from] == s.inTree[e.to] {
						continue
					}
					if sl := s.slack(i); best < 0 || sl < bestSlack {
						best, bestSlack = i, sl
					}
				}
			}
			if best < 0 {
				break // the component is spanned
			}
			delta := bestSlack
			if !s.inTree[s.edges[best].from] {
				delta = -delta
			}
			for _, v := range members {
				s.rank[v] += delta
			}
			stack = append(stack, members...)
		}
	}
}

// reindex roots every tree, numbers it in postorder and computes the cut
// values of its edges, children before parents.
func (s *simplex) reindex() {
	if s.parent == nil {
		s.parent = make([]int, s.n)
		s.cut = make([]int, s.n)
		s.low = make([]int, s.n)
		s.lim = make([]int, s.n)
	}
	s.post = s.post[:0]
	type frame struct{ v, next, low int }
	var stack []frame
	for _, r := range s.roots {
		s.parent[r] = -1
		stack = append(stack[:0], frame{r, 0, len(s.post) + 1})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next < len(s.treeAdj[f.v]) {
				i := s.treeAdj[f.v][f.next]
				f.next++
				if i == s.parent[f.v] {
					continue
				}
				e := s.edges[i]
				w := e.from + e.to - f.v
				s.parent[w] = i
				stack = append(stack, frame{w, 0, len(s.post) + 1})
				continue
			}
			s.post = append(s.post, f.v)
			s.low[f.v], s.lim[f.v] = f.low, len(s.post)
			stack = stack[:len(stack)-1]
		}
	}
	for _, v := range s.post {
		if s.parent[v] >= 0 {
			s.cut[v] = s.cutValue(v)
		}
	}
}

// cutValue is the cut value of the tree edge from v to its parent: the
// weight of edges from the tail side of the cut to the head side, less the
// weight of those going back. It reuses the cut values of v's children.
func (s *simplex) cutValue(v int) int {
	pe := s.edges[s.parent[v]]
	p := pe.from + pe.to - v
	childIsTail := pe.from == v
	cut := pe.weight
	for _, i := range s.inc[v] {
		if i == s.parent[v] {
			continue
		}
		e := s.edges[i]
		out := e.from == v
		other := e.from + e.to - v
		if other == p {
			continue
		}
		toHead := out == childIsTail
		if toHead {
			cut += e.weight
		} else {
			cut -= e.weight
		}
		if s.isTree[i] { // other is a child of v
			if toHead {
				cut -= s.cut[other]
			} else {
				cut += s.cut[other]
			}
		}
	}
	return cut
}

// leaveEdge returns a tree edge with a negative cut value (as the child
// vertex below it), or −1 when the ranking is optimal.
func (s *simplex) leaveEdge() int {
	for _, v := range s.post {
		if s.parent[v] >= 0 && s.cut[v] < 0 {
			return v
		}
	}
	return -1
}

// enterEdge returns the non-tree edge of least slack that reconnects the
// two sides of the tree when the parent edge of child leaves it, crossing
// in the leaving edge's direction's reverse.
func (s *simplex) enterEdge(child int) int {
	pe := s.edges[s.parent[child]]
	childIsTail := pe.from == child
	in := func(v int) bool { return s.low[child] <= s.lim[v] && s.lim[v] <= s.lim[child] }
	best, bestSlack := -1, 0
	for i, e := range s.edges {
		if s.isTree[i] || in(e.from) == in(e.to) {
			continue
		}
		// The subtree is the tail side when the leaving edge points out of
		// it; the entering edge must then point into it.
		if in(e.to) != childIsTail {
			continue
		}
		if sl := s.slack(i); best < 0 || sl < bestSlack {
			best, bestSlack = i, sl
		}
	}
	return best
}

// exchange swaps the parent edge of child for edge enter and re-ranks.
func (s *simplex) exchange(child, enter int) {
	leave := s.parent[child]
	s.isTree[leave] = false
	e := s.edges[leave]
	for _, v := range [2]int{e.from, e.to} {
		adj := s.treeAdj[v]
		for k, i := range adj {
			if i == leave {
				s.treeAdj[v] = append(adj[:k], adj[k+1:]...)
				break
			}
		}
	}
	s.isTree[enter] = true
	f := s.edges[enter]
	s.treeAdj[f.from] = append(s.treeAdj[f.from], enter)
	s.treeAdj[f.to] = append(s.treeAdj[f.to], enter)
	// Tighten the entering edge by moving the subtree side.
	d := s.slack(enter)
	if s.low[child] <= s.lim[f.to] && s.lim[f.to] <= s.lim[child] {
		d = -d
	}
	for _, v := range s.post {
		if s.low[child] <= s.lim[v] && s.lim[v] <= s.lim[child] {
			s.rank[v] += d
		}
	}
	s.reindex()
}
