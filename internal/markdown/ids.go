package markdown

import (
	"bytes"
	"strconv"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// ids generates heading ids that stay stable for any script: letters and digits of every
// language are kept (so a Chinese heading gets a Chinese id, not "heading-3"), everything else
// folds into single dashes, and repeats get -1, -2 suffixes. Explicit {#id} attributes win.
type ids struct{ used map[string]bool }

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Slug is the id a heading text gets when it has no explicit one.
func Slug(text []byte) string {
	var b bytes.Buffer
	dash := false
	for _, r := range string(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '_' || r == '-' || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			dash = true
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	// Strip a trailing attribute block that was not parsed as one, and Markdown emphasis marks.
	if i := bytes.LastIndex(value, []byte("{")); i > 0 && bytes.HasSuffix(bytes.TrimSpace(value), []byte("}")) {
		value = value[:i]
	}
	base := Slug(value)
	id := base
	for n := 1; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
