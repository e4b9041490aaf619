package output

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// page is a chapter-sized HTML page: prose, a highlighted code block, a table and an SVG.
func page(i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<title>Chapter %d</title>\n</head>\n<body>\n", i)
	for range 20 {
		b.WriteString("<p>Go is known for its small syntax and its efficient   concurrency model.</p>\n")
		b.WriteString(`<div class="code" data-lang="go"><pre class="chroma"><code><span class="line"><span class="cl"><span class="kd">func</span> <span class="nf">main</span><span class="p">()</span> <span class="p">{</span></span></span></code></pre></div>` + "\n")
		b.WriteString("<table>\n  <tr>\n    <td>gateway</td>\n    <td>1200</td>\n  </tr>\n</table>\n")
		b.WriteString(`<svg class="chart-svg" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="40.000" height="20.500" fill="currentColor"/><text x="5" y="15">gateway</text></svg>` + "\n")
	}
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

// BenchmarkMinify is the minify stage for one page, minified around its code blocks and
// diagrams (spliced, as a build does) and whole.
func BenchmarkMinify(b *testing.B) {
	for _, splice := range []bool{true, false} {
		name := map[bool]string{true: "spliced", false: "whole"}[splice]
		b.Run(name, func(b *testing.B) {
			m := NewMinifier()
			m.Splice = splice
			p := page(1)
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Bytes("x/index.html", p); err != nil {
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
