// Package search builds the static full-text index of one edition and answers queries the way
// the browser does. A document is a section of a page (the text under an h2 or h3 with an id),
// so a result links to the section's anchor.
//
// Chinese needs no dictionary: CJK runs are indexed as overlapping bigrams (Tokenize), so
// 调度器, 内存泄漏 or 云原生人才 find the sections that contain them. Latin words are case
// folded and lightly stemmed (Stem). A term's weight in a section favours the page title and
// the section heading over the body, so headings rank first.
//
// The index is written as JSON files (Index.Files): a small manifest, term parts cut by term
// range so that a query fetches only the parts its terms fall in, and document parts cut by
// document number so that only the shown results' texts are fetched. assets/js/search.js
// reads them; Index.Search is the reference it follows.
package search

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Doc is one searchable section.
type Doc struct {
	Title   string // the page title
	URL     string // the page URL
	ID      string // section id, "" for the text before the page's first heading
	Heading string // section heading, "" for the text before the first heading
	Text    string
}

// Href is where a result links to: the page, at the section anchor.
func (d Doc) Href() string {
	if d.ID == "" {
		return d.URL
	}
	return d.URL + "#" + d.ID
}

// Weights of one occurrence of a term by where it stands. A heading or title match outranks
// any number of body matches, since body weight is capped at maxBody.
const (
	weightTitle   = 40 // in the page title, for the section before the first heading
	weightTitleIn = 8  // in the page title, for the page's other sections
	weightHeading = 50
	weightBody    = 2
	maxBody       = 16
)

// MaxText caps the text kept of a section for snippets; every word is still indexed.
const MaxText = 3000

// Index is the inverted index of one edition.
type Index struct {
	Lang  string
	Docs  []Doc
	terms map[string][]posting // term → postings in document order
}

type posting struct{ doc, weight int }

// Build indexes docs; doc numbers are their positions in docs.
//
// Terms are numbered as they are first met, and a document's weights are kept in slices by
// term number: a term costs one map lookup per occurrence, where weighing it in maps by the
// term itself cost three, and appending its posting two (a lookup and an assignment).
func Build(lang string, docs []Doc) *Index {
	ix := &Index{Lang: lang, Docs: docs}
	b := &builder{ids: map[string]int32{}}
	var title []int32 // the terms of the previous document's title: a page's sections share it
	lastTitle := ""
	for i, d := range docs {
		if i == 0 || d.Title != lastTitle {
			title, lastTitle = b.unique(d.Title, title[:0]), d.Title
		}
		titleWeight := weightTitleIn
		if d.ID == "" {
			titleWeight = weightTitle
		}
		for _, id := range title {
			b.weigh(id, titleWeight)
		}
		for _, id := range b.unique(d.Heading, nil) {
			b.weigh(id, weightHeading)
		}
		eachTerm(d.Text, func(t string, _, _ int) {
			id := b.id(t)
			if b.body[id] == 0 && b.weight[id] == 0 {
				b.touched = append(b.touched, id)
			}
			b.body[id] += weightBody
		})
		for _, id := range b.touched {
			b.post(id, i, b.weight[id]+min(b.body[id], maxBody))
			b.weight[id], b.body[id] = 0, 0
		}
		b.touched = b.touched[:0]
		if utf8.RuneCountInString(d.Text) > MaxText {
			ix.Docs[i].Text = truncate(d.Text, MaxText)
		}
	}
	ix.terms = b.lists()
	return ix
}

// builder numbers the terms of an index being built, weighs them in one document, and
// collects the postings.
type builder struct {
	ids          map[string]int32
	count        []int32 // by term number: its postings
	weight, body []int   // by term number: this document's title and heading weight, body weight
	touched      []int32 // terms with a weight in this document
	// The postings in document order, in chunks that are never copied as they fill. A slice
	// per term, grown by append, copied the lists of common terms over and over: in a large
	// site a common term is in most sections, and the copies (and the fresh memory each
	// needed) were most of the time Build took.
	chunks [][]termPosting
}

