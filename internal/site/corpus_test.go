package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeCorpus writes a deterministic bilingual site of n chapters per language, each with
// prose, headings, Go code blocks and a table, for benchmarks.
func writeCorpus(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("site.yaml", "title: {zh: 语料, en: Corpus}\nlanguages: [zh, en]\n")
	write("zh/_index.md", "---\ntitle: 语料\n---\n封面。\n")
	write("en/_index.md", "---\ntitle: Corpus\n---\nCover.\n")
	code := "```go fragment\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := 0; i < 10; i++ {\n\t\tfmt.Println(i) // count\n\t}\n}\n```\n"
	for i := 1; i <= n; i++ {
		for _, lang := range []string{"zh", "en"} {
			var b strings.Builder
			fmt.Fprintf(&b, "---\ntitle: %s %d\ndescription: %s\n---\n", map[string]string{"zh": "章节", "en": "Chapter"}[lang], i, "desc")
			for s := 1; s <= 4; s++ {
				fmt.Fprintf(&b, "## Section %d {#s%d}\n\n", s, s)
				if lang == "zh" {
					b.WriteString(strings.Repeat("Go 语言在云原生基础设施中占据重要地位，岗位需求持续增长。", 6) + "\n\n")
				} else {
					b.WriteString(strings.Repeat("Go holds a central place in cloud native infrastructure, and demand keeps growing. ", 6) + "\n\n")
				}
				if s <= 3 {
					b.WriteString(code + "\n")
				}
			}
			b.WriteString("| city | jobs |\n|---|---:|\n| A | 1240 |\n| B | 980 |\n")
			write(fmt.Sprintf("%s/%04d-c%d.md", lang, i, i), b.String())
		}
	}
	return dir
}

// corpusN chapters per language make the 1,000-page benchmark corpus.
var corpusN = 500

func init() {
	if s := os.Getenv("FOLIO_CORPUS_N"); s != "" {
		fmt.Sscan(s, &corpusN)
	}
}
