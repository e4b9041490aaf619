package search

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Reader answers queries from the written index files, fetching a part only when a query
// needs it, as the browser does. It is the Go twin of assets/js/search.js, used to test that
// split indexes answer like whole ones and fetch little.
type Reader struct {
	m     Manifest
	fetch func(name string) ([]byte, error)
	terms map[string]map[string][]posting // part file → term → postings
	docs  map[string]map[int]Doc          // part file → document number → document
	// Fetched lists the files read so far, the manifest first.
	Fetched []string
}

// Open reads the manifest through fetch, which returns a file of the index by name.
func Open(fetch func(name string) ([]byte, error)) (*Reader, error) {
	r := &Reader{fetch: fetch, terms: map[string]map[string][]posting{}, docs: map[string]map[int]Doc{}}
	data, err := r.get(ManifestName)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &r.m); err != nil {
		return nil, fmt.Errorf("read search manifest: %w", err)
	}
	if r.m.Version != 1 || len(r.m.Terms) == 0 || len(r.m.Docs) == 0 {
		return nil, fmt.Errorf("read search manifest: unknown version %d or no parts", r.m.Version)
	}
	return r, nil
}

func (r *Reader) get(name string) ([]byte, error) {
	r.Fetched = append(r.Fetched, name)
	data, err := r.fetch(name)
	if err != nil {
		return nil, fmt.Errorf("fetch search index %s: %w", name, err)
	}
	return data, nil
}

// Result is a hit with its document and snippet.
type Result struct {
	Hit
	Doc     Doc
	Snippet []Span
}

// SnippetWidth is the length of a result's snippet, in characters.
const SnippetWidth = 90

// Search answers q with at most limit results, like Index.Search.
func (r *Reader) Search(q string, limit int) ([]Result, error) {
	pq := ParseQuery(q)
	var ferr error
	lookup := func(term string, prefix bool) []posting {
		ps, err := r.lookup(term, prefix)
		if err != nil && ferr == nil {
			ferr = err
		}
		return ps
	}
	hits := rank(pq, lookup)
	if ferr != nil {
		return nil, ferr
	}
	var out []Result
	for _, h := range hits {
		if len(out) == limit {
			break
		}
		d, err := r.doc(h.Doc)
		if err != nil {
			return nil, err
		}
		if hasRuns(pq, d) {
			out = append(out, Result{Hit: h, Doc: d, Snippet: Snippet(d.Text, pq, SnippetWidth)})
		}
	}
	return out, nil
}

// termPart returns the index of the part that holds term.
func (r *Reader) termPart(term string) int {
	i := sort.Search(len(r.m.Terms), func(i int) bool { return less16(term, r.m.Terms[i][0]) })
	return max(i-1, 0)
}

func (r *Reader) lookup(term string, prefix bool) ([]posting, error) {
	first := r.termPart(term)
	last := first
	if prefix {
		// Every part whose first term still starts with the prefix may hold more of them.
		for last+1 < len(r.m.Terms) && strings.HasPrefix(r.m.Terms[last+1][0], term) {
			last++
		}
	}
	best := map[int]int{}
	for i := first; i <= last; i++ {
		part, err := r.termsOf(r.m.Terms[i][1])
		if err != nil {
			return nil, err
		}
		if !prefix {
			return part[term], nil
		}
		for t, ps := range part {
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
	}
	out := make([]posting, 0, len(best))
	for d, w := range best {
		out = append(out, posting{d, w})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].doc < out[j].doc })
	return out, nil
}

func (r *Reader) termsOf(file string) (map[string][]posting, error) {
	if t, ok := r.terms[file]; ok {
		return t, nil
	}
	data, err := r.get(file)
	if err != nil {
		return nil, err
	}
	var raw map[string][]float64
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("read search part %s: %w", file, err)
	}
	t := make(map[string][]posting, len(raw))
	for term, nums := range raw {
		if len(nums)%2 != 0 {
			return nil, fmt.Errorf("read search part %s: odd postings for %q", file, term)
		}
		ps := make([]posting, 0, len(nums)/2)
		doc := 0
		for i := 0; i < len(nums); i += 2 {
			gap, err1 := toInt(nums[i])
			w, err2 := toInt(nums[i+1])
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("read search part %s: postings of %q are not whole numbers", file, term)
			}
			doc += gap
			ps = append(ps, posting{doc, w})
		}
		t[term] = ps
	}
	r.terms[file] = t
	return t, nil
}

func (r *Reader) doc(n int) (Doc, error) {
	i := sort.Search(len(r.m.Docs), func(i int) bool { return r.m.Docs[i].From > n }) - 1
	if i < 0 {
		return Doc{}, fmt.Errorf("search index: no part holds document %d", n)
	}
	p := r.m.Docs[i]
	docs, ok := r.docs[p.File]
	if !ok {
		data, err := r.get(p.File)
		if err != nil {
			return Doc{}, err
		}
		var f struct {
			Pages [][2]string       `json:"pages"`
			Docs  []json.RawMessage `json:"docs"`
		}
		if err := json.Unmarshal(data, &f); err != nil {
			return Doc{}, fmt.Errorf("read search part %s: %w", p.File, err)
		}
		docs = map[int]Doc{}
		for k, raw := range f.Docs {
			var page float64
			var id, heading, text string
			row := []any{&page, &id, &heading, &text}
			err := json.Unmarshal(raw, &row)
			pi, ierr := toInt(page)
			if err != nil || ierr != nil || pi < 0 || pi >= len(f.Pages) {
				return Doc{}, fmt.Errorf("read search part %s: bad document %d", p.File, p.From+k)
			}
			docs[p.From+k] = Doc{Title: f.Pages[pi][0], URL: f.Pages[pi][1], ID: id, Heading: heading, Text: text}
		}
		r.docs[p.File] = docs
	}
	d, ok := docs[n]
	if !ok {
		return Doc{}, fmt.Errorf("search index: part %s does not hold document %d", p.File, n)
	}
	return d, nil
}
