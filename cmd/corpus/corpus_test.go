package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"folio/internal/highlight"
	"github.com/alecthomas/chroma/v2"

	"github.com/alecthomas/chroma/v2/lexers"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(9), Generate(9)
	if !maps.EqualFunc(a, b, bytes.Equal) {
		t.Fatal("Generate(9) gave different files on two calls")
	}
	// 4 chapters per language, the odd ninth page in zh only, 2 covers, site.yaml, the CSVs.
	if got, want := len(a), 9+2+1+dataFiles; got != want {
		t.Errorf("Generate(9) wrote %d files; want %d", got, want)
	}
}

var fenceRe = regexp.MustCompile("(?s)```(\\w+)\n(.*?)```")

func TestChapterHasEveryKindOfBlock(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		page := string(Chapter(lang, 12))
		kinds := map[string]int{}
		for _, m := range fenceRe.FindAllStringSubmatch(page, -1) {
			kinds[m[1]]++
			if m[1] == "go" {
				if lines := strings.Count(m[2], "\n"); lines != 29 {
					t.Errorf("Chapter(%q, 12): Go block of %d lines; want 29:\n%s", lang, lines, m[2])
				}
			}
		}
		want := map[string]int{"go": 3, "mermaid": 1, "chart": 1}
		if !maps.Equal(kinds, want) {
			t.Errorf("Chapter(%q, 12) fences = %v; want %v", lang, kinds, want)
		}
		if !strings.Contains(page, "| ---") {
			t.Errorf("Chapter(%q, 12) has no table", lang)
		}
		if got := strings.Count(page, "\n## "); got < 4 {
			t.Errorf("Chapter(%q, 12) has %d h2 headings; want at least 4", lang, got)
		}
	}
}

// TestGoBlocksHighlightLikeChroma lexes every Go block of a corpus with folio's Go lexer and
// with chroma's own: every token must get the same class. (That the compact markup draws those
// classes as chroma's formatter would is highlight's TestCompactLooksLikeChroma.)
func TestGoBlocksHighlightLikeChroma(t *testing.T) {
	blocks := 0
	for name, data := range Generate(40) {
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		for _, m := range fenceRe.FindAllStringSubmatch(string(data), -1) {
			if m[1] != "go" {
				continue
			}
			blocks++
			got, err := highlight.Tokens("go", m[2])
			if err != nil {
				t.Fatal(err)
			}
			it, err := chroma.Coalesce(lexers.Get("go")).Tokenise(nil, m[2])
			if err != nil {
				t.Fatal(err)
			}
			if g, w := merged(got), merged(it.Tokens()); !slices.Equal(g, w) {
				t.Fatalf("%s: folio's Go lexer differs from chroma's for:\n%s\ngot:  %v\nwant: %v", name, m[2], g, w)
			}
		}
	}
	if blocks == 0 {
		t.Fatal("the corpus has no Go blocks")
	}
}

// merged joins neighbouring tokens of one type, so lexers that split a run differently compare
// equal.
func merged(toks []chroma.Token) []chroma.Token {
	var out []chroma.Token
	for _, t := range toks {
		if n := len(out); n > 0 && out[n-1].Type == t.Type {
			out[n-1].Value += t.Value
		} else if t.Value != "" {
			out = append(out, t)
		}
	}
	return out
}

func TestRunWritesBothSites(t *testing.T) {
	out := t.TempDir()
	project, bench := filepath.Join("..", ".."), filepath.Join("..", "..", "bench")
	var stderr bytes.Buffer
	if err := run([]string{"-n", "4", "-out", out, "-project", project, "-bench", bench}, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	for _, f := range []string{
		"content/site.yaml", "content/zh/0001-channels-1.md", "content/en/0002-profiling-2.md",
		"content/data/metrics-0.csv", "layouts/chapter.html", "layouts/partials/sidebar.html",
		"hugo/hugo.toml", "hugo/content/zh/0001-channels-1.md", "hugo/layouts/_markup/render-codeblock-mermaid.html",
	} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("run -n 4: %s missing: %v", f, err)
		}
	}
}
