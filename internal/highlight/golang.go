package highlight

import (
	"go/scanner"
	"go/token"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"

	"folio/internal/lexers"
)

// goTokens lexes Go with the standard library's go/scanner and classifies each token the way
// chroma's regex-based Go lexer does, so the formatter, the CSS and the look are unchanged while
// the lexing costs a few microseconds instead of milliseconds. Code that go/scanner rejects
// (snippets with "…", stray characters, broken literals) goes through chroma's own lexer, which
// never fails; so does the content of raw strings that hold Go template actions, which chroma
// lexes as a template.
//
// The classes follow chroma's rules (lexers/go.go) rule by rule:
//
//	whitespace                          TextWhitespace
//	//x… (no space after the slashes)    CommentPreproc; "// …" CommentSingle; /* */ CommentMultiline
//	import package                      KeywordNamespace
//	var func struct map chan type interface const   KeywordDeclaration
//	other keywords                      Keyword
//	true false iota nil                 KeywordConstant
//	builtin function or type + "("      NameBuiltin (no space allowed before the parenthesis)
//	predeclared type, any               KeywordType
//	ASCII-initial name + spaces + "("   NameFunction
//	other names                         NameOther
//	numbers                             chroma's number rules, in order, on the literal
//	'c'  "s"  `s`                       LiteralStringChar, LiteralString
//	<<= >>= << >> <= >= &^= &^ += -= *= /= %= &= |= && || <- ++ -- == != := ... + - * / % &   Operator
//	everything else (| ^ < > = ! ( ) [ ] { } . , ; : ~)   Punctuation
//
// Equality with chroma on every Go block of the report and corpus, and on the Go source tree, is
// checked by golang_test.go; there are no known differences on code go/scanner accepts.
func goTokens(code string) chroma.Iterator {
	if toks, ok := scanGo(code); ok {
		return chroma.Literator(toks...)
	}
	return chromaGo(code)
}

// chromaGo is chroma's own Go lexer, coalesced like every other lexer here.
func chromaGo(code string) chroma.Iterator {
	it, err := chroma.Coalesce(lexers.Get("go")).Tokenise(nil, code)
	if err != nil {
		return chroma.Literator(chroma.Token{Type: chroma.Text, Value: code})
	}
	return it
}

// scanGo returns the coalesced tokens of code, or false when go/scanner reports an error.
func scanGo(code string) ([]chroma.Token, bool) {
	code = ensureLF(code)
	if strings.HasPrefix(code, "\uFEFF") {
		return nil, false // go/scanner skips a byte order mark, chroma does not
	}
	src := []byte(code)
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	failed := false
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) { failed = true }, scanner.ScanComments)

	// A token and the space before it take about four bytes of Go: room for all of them at
	// once, where growing the list was an eighth of highlighting a block.
	out := goTokenList{code: code, toks: make([]chroma.Token, 0, len(src)/3+8)}
	last := 0 // end of the previous token
	for {
		pos, tok, lit := s.Scan()
		if failed {
			return nil, false
		}
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // inserted by the scanner, not in the source
		}
		start := file.Offset(pos)
		if start < last {
			return nil, false
		}
		if !isGoSpace(code[last:start]) {
			return nil, false
		}
		out.addAt(chroma.TextWhitespace, last, start)
		end, ok := out.token(code, start, tok, lit)
		if !ok {
			return nil, false
		}
		last = end
	}
	if !isGoSpace(code[last:]) {
		return nil, false
	}
	out.addAt(chroma.TextWhitespace, last, len(code))
	return out.toks, true
}

// goTokenList collects tokens, merging runs of one type the way chroma.Coalesce does.
type goTokenList struct {
	code string
	toks []chroma.Token
	// The last token is code[lastStart:lastEnd], or lastEnd is -1: a token that follows it in
	// the code joins it as a longer slice of the code rather than a new string.
	lastStart, lastEnd int
}

// addAt adds the token code[start:end].
func (l *goTokenList) addAt(t chroma.TokenType, start, end int) {
	switch {
	case start == end:
	case l.joins(t) && l.lastEnd == start:
		l.toks[len(l.toks)-1].Value, l.lastEnd = l.code[l.lastStart:end], end
	case l.joins(t):
		l.add(t, l.code[start:end])
	default:
		l.toks = append(l.toks, chroma.Token{Type: t, Value: l.code[start:end]})
		l.lastStart, l.lastEnd = start, end
	}
}

// add adds a token that is not a slice of the code.
func (l *goTokenList) add(t chroma.TokenType, v string) {
	if v == "" {
		return
	}
	if l.joins(t) {
		l.toks[len(l.toks)-1].Value += v
	} else {
		l.toks = append(l.toks, chroma.Token{Type: t, Value: v})
	}
	l.lastEnd = -1
}

// joins reports whether a token of type t joins the last one.
func (l *goTokenList) joins(t chroma.TokenType) bool {
	n := len(l.toks)
	return n > 0 && l.toks[n-1].Type == t && len(l.toks[n-1].Value) < 8192
}