type termPosting struct{ term, doc, weight int32 }

const chunkLen = 1 << 14

func (b *builder) id(t string) int32 {
	id, ok := b.ids[t]
	if !ok {
		id = int32(len(b.count))
		b.ids[t] = id
		b.count = append(b.count, 0)
		b.weight = append(b.weight, 0)
		b.body = append(b.body, 0)
	}
	return id
}

// post records that document doc holds term with weight n.
func (b *builder) post(term int32, doc, n int) {
	last := len(b.chunks) - 1
	if last < 0 || len(b.chunks[last]) == chunkLen {
		b.chunks = append(b.chunks, make([]termPosting, 0, chunkLen))
		last++
	}
	b.chunks[last] = append(b.chunks[last], termPosting{term, int32(doc), int32(n)})
	b.count[term]++
}

// lists lays the postings out by term, each term's in document order, all in one slice.
func (b *builder) lists() map[string][]posting {
	next := make([]int, len(b.count)) // where the term's next posting goes
	total := 0
	for id, n := range b.count {
		next[id] = total
		total += int(n)
	}
	all := make([]posting, total)
	for _, c := range b.chunks {
		for _, p := range c {
			all[next[p.term]] = posting{int(p.doc), int(p.weight)}
			next[p.term]++
		}
	}
	terms := make(map[string][]posting, len(b.ids))
	for t, id := range b.ids {
		end := next[id]
		terms[t] = all[end-int(b.count[id]) : end : end]
	}
	return terms
}

func (b *builder) weigh(id int32, n int) {
	if b.body[id] == 0 && b.weight[id] == 0 {
		b.touched = append(b.touched, id)
	}
	b.weight[id] += n
}

// unique appends the terms of text to out, each once, in order.
func (b *builder) unique(text string, out []int32) []int32 {
	eachTerm(text, func(t string, _, _ int) {
		if id := b.id(t); !slices.Contains(out, id) { // a title or a heading has a few terms
			out = append(out, id)
		}
	})
	return out
}

// truncate cuts s after n runes, at a space when one is near.
func truncate(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			cut := s[:k]
			if sp := strings.LastIndexByte(cut, ' '); sp > k-40 && sp > 0 {
				cut = cut[:sp]
			}
			return cut + "…"
		}
		i++
	}
	return s
}

// Terms is the number of distinct terms.
func (ix *Index) Terms() int { return len(ix.terms) }

// Hit is one result of a query.
type Hit struct {
	Doc   int
	Score int
}

// Query is a parsed query.
type Query struct {
	Terms []QueryTerm
	Runs  []string // CJK runs of three or more characters, which a result must hold as they are
}

// QueryTerm is one term of a query. Prefix, when set, also matches every longer term that
// starts with it: the last word while the reader is still typing it ("sched" finds
// "scheduler"), and a lone CJK character, which the index holds only inside bigrams.
type QueryTerm struct {
	Term   string
	Prefix string
}

// ParseQuery tokenizes a query like a text, with two differences: a CJK run of two or more
// characters is its bigrams only (its last character alone would demand that the run end
// there in the text too), and the prefixes of QueryTerm.
func ParseQuery(q string) Query {
	var pq Query
	toks := Tokenize(q)
	seen := map[string]bool{}
	for i, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.Term)
		lone := isCJK(r) && utf8.RuneCountInString(t.Term) == 1
		if lone && i > 0 && toks[i-1].End == t.End {
			continue // the tail of a longer run
		}
		qt := QueryTerm{Term: t.Term}
		switch {
		case lone:
			qt.Prefix = t.Term
		case i == len(toks)-1 && t.End == len(q) && !isCJK(r):
			qt.Prefix = strings.Map(fold, q[t.Start:t.End])
		}
		if !seen[qt.Term] {
			seen[qt.Term] = true
			pq.Terms = append(pq.Terms, qt)
		}
	}
	for _, run := range cjkRuns(q) {
		if utf8.RuneCountInString(run) > 2 {
			pq.Runs = append(pq.Runs, run)
		}
	}
	return pq
}

