package highlight

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// chromaTokens is the reference: chroma's regex Go lexer, coalesced without a size limit.
// sure is false when the lexing took as long as one of chroma's match timeouts: a rule that
// timed out counts as not matching, so on a slow run (-race on a loaded machine, a very long
// comment) chroma's answer can be wrong.
func chromaTokens(t testing.TB, code string) (toks []chroma.Token, sure bool) {
	t.Helper()
	start := time.Now()
	it, err := lexers.Get("go").Tokenise(nil, code)
	if err != nil {
		t.Fatalf("chroma tokenise: %v", err)
	}
	toks = it.Tokens()
	return normalize(toks), time.Since(start) < chromaMatchTimeout
}

// chromaMatchTimeout is the MatchTimeout chroma gives every rule's regexp (regexp.go).
const chromaMatchTimeout = 250 * time.Millisecond

// normalize merges runs of one type and drops empty tokens, so that two lexers that split
// the same text differently but classify it alike compare equal.
func normalize(toks []chroma.Token) []chroma.Token {
	var out []chroma.Token
	for _, t := range toks {
		if t.Value == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Type == t.Type {
			out[n-1].Value += t.Value
			continue
		}
		out = append(out, t)
	}
	return out
}

// diffTokens describes the first difference between two token lists, or "".
func diffTokens(got, want []chroma.Token) string {
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w chroma.Token
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("token %d: got %s %q; want %s %q", i, g.Type, g.Value, w.Type, w.Value)
		}
	}
	return ""
}

// checkSameAsChroma fails when goTokens classifies code differently from chroma. It reports
// whether the fast path took the block (false: go/scanner rejected it, chroma lexed it).
func checkSameAsChroma(t testing.TB, name, code string) bool {
	t.Helper()
	got := normalize(goTokens(code).Tokens())
	// A difference counts only when chroma lexed the code without running into its match
	// timeout; a slow try is tried again.
	for try := 1; ; try++ {
		want, sure := chromaTokens(t, code)
		d := diffTokens(got, want)
		if d == "" {
			break
		}
		if sure {
			t.Errorf("%s: goTokens differs from chroma's Go lexer: %s\ncode:\n%s", name, d, code)
			break
		}
		if try == 3 {
			t.Logf("%s: not compared: chroma's lexer took over its %v match timeout in each of %d tries", name, chromaMatchTimeout, try)
			break
		}
	}
	_, fast := scanGo(code)
	return fast
}

func TestGoTokensMatchChroma(t *testing.T) {
	tests := []struct{ name, code string }{
		{"hello", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello, 世界\")\n}\n"},
		{"comments", "//go:build linux\n// Package x.\n//\n/* a\n b */ x := 1 // trailing\n//nolint:errcheck\n"},
		{"comment NBSP", "//\u00a0not preproc\n"},
		{"comment CRLF", "// a\r\nx := 1\r\n/* b\r\n*/\r\n"},
		{"lone CR", "x := 1\ry := 2\r"},
		{"builtins", "n := len(s)\nm := len (s)\nv := int(x)\nw := int (x)\nvar e error = error(nil)\nu := any(1)\nclear(m); min(1, 2); max(a, b)\n"},
		{"types", "var a []any\nvar b map[string]int\nch := make(chan<- float64)\nvar f float\n"},
		{"functions", "func (r *R) Do(ctx context.Context) error { return r.do (ctx) }\nx.Method\n(1)\né(1)\naé(1)\n_f()\n"},
		{"keywords", "for i := range n { if i > 0 { continue } else { break } }\ngo f()\ndefer g()\nselect { case <-ch: default: }\ngoto L\nswitch { case true: fallthrough }\n"},
		{"constants", "x := iota\ny, z := true, false\nvar p *T = nil\n"},
		{"numbers", "a := 0\nb := 42\nc := 1_000_000\nd := 0755\ne := 08\nf := 0o17\ng := 0O17\nh := 0x1F\ni := 0X_ff\nj := 0b1010\nk := 0B11\n"},
		{"floats", "a := 1.5\nb := 1.\nc := .5\nd := 1e10\ne := 1.5e-3\nf := 1.e3\ng := 1_000.5\nh := 0x1p-2\ni := 0x1.8p1\nj := 6.02E+23\n"},
		{"imaginary", "a := 1i\nb := 1.5i\nc := .5i\nd := 1e+5i\ne := 1e5i\nf := 0x1i\ng := 0o7i\nh := 1.5e-3i\n"},
		{"chars", "a := 'x'\nb := '\\n'\nc := '\\''\nd := '\\x41'\ne := '\\101'\nf := '\\u00e9'\ng := '\\U0001F600'\nh := '世'\n"},
		{"strings", "a := \"x\\\"y\\\\\"\nb := `raw\nstring`\nc := ``\nd := \"\"\n"},
		{"raw template", "const t = `Hello {{ .Name }}{{if .X}}!{{end}} {{/* c */}}`\n"},
		{"raw CRLF", "s := `a\r\nb`\r\n"},
		{"operators", "a <<= 1; b >>= 2; c = a << b >> c\nd &^= e; f = g &^ h\ni += 1; j -= 1; k *= 2; l /= 2; m %= 3\nn &= o; p |= q; r ^= s\nt = u && v || !w\nch <- x; y := <-ch\nz++; z--\n_ = a == b; _ = a != b\nf(xs...)\nx = a | b ^ c &d\n_ = a < b; _ = a > b; _ = a <= b; _ = a >= b\n"},
		{"generics", "func Map[T, U any](s []T, f func(T) U) []U { return nil }\ntype Number interface { ~int | ~float64 }\n"},
		{"labels and semicolons", "L:\n\tfor {\n\t\tbreak L\n\t}\n; ;\n"},
		{"no final newline", "x := 1"},
		{"only spaces", "   \n\t\n"},
		{"empty", ""},
		{"unicode idents", "var 名字 = \"x\"\n变量(1)\nπ := 3.14\n"},
		{"keywords as prefixes", "imports := 1\npackages, formats, gopher, iotas, nils, ints, lens := 1, 2, 3, 4, 5, 6, 7\nlenx(1)\n"},
		{"rejected by go/scanner", "x := …\ny := 1 @ 2\n"},
		{"unterminated", "s := \"abc\n/* open\n"},
		{"bom", "\uFEFFpackage p\n"},
		{"directive", "//go:generate stringer -type=Kind\n//line foo.go:10\nx := 1\n"},
		{"selector on literal", "d := 5 * time.Second\n_ = x.y.z()\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkSameAsChroma(t, tt.name, tt.code)
		})
	}
}

