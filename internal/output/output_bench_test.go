package output

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// page is a chapter-sized HTML page shaped like a corpus chapter: a head with an inline
// script, a sidebar, prose, three 29-line highlighted Go blocks, a table, a flowchart and a
// chart (by bytes, two thirds code and SVG, as on the corpus pages).
func page(i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Chapter %d</title>\n", i)
	b.WriteString("  <script>document.documentElement.classList.add(\"js\");try{var t=localStorage.getItem(\"folio-theme\");if(t)document.documentElement.dataset.theme=t}catch(e){}</script>\n</head>\n<body>\n")
	b.WriteString("  <nav class=\"sidebar\">\n    <ol>\n")
	for k := range 12 {
		fmt.Fprintf(&b, "      <li><a href=\"/en/chapter-%d/\" style=\"--n : %d\">Chapter %d</a></li>\n", k, k, k)
	}
	b.WriteString("    </ol>\n  </nav>\n  <main>\n")
	line := `<span class="kd">func </span><span class="p">(</span><span class="nx">w </span><span class="o">*</span><span class="nx">Worker</span><span class="p">) </span><span class="nf">Run</span><span class="p">(</span><span class="nx">ctx </span><span class="nx">context</span><span class="p">.</span><span class="nx">Context</span><span class="p">) </span><span class="kt">error </span><span class="p">{` + "\n"
	for range 3 {
		b.WriteString("<h2 id=\"s\">Section <a class=\"anchor\" href=\"#s\">#</a></h2>\n")
		b.WriteString("<p>Go is known for its small syntax and its efficient   concurrency model, a good fit for cloud native infrastructure.</p>\n")
		b.WriteString(`<div class="code" data-lang="go"><pre class="chroma"><code>` + strings.Repeat(line, 29) + "</code></pre></div>\n")
	}
	b.WriteString("<table>\n  <tr>\n    <td>gateway</td>\n    <td>1200</td>\n  </tr>\n</table>\n")
	for _, class := range []string{"mm-diagram", "chart-svg"} {
		fmt.Fprintf(&b, `<figure><svg class="%s" viewBox="0 0 480 320" xmlns="http://www.w3.org/2000/svg">`, class)
		for k := range 20 {
			fmt.Fprintf(&b, `<rect x="%d" y="0" width="40" height="20.5" fill="currentColor"/><text x="5" y="15">node %d</text>`, k, k)
		}
		b.WriteString("</svg></figure>\n")
	}
	b.WriteString("  </main>\n</body>\n</html>\n")
	return []byte(b.String())
}

// BenchmarkMinify is the minify stage for one page: minified around its code blocks and
// diagrams (spliced, as a build does), whole, and spliced as a page the build writes out at
// once (passing: the parser reads its bytes in place).
func BenchmarkMinify(b *testing.B) {
	for _, c := range []struct {
		name    string
		splice  bool
		passing bool
	}{{"spliced", true, false}, {"whole", false, false}, {"passing", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			m := NewMinifier()
			m.Splice = c.splice
			minify := m.Bytes
			if c.passing {
				minify = m.Passing
			}
			p := page(1)
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := minify("x/index.html", p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWrite is the write stage: 200 pages written atomically into a fresh directory.
func BenchmarkWrite(b *testing.B) {
	files := Files{}
	for i := range 200 {
		files[fmt.Sprintf("c%d/index.html", i)] = page(i)
	}
	dir := filepath.Join(b.TempDir(), "public")
	b.SetBytes(int64(files.Size()))
	for b.Loop() {
		if err := Write(dir, files); err != nil {
			b.Fatal(err)
		}
	}
}