// cjkRuns returns the runs of CJK characters in s.
func cjkRuns(s string) []string {
	var runs []string
	start := -1
	for i, r := range s {
		switch {
		case isCJK(r) && start < 0:
			start = i
		case !isCJK(r) && start >= 0:
			runs = append(runs, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, s[start:])
	}
	return runs
}

// Candidates is how many of the best-scored sections a query considers; the browser fetches
// the texts of as few of them as it needs to show a page of results.
const Candidates = 50

// Search answers a query with at most limit hits, best first. A section must contain every
// term of the query, and every CJK run of three or more characters as it is (not only its
// bigrams scattered, which 调度 … 度器 would satisfy). Ties keep document order, so results
// are stable.
func (ix *Index) Search(q string, limit int) []Hit {
	pq := ParseQuery(q)
	var out []Hit
	for _, h := range rank(pq, ix.lookup) {
		if len(out) == limit {
			break
		}
		if hasRuns(pq, ix.Docs[h.Doc]) {
			out = append(out, h)
		}
	}
	return out
}

// lookup returns the postings of a term, and with prefix those of every longer term that
// starts with it, each at most once per document with its best weight.
func (ix *Index) lookup(term string, prefix bool) []posting {
	if !prefix {
		return ix.terms[term]
	}
	best := map[int]int{}
	for t, ps := range ix.terms {
		if !strings.HasPrefix(t, term) {
			continue
		}
		for _, p := range ps {
			w := p.weight
			if t != term {
				w = prefixWeight(w)
			}
			best[p.doc] = max(best[p.doc], w)
		}
	}
	out := make([]posting, 0, len(best))
	for d, w := range best {
		out = append(out, posting{d, w})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].doc < out[j].doc })
	return out
}

// prefixWeight discounts a match of a longer term than typed.
func prefixWeight(w int) int { return int(math.Ceil(float64(w) * 3 / 4)) }

// rank scores every document holding all terms of pq and returns the best Candidates.
func rank(pq Query, lookup func(term string, prefix bool) []posting) []Hit {
	if len(pq.Terms) == 0 {
		return nil
	}
	score := map[int]int{}
	matched := map[int]int{}
	for _, t := range pq.Terms {
		ps := lookup(t.Term, false)
		if t.Prefix != "" {
			ps = merge(ps, lookup(t.Prefix, true))
		}
		for _, p := range ps {
			score[p.doc] += p.weight
			matched[p.doc]++
		}
	}
	var hits []Hit
	for d, m := range matched {
		if m == len(pq.Terms) {
			hits = append(hits, Hit{Doc: d, Score: score[d]})
		}
	}
	sortHits(hits)
	if len(hits) > Candidates {
		hits = hits[:Candidates]
	}
	return hits
}

// merge joins two posting lists in document order, keeping the higher weight of a document.
func merge(a, b []posting) []posting {
	best := map[int]int{}
	for _, p := range a {
		best[p.doc] = max(best[p.doc], p.weight)
	}
	for _, p := range b {
		best[p.doc] = max(best[p.doc], p.weight)
	}
	out := make([]posting, 0, len(best))
	for d, w := range best {
		out = append(out, posting{d, w})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].doc < out[j].doc })
	return out
}

func sortHits(hits []Hit) {
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Doc < hits[j].Doc
	})
}

// hasRuns reports whether d holds every long CJK run of the query as it is. A text cut at
// MaxText may hold it past the cut: it is given the benefit of the doubt.
func hasRuns(pq Query, d Doc) bool {
	for _, run := range pq.Runs {
		if !strings.Contains(d.Heading, run) && !strings.Contains(d.Title, run) && !strings.Contains(d.Text, run) && !strings.HasSuffix(d.Text, "…") {
			return false
		}
	}
	return true
}
