package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one index term and where it came from in the text.
type Token struct {
	Term       string // folded and stemmed: "schedul", "调度"
	Start, End int    // byte offsets of the source span in the text
}

// Tokenize splits text into index terms. It knows no language: every text is a mix of runs.
//
//   - A run of CJK characters (Han, kana, Hangul) gives its overlapping bigrams, and its last
//     character alone, so that "调度器" gives 调度, 度器 and 器: a query of any length finds it
//     without a dictionary, and a one-character query finds it by prefix.
//   - A run of other letters and digits is a word: fullwidth forms folded to ASCII, lower
//     cased, stemmed (Stem); one-letter words and English stop words are dropped.
//
// assets/js/search.js implements the same rules for queries; the browser test compares them.
func Tokenize(text string) []Token {
	var toks []Token
	eachTerm(text, func(term string, start, end int) {
		toks = append(toks, Token{Term: term, Start: start, End: end})
	})
	return toks
}

// eachTerm calls yield with every term of text in order, as Tokenize returns them. Building
// the index runs it over every word of the site, so it allocates only for a word that folding
// changes (upper case, fullwidth): a plain word's term is a slice of text.
func eachTerm(text string, yield func(term string, start, end int)) {
	var buf []byte
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf && !isASCIIWord(c) {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isCJK(r):
			// Overlapping bigrams, then the run's last character alone.
			prev, cur, j := -1, i, i+n
			for {
				if prev >= 0 {
					yield(text[prev:j], prev, j)
				}
				if j >= len(text) {
					break
				}
				r, n := utf8.DecodeRuneInString(text[j:])
				if !isCJK(r) {
					break
				}
				prev, cur, j = cur, j, j+n
			}
			yield(text[cur:j], cur, j)
			i = j
		case isWord(r):
			j, plain := i, true // plain: lower-case ASCII letters and digits, which fold keeps
			for j < len(text) {
				if c := text[j]; c < utf8.RuneSelf {
					if !isASCIIWord(c) {
						break
					}
					plain = plain && !('A' <= c && c <= 'Z')
					j++
					continue
				}
				r, n := utf8.DecodeRuneInString(text[j:])
				if !isWord(r) || isCJK(r) {
					break
				}
				plain = false
				j += n
			}
			w := text[i:j]
			if !plain {
				buf = buf[:0]
				for _, r := range w {
					buf = utf8.AppendRune(buf, fold(r))
				}
				w = string(buf)
			}
			if t := wordTerm(w); t != "" {
				yield(t, i, j)
			}
			i = j
		default:
			i += n
		}
	}
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// wordTerm is the term of a folded word, or "" when the word is not indexed.
func wordTerm(w string) string {
	if utf8.RuneCountInString(w) < 2 && !isDigits(w) || stopWords[w] {
		return ""
	}
	return Stem(w)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// isCJK reports whether r is written without spaces between words.
func isCJK(r rune) bool {
	if r < 0x1100 { // below Hangul Jamo: Latin, Greek, Cyrillic and the rest need no table
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// fold lower-cases r and maps fullwidth ASCII (Ａ, ５) to ASCII, as Chinese text often has it.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	return unicode.ToLower(r)
}

// stopWords are English words too common to find anything by.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"for": true, "from": true, "in": true, "is": true, "it": true, "its": true, "of": true, "on": true,
	"or": true, "that": true, "the": true, "this": true, "to": true, "was": true, "with": true,
}

// Stem reduces an English word to a stem shared by its common inflections, so that
// "schedule", "scheduled", "schedules" and "scheduling" meet at "schedul". It is deliberately
// simple (plurals, -ing, -ed, a final -e): predictable, and small enough to repeat in
// JavaScript. Words that are not plain ASCII letters are returned as they are.
func Stem(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	if len(w) < 4 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ing") && len(w) > 5 && hasVowel(w[:len(w)-3]):
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ed") && len(w) > 4 && hasVowel(w[:len(w)-2]):
		w = undouble(w[:len(w)-2])
	}
	if strings.HasSuffix(w, "e") && len(w) > 4 {
		w = w[:len(w)-1]
	}
	return w
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// undouble turns "runn" (of running) into "run"; l, s and z stay double (install, pass, buzz).
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeioulsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}
