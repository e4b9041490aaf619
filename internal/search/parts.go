package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"folio/internal/weight"
)

// ManifestName is the index's entry point inside its directory. Its name is stable, and the
// browser revalidates it on every open (it is tiny); every part it lists is named by the hash
// of its content, so a cache may keep a part forever and never serves a stale one.
const ManifestName = "index.json"

// Manifest lists the parts of an index.
type Manifest struct {
	Version int    `json:"v"`
	Lang    string `json:"lang"`
	Count   int    `json:"count"` // documents
	// Terms are the term parts: [first term, file], in term order (JavaScript's string order,
	// UTF-16 code units); a term lives in the last part whose first term is not after it.
	Terms [][2]string `json:"terms"`
	// Docs are the document parts: [first document number, file], in order.
	Docs []DocPart `json:"docs"`
}

// DocPart names the file of a range of documents.
type DocPart struct {
	From int
	File string
}

// MarshalJSON writes a DocPart as [from, file], as compact as the term parts' entries.
func (p DocPart) MarshalJSON() ([]byte, error) { return json.Marshal([]any{p.From, p.File}) }

// UnmarshalJSON reads [from, file].
func (p *DocPart) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || len(raw) != 2 {
		return fmt.Errorf("doc part: want [from, file], got %s", b)
	}
	var from float64
	if err := json.Unmarshal(raw[0], &from); err != nil {
		return fmt.Errorf("doc part: %w", err)
	}
	n, err := toInt(from)
	if err != nil {
		return fmt.Errorf("doc part: %w", err)
	}
	p.From = n
	return json.Unmarshal(raw[1], &p.File)
}

// toInt converts a JSON number to an int. Numbers are read as floats because a JSON
// minifier may write 12000 as 12e3, which JavaScript reads alike but encoding/json will not
// read into an int.
func toInt(f float64) (int, error) {
	if f != float64(int(f)) {
		return 0, fmt.Errorf("%v is not a whole number", f)
	}
	return int(f), nil
}

// docsFile is the JSON of a document part: its pages once, then each section as
// [page (index into pages), id, heading, text].
type docsFile struct {
	Pages [][2]string `json:"pages"` // [title, url]
	Docs  [][]any     `json:"docs"`
}

// Files writes the index as its manifest (ManifestName) and parts, each part under budget
// bytes gzipped when it can be: parts are cut smaller until they fit. A single term whose
// postings alone are over the budget stays over it; the build's budget check reports it.
func (ix *Index) Files(budget int) (map[string][]byte, error) {
	terms := make([]string, 0, len(ix.terms))
	for t := range ix.terms {
		terms = append(terms, t)
	}
	sortJS(terms)

	termJSON := make([][]byte, len(terms))
	for i, t := range terms {
		k, err := json.Marshal(t)
		if err != nil {
			return nil, err
		}
		termJSON[i] = append(append(k, ':'), encodePostings(ix.terms[t])...)
	}
	docJSON := make([][]byte, len(ix.Docs))
	for i, d := range ix.Docs {
		b, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		docJSON[i] = b
	}

	// Parts of about a budget of raw JSON gzip to a third or a quarter of it: a query fetches
	// a part for each of its terms and a smaller document part for each result it shows, so
	// parts well under the budget keep a query's fetches small. Halve until every part fits.
	for target := budget; ; target /= 2 {
		files := map[string][]byte{}
		m := Manifest{Version: 1, Lang: ix.Lang, Count: len(ix.Docs), Terms: [][2]string{}, Docs: []DocPart{}}
		over := false
		for _, r := range cut(termJSON, target) {
			n := 2
			for _, t := range termJSON[r[0]:r[1]] {
				n += len(t) + 1
			}
			b := bytes.NewBuffer(make([]byte, 0, n)) // parts are large: growing them was a third of the stage
			b.WriteByte('{')
			for i := r[0]; i < r[1]; i++ {
				if i > r[0] {
					b.WriteByte(',')
				}
				b.Write(termJSON[i])
			}
			b.WriteByte('}')
			name := partName("t", b.Bytes())
			files[name] = b.Bytes()
			first := terms[r[0]]
			if r[0] == 0 {
				first = ""
			}
			m.Terms = append(m.Terms, [2]string{first, name})
			over = over || !fits(b.Bytes(), budget) && r[1]-r[0] > 1
		}
		// Document parts are kept smaller: a query fetches one per result it shows.
		for _, r := range cut(docJSON, target/4) {
			data, err := ix.docsPart(r[0], r[1])
			if err != nil {
				return nil, err
			}
			name := partName("d", data)
			files[name] = data
			m.Docs = append(m.Docs, DocPart{From: r[0], File: name})
			over = over || !fits(data, budget) && r[1]-r[0] > 1
		}
		if over && target > 1024 {
			continue
		}
		man, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		files[ManifestName] = man
		return files, nil
	}
}