// token classifies the token starting at code[start:] and returns where it ends.
func (l *goTokenList) token(code string, start int, tok token.Token, lit string) (int, bool) {
	switch {
	case tok == token.COMMENT:
		return l.comment(code, start)
	case tok == token.IDENT || tok.IsKeyword():
		word := lit
		if tok.IsKeyword() {
			word = tok.String()
		}
		end := start + len(word)
		l.addAt(identType(word, code[end:]), start, end)
		return end, true
	case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
		end := start + len(lit)
		if r, _ := utf8.DecodeRuneInString(code[end:]); r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			// Not Go ("0b1i0", "1x", "0x1p-2."): chroma's rules would run on across the
			// scanner's token boundary, so let chroma lex the whole block.
			return 0, false
		}
		l.number(code, start, end)
		return end, true
	case tok == token.CHAR:
		l.addAt(chroma.LiteralStringChar, start, start+len(lit))
		return start + len(lit), true
	case tok == token.STRING:
		if code[start] != '`' {
			l.addAt(chroma.LiteralString, start, start+len(lit))
			return start + len(lit), true
		}
		// The scanner drops carriage returns from raw strings; take the text from the source.
		n := strings.IndexByte(code[start+1:], '`')
		if n < 0 {
			return 0, false
		}
		end := start + 1 + n + 1
		raw := code[start:end]
		if !strings.Contains(raw, "{{") {
			l.addAt(chroma.LiteralString, start, end)
			return end, true
		}
		it := chromaGo(raw)
		for t := it(); t != chroma.EOF; t = it() {
			l.add(t.Type, t.Value)
		}
		return end, true
	default:
		op := tok.String()
		if !strings.HasPrefix(code[start:], op) {
			return 0, false
		}
		if tok == token.XOR_ASSIGN && strings.HasPrefix(code[start+2:], "=") {
			// Not Go ("^=="): chroma reads "^" alone, then "==", across the scanner's boundary.
			return 0, false
		}
		if goOperators[tok] {
			l.addAt(chroma.Operator, start, start+len(op))
		} else {
			l.addAt(chroma.Punctuation, start, start+len(op))
		}
		return start + len(op), true
	}
}

// comment takes a comment from the source: the scanner's text drops carriage returns.
func (l *goTokenList) comment(code string, start int) (int, bool) {
	rest := code[start:]
	if strings.HasPrefix(rest, "/*") {
		n := strings.Index(rest[2:], "*/")
		if n < 0 {
			return 0, false
		}
		end := start + 2 + n + 2
		l.addAt(chroma.CommentMultiline, start, end)
		return end, true
	}
	n := strings.IndexByte(rest, '\n')
	if n < 0 {
		n = len(rest)
	}
	text := rest[:n]
	t := chroma.CommentSingle
	if r, _ := utf8.DecodeRuneInString(text[2:]); len(text) > 2 && !unicode.IsSpace(r) {
		t = chroma.CommentPreproc // chroma's rule: "//" directly followed by a non-space
	}
	l.addAt(t, start, start+n)
	return start + n, true
}

