package highlight

import (
	"bytes"
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/alecthomas/chroma/v2"
)

// styledRune is one character of a drawn block with the class that decides its look: the
// innermost token class that a theme has a rule for, or "" when only the block's own colour
// applies. Blank space is compared only where its class draws on blank space.
type styledRune struct {
	r     rune
	class string
}

// lineWrappers are chroma's per-line spans; they carry layout, not colour.
var lineWrappers = map[string]bool{"line": true, "cl": true}

// looks parses the markup of one block into what a reader sees.
func looks(t *testing.T, markup string) []styledRune {
	t.Helper()
	var out []styledRune
	var stack []string
	s := markup
	for s != "" {
		switch {
		case strings.HasPrefix(s, "</span>"):
			stack = stack[:len(stack)-1]
			s = s[len("</span>"):]
		case strings.HasPrefix(s, "<span"):
			end := strings.IndexByte(s, '>')
			cls := ""
			if i := strings.Index(s[:end], `class="`); i >= 0 {
				cls = s[i+len(`class="`) : end-1]
			}
			stack = append(stack, cls)
			s = s[end+1:]
		case strings.HasPrefix(s, "<"):
			s = s[strings.IndexByte(s, '>')+1:]
		default:
			end := strings.IndexByte(s, '<')
			if end < 0 {
				end = len(s)
			}
			cls := ""
			for i := len(stack) - 1; i >= 0; i-- {
				if !lineWrappers[stack[i]] {
					cls = stack[i]
					break
				}
			}
			if !ruledClass(cls) {
				cls = ""
			}
			for _, r := range html.UnescapeString(s[:end]) {
				if unicode.IsSpace(r) && !styled().decorated[cls] {
					out = append(out, styledRune{r, "blank"})
					continue
				}
				out = append(out, styledRune{r, cls})
			}
			s = s[end:]
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed spans %v in %q", stack, markup)
	}
	return out
}

func ruledClass(c string) bool {
	for _, rc := range styled().class {
		if rc == c {
			return true
		}
	}
	return false
}

// checkCompact fails when writeCompact draws code in lang differently from chroma's formatter.
// It returns the sizes of both.
func checkCompact(t *testing.T, name, lang, code string) (compact, full int) {
	t.Helper()
	var want, got bytes.Buffer
	it, err := tokens(lang, code)
	if err != nil {
		t.Fatal(err)
	}
	toks := it.Tokens()
	if err := baseFormatter.Format(&want, styleFor(), chroma.Literator(toks...)); err != nil {
		t.Fatal(err)
	}
	if err := writeCompact(&got, chroma.Literator(toks...)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(want.String(), preStart) || !strings.HasSuffix(want.String(), preEnd) {
		t.Fatalf("%s: chroma's wrapper changed: %.60q … %.20q", name, want.String(), want.String()[max(0, want.Len()-20):])
	}
	w, g := looks(t, want.String()), looks(t, got.String())
	for i := 0; i < len(w) || i < len(g); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			t.Fatalf("%s: character %d differs:\ncompact: %s\nchroma:  %s", name, i, around(g, i), around(w, i))
		}
	}
	return got.Len(), want.Len()
}

func around(rs []styledRune, i int) string {
	var b strings.Builder
	for j := max(0, i-3); j < min(len(rs), i+4); j++ {
		fmt.Fprintf(&b, "%q/%s ", rs[j].r, rs[j].class)
	}
	return b.String()
}

func TestCompactLooksLikeChroma(t *testing.T) {
	tests := []struct{ name, lang, code string }{
		{"go", "go", "package main\n\nimport \"fmt\"\n\n// main greets.\nfunc main() {\n\tif a < b && c > d {\n\t\tfmt.Println(\"x & y\", 'q')\n\t}\n}\n"},
		{"go broken", "go", "func f() { … }\n\"unterminated\n"},
		{"go template raw string", "go", "var t = `{{ .Name }} & <b>`\n"},
		{"yaml", "yaml", "apiVersion: v1\nkind: Pod # a comment\nspec:\n  containers: [\"a\", 'b']\n"},
		{"c", "c", "#include <stdio.h>\nint main(void) { return 0; } /* x */\n"},
		{"java", "java", "@Service\npublic class A<T> { private final int x = 1; }\n"},
		{"sh", "sh", "go tool pprof -http=:8080 cpu.out && echo \"done\" > /dev/null\n"},
		{"diff", "diff", "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n"},
		{"unknown", "klingon", "Qapla' <x> & y\n"},
		{"empty", "go", ""},
		{"blank lines", "text", "\n\n  \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCompact(t, tt.name, tt.lang, tt.code) })
	}
}

// TestCompactLooksLikeChromaOnReport draws every fenced block and sample of the report both
// ways, and reports how much smaller the compact markup is.
func TestCompactLooksLikeChromaOnReport(t *testing.T) {
	blocks, compact, full := 0, 0, 0
	eachContentFile(t, func(p string, data []byte) {
		var fences [][2]string
		switch filepath.Ext(p) {
		case ".go":
			fences = [][2]string{{"go", string(data)}}
		case ".md":
			fences = allFences(data)
		}
		for i, f := range fences {
			c, w := checkCompact(t, fmt.Sprintf("%s block %d (%s)", p, i, f[0]), f[0], f[1])
			blocks, compact, full = blocks+1, compact+c, full+w
		}
	})
	if blocks == 0 {
		t.Fatal("no code blocks found in content/")
	}
	t.Logf("%d blocks: compact %d bytes, chroma %d bytes (%.0f%%)", blocks, compact, full, 100*float64(compact)/float64(full))
}

// allFences returns (language, body) of the fenced blocks of a Markdown file, except the
// blocks folio draws itself (mermaid, chart) or includes (include).
func allFences(md []byte) [][2]string {
	var out [][2]string
	lines := strings.SplitAfter(string(md), "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(l, "```") {
			continue
		}
		lang, _, _ := strings.Cut(strings.TrimPrefix(l, "```"), " ")
		var body strings.Builder
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			body.WriteString(lines[i])
		}
		switch lang {
		case "mermaid", "chart", "include":
			continue
		}
		out = append(out, [2]string{lang, body.String()})
	}
	return out
}

func FuzzCompact(f *testing.F) {
	for _, s := range []string{"package p\nfunc f() { x := 1 < 2 }\n", "a & b\n", "`{{x}}`", ""} {
		f.Add("go", s)
		f.Add("yaml", s)
	}
	f.Fuzz(func(t *testing.T, lang, code string) {
		if lang != "go" && lang != "yaml" && lang != "text" {
			lang = "go"
		}
		checkCompact(t, "fuzz", lang, code)
	})
}