// docsPart encodes documents [from, to).
func (ix *Index) docsPart(from, to int) ([]byte, error) {
	f := docsFile{Pages: [][2]string{}, Docs: [][]any{}}
	page := map[[2]string]int{}
	for _, d := range ix.Docs[from:to] {
		key := [2]string{d.Title, d.URL}
		p, ok := page[key]
		if !ok {
			p = len(f.Pages)
			page[key] = p
			f.Pages = append(f.Pages, key)
		}
		f.Docs = append(f.Docs, []any{p, d.ID, d.Heading, d.Text})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// encodePostings writes [doc, weight, doc, weight, ...] with each document number as the gap
// from the previous one: small numbers that repeat, which gzip packs well.
func encodePostings(ps []posting) []byte {
	b := make([]byte, 1, 2+len(ps)*6) // "gap,weight," is mostly a few digits each
	b[0] = '['
	prev := 0
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(p.doc-prev), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(p.weight), 10)
		prev = p.doc
	}
	return append(b, ']')
}

// cut groups consecutive items into ranges of about target bytes each, never empty.
func cut(items [][]byte, target int) [][2]int {
	var out [][2]int
	start, size := 0, 0
	for i, it := range items {
		if size > 0 && size+len(it) > target {
			out = append(out, [2]int{start, i})
			start, size = i, 0
		}
		size += len(it) + 1
	}
	if start < len(items) || len(out) == 0 {
		out = append(out, [2]int{start, len(items)})
	}
	return out
}

func partName(kind string, data []byte) string {
	sum := sha256.Sum256(data)
	return kind + "." + hex.EncodeToString(sum[:4]) + ".json"
}

// fits reports whether b gzips to at most budget bytes. Deflate grows no input by more than
// 5 bytes per 16 KiB stored block plus gzip's 18-byte frame, so a part whose raw size already
// fits with that margin needs no compressing to know it — the common case, as parts are cut at
// about the budget's raw size.
func fits(b []byte, budget int) bool {
	if len(b)+5*(len(b)/16384+1)+18 <= budget {
		return true
	}
	// The fastest level is never smaller than the default level's that the build's budget
	// check measures: a part that fits here fits there.
	return weight.Gzipped(b, weight.Fast) <= budget
}

// sortJS sorts terms by less16. UTF-8's byte order is code point order, which is UTF-16's
// but for letters beyond U+FFFF (four bytes in UTF-8, a surrogate pair in UTF-16): when no
// term has one, or a byte that is not UTF-8 (JSON writes it as U+FFFD), the plain sort is
// JavaScript's. Otherwise each term is encoded once rather than at every comparison.
func sortJS(terms []string) {
	if !slices.ContainsFunc(terms, unlikeUTF16) {
		slices.Sort(terms)
		return
	}
	keys := make(map[string][]uint16, len(terms))
	for _, t := range terms {
		keys[t] = utf16.Encode([]rune(t))
	}
	sort.Slice(terms, func(i, j int) bool { return slices.Compare(keys[terms[i]], keys[terms[j]]) < 0 })
}

// unlikeUTF16 reports whether s may sort otherwise by bytes than by UTF-16 code units: it has
// a four-byte letter (0xF0–0xF4 first) or is not UTF-8.
func unlikeUTF16(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xF0 {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// less16 orders strings as JavaScript's < does, by UTF-16 code units, so that the browser
// finds a term's part by the same order the parts were cut in.
func less16(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
}
