package search

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Span is a piece of a snippet; Mark is set on the words the query matched.
type Span struct {
	Text string
	Mark bool
}

// Snippet cuts about width runes of text around the first match of the query and marks every
// match in it. Without a match it is the start of the text. "…" shows where text was cut.
func Snippet(text string, pq Query, width int) []Span {
	marks := Matches(text, pq)
	start := 0
	if len(marks) > 0 {
		// A quarter of the window before the first match gives it some context.
		start = back(text, marks[0][0], width/4)
	}
	end := forward(text, start, width)
	var out []Span
	if start > 0 {
		out = append(out, Span{Text: "…"})
	}
	at := start
	for _, m := range marks {
		if m[1] <= at || m[0] >= end {
			continue
		}
		s, e := max(m[0], at), min(m[1], end)
		if s > at {
			out = append(out, Span{Text: text[at:s]})
		}
		out = append(out, Span{Text: text[s:e], Mark: true})
		at = e
	}
	if at < end {
		out = append(out, Span{Text: text[at:end]})
	}
	if end < len(text) {
		out = append(out, Span{Text: "…"})
	}
	return out
}

// Matches returns the byte ranges of text that the query matches, merged where they touch
// (the bigrams 调度 and 度器 mark 调度器 as one).
func Matches(text string, pq Query) [][2]int {
	exact := map[string]bool{}
	for _, t := range pq.Terms {
		exact[t.Term] = true
	}
	var marks [][2]int
	for _, tok := range Tokenize(text) {
		switch {
		case exact[tok.Term]:
			marks = append(marks, [2]int{tok.Start, tok.End})
		default:
			for _, t := range pq.Terms {
				if t.Prefix == "" {
					continue
				}
				r, n := utf8.DecodeRuneInString(t.Prefix)
				if isCJK(r) {
					if strings.HasPrefix(tok.Term, t.Prefix) {
						marks = append(marks, [2]int{tok.Start, tok.Start + n})
					}
				} else if strings.HasPrefix(tok.Term, t.Prefix) || strings.HasPrefix(strings.Map(fold, text[tok.Start:tok.End]), t.Prefix) {
					marks = append(marks, [2]int{tok.Start, tok.End})
				}
			}
		}
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i][0] < marks[j][0] })
	var merged [][2]int
	for _, m := range marks {
		if k := len(merged) - 1; k >= 0 && m[0] <= merged[k][1] {
			merged[k][1] = max(merged[k][1], m[1])
			continue
		}
		merged = append(merged, m)
	}
	return merged
}

// back moves from byte offset i at most n runes back, to just after a space if there is one
// in the last few runes, so that a snippet does not start inside a word.
func back(text string, i, n int) int {
	j := i
	for k := 0; k < n && j > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(text[:j])
		j -= size
	}
	if j == 0 {
		return 0
	}
	if sp := strings.IndexByte(text[j:i], ' '); sp >= 0 {
		return j + sp + 1
	}
	return j
}

// forward moves from byte offset i at most n runes on, back to a space if one is near.
func forward(text string, i, n int) int {
	j := i
	for k := 0; k < n && j < len(text); k++ {
		_, size := utf8.DecodeRuneInString(text[j:])
		j += size
	}
	if j == len(text) {
		return j
	}
	if sp := strings.LastIndexByte(text[i:j], ' '); sp > 0 && utf8.RuneCountInString(text[i+sp:j]) < 20 {
		return i + sp
	}
	return j
}