// TestGoTokensMatchChromaOnReport checks every Go block of the report: fenced Go blocks in
// content/**/*.md and the samples in content/code/**/*.go.
func TestGoTokensMatchChromaOnReport(t *testing.T) {
	blocks, fast := 0, 0
	eachContentFile(t, func(p string, data []byte) {
		var codes []string
		switch filepath.Ext(p) {
		case ".go":
			codes = []string{string(data)}
		case ".md":
			codes = goFences(data)
		}
		for i, code := range codes {
			blocks++
			if checkSameAsChroma(t, fmt.Sprintf("%s block %d", p, i), code) {
				fast++
			}
		}
	})
	t.Logf("%d Go blocks compared, %d on the go/scanner path", blocks, fast)
}

// eachContentFile calls f with every file of the bundled report's content/, or skips the test
// when there is none.
func eachContentFile(t *testing.T, f func(path string, data []byte)) {
	t.Helper()
	root := filepath.Join("..", "..", "content")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no content directory: %v", err)
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil {
			f(p, data)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// goFences returns the bodies of ```go and ```golang fences that have a body.
func goFences(md []byte) []string {
	var out []string
	var body strings.Builder
	in, isGo := false, false
	fence := ""
	sc := bufio.NewScanner(bytes.NewReader(md))
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case !in && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")):
			fence = trimmed[:3]
			info := strings.Fields(strings.Trim(trimmed, "`~ {}"))
			in, isGo = true, len(info) > 0 && (info[0] == "go" || info[0] == "golang")
			body.Reset()
		case in && strings.HasPrefix(trimmed, fence):
			in = false
			if isGo && body.Len() > 0 {
				out = append(out, body.String())
			}
		case in:
			body.WriteString(line + "\n")
		}
	}
	return out
}

// TestGoTokensMatchChromaOnGoRoot checks a sample of the standard library: real Go with every
// kind of literal, comment and operator in it.
func TestGoTokensMatchChromaOnGoRoot(t *testing.T) {
	if testing.Short() {
		t.Skip("chroma's lexer is slow on large files")
	}
	src := filepath.Join(runtime.GOROOT(), "src")
	var files []string
	_ = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no Go source tree")
	}
	const want = 120
	step := max(len(files)/want, 1)
	compared := 0
	for i := 0; i < len(files); i += step {
		data, err := os.ReadFile(files[i])
		if err != nil || len(data) > 40_000 {
			continue
		}
		checkSameAsChroma(t, files[i], string(data))
		compared++
	}
	t.Logf("%d files of %d compared", compared, len(files))
}

func FuzzGoTokens(f *testing.F) {
	for _, s := range []string{
		"package p\nfunc f() { x := 1.5e3i; y := 0o17; z := 'a' }\n",
		"s := `{{ .X }}` // c\n/* m */ 0x1p-2 1_0.5 08",
		"a &^= b <- c ... d",
		"len (x) len(x) any(x) f\t(x)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		toks, ok := scanGo(code)
		if !ok {
			return
		}
		var text strings.Builder
		for _, tok := range toks {
			text.WriteString(tok.Value)
		}
		if text.String() != ensureLF(code) {
			t.Fatalf("scanGo(%q) text = %q; want the input", code, text.String())
		}
		checkSameAsChroma(t, "fuzz", code)
	})
}