var (
	goDeclarations = set("var", "func", "struct", "map", "chan", "type", "interface", "const")
	goConstants    = set("true", "false", "iota", "nil")
	// goCallBuiltins are names chroma marks NameBuiltin when "(" follows at once.
	goCallBuiltins = set("uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16", "int32", "int64",
		"float", "float32", "float64", "complex64", "complex128", "byte", "rune", "string", "bool", "error", "uintptr",
		"print", "println", "panic", "recover", "close", "complex", "real", "imag", "len", "cap", "append", "copy",
		"delete", "new", "make", "clear", "min", "max")
	goTypes = set("uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16", "int32", "int64",
		"float", "float32", "float64", "complex64", "complex128", "byte", "rune", "string", "bool", "error", "uintptr", "any")
	goOperators = map[token.Token]bool{
		token.SHL_ASSIGN: true, token.SHR_ASSIGN: true, token.SHL: true, token.SHR: true, token.LEQ: true,
		token.GEQ: true, token.AND_NOT_ASSIGN: true, token.AND_NOT: true, token.ADD_ASSIGN: true,
		token.SUB_ASSIGN: true, token.MUL_ASSIGN: true, token.QUO_ASSIGN: true, token.REM_ASSIGN: true,
		token.AND_ASSIGN: true, token.OR_ASSIGN: true, token.LAND: true, token.LOR: true, token.ARROW: true,
		token.INC: true, token.DEC: true, token.EQL: true, token.NEQ: true, token.DEFINE: true,
		token.ELLIPSIS: true, token.ADD: true, token.SUB: true, token.MUL: true, token.QUO: true,
		token.REM: true, token.AND: true,
	}
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// goWord is what the word lists above say of a word, as bits.
type goWord uint8

const (
	wordNamespace goWord = 1 << iota
	wordDeclaration
	wordKeyword
	wordConstant
	wordCallBuiltin
	wordType
)

// goWords holds every word of the lists above, so a name is looked up once: most names are in
// none of them, and five lookups each were a sixth of highlighting a block.
var goWords = func() map[string]goWord {
	m := map[string]goWord{"import": wordNamespace, "package": wordNamespace}
	for t := token.Token(0); t < 128; t++ {
		if t.IsKeyword() {
			m[t.String()] |= wordKeyword
		}
	}
	for bit, words := range map[goWord]map[string]bool{
		wordDeclaration: goDeclarations, wordConstant: goConstants, wordCallBuiltin: goCallBuiltins, wordType: goTypes,
	} {
		for w := range words {
			m[w] |= bit
		}
	}
	return m
}()

// identType is the class of a name or keyword; after is the source that follows it.
func identType(word, after string) chroma.TokenType {
	w := goWords[word]
	switch {
	case w&wordNamespace != 0:
		return chroma.KeywordNamespace
	case w&wordDeclaration != 0:
		return chroma.KeywordDeclaration
	case w&wordKeyword != 0:
		return chroma.Keyword
	case w&wordConstant != 0:
		return chroma.KeywordConstant
	case w&wordCallBuiltin != 0 && strings.HasPrefix(after, "("):
		return chroma.NameBuiltin
	case w&wordType != 0:
		return chroma.KeywordType
	case isASCIILetter(word[0]) && strings.HasPrefix(strings.TrimLeft(after, " \t\n\r\v\f"), "("):
		return chroma.NameFunction
	}
	return chroma.NameOther
}

func isASCIILetter(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// number classifies the number literal code[start:end]. Plain decimal and hexadecimal integers,
// most of them, are one token; the rest go through chroma's number rules in chroma's order,
// which split some literals Go reads as one (0o17, 1_000.5, 0x1p-2).
func (l *goTokenList) number(code string, start, end int) {
	lit := code[start:end]
	if allDigits(lit) && (lit[0] != '0' || len(lit) == 1) {
		l.addAt(chroma.LiteralNumberInteger, start, end)
		return
	}
	if len(lit) > 2 && lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X') && allHex(lit[2:]) {
		l.addAt(chroma.LiteralNumberHex, start, end)
		return
	}
	for i := 0; i < len(lit); {
		n, t := matchNumber(lit[i:])
		if n == 0 {
			// A letter run inside a literal ("o17" after "0", "p" in a hex float) is a name to
			// chroma, and a sign is an operator.
			switch c := lit[i]; {
			case c == '+' || c == '-':
				n, t = 1, chroma.Operator
			case c == '.':
				n, t = 1, chroma.Punctuation
			default:
				n = 1
				for n < len(lit[i:]) && isWordByte(lit[i+n]) {
					n++
				}
				t = identType(lit[i:i+n], code[start+i+n:])
			}
		}
		l.addAt(t, start+i, start+i+n)
		i += n
	}
}

// goNumberRules are chroma's number rules for Go, anchored, in chroma's order; compiled when
// a number is first met, not when every folio command starts.
var goNumberRules = sync.OnceValue(func() []numberRule {
	return []numberRule{
		{regexp.MustCompile(`^\d+i`), chroma.LiteralNumber},
		{regexp.MustCompile(`^\d+\.\d*([Ee][-+]\d+)?i`), chroma.LiteralNumber},
		{regexp.MustCompile(`^\.\d+([Ee][-+]\d+)?i`), chroma.LiteralNumber},
		{regexp.MustCompile(`^\d+[Ee][-+]\d+i`), chroma.LiteralNumber},
		{regexp.MustCompile(`^\d+(\.\d+[eE][+\-]?\d+|\.\d*|[eE][+\-]?\d+)`), chroma.LiteralNumberFloat},
		{regexp.MustCompile(`^\.\d+([eE][+\-]?\d+)?`), chroma.LiteralNumberFloat},
		{regexp.MustCompile(`^0[0-7]+`), chroma.LiteralNumberOct},
		{regexp.MustCompile(`^0[xX][0-9a-fA-F_]+`), chroma.LiteralNumberHex},
		{regexp.MustCompile(`^0b[01_]+`), chroma.LiteralNumberBin},
		{regexp.MustCompile(`^(0|[1-9][0-9_]*)`), chroma.LiteralNumberInteger},
	}
})

type numberRule struct {
	re *regexp.Regexp
	t  chroma.TokenType
}

// matchNumber returns the length and class of the first chroma number rule matching s.
func matchNumber(s string) (int, chroma.TokenType) {
	for _, r := range goNumberRules() {
		if loc := r.re.FindStringIndex(s); loc != nil {
			return loc[1], r.t
		}
	}
	return 0, chroma.None
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func allHex(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == '_') {
			return false
		}
	}
	return true
}

func isWordByte(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }

// isGoSpace reports whether s holds only the whitespace go/scanner skips.
func isGoSpace(s string) bool {
	for i := range len(s) {
		switch s[i] {
		case ' ', '\t', '\n':
		default:
			return false
		}
	}
	return true
}

// ensureLF turns \r\n and lone \r into \n, as chroma does before lexing.
func ensureLF(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
