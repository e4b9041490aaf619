package search

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkSections splits a page shaped like a corpus chapter: prose under headings, three
// highlighted code blocks and a diagram, which are most of its bytes and none of its text.
func BenchmarkSections(b *testing.B) {
	var page strings.Builder
	for h := range 5 {
		fmt.Fprintf(&page, `<h2 id="s%d">Section %d <a class="anchor" href="#s%d">#</a></h2>`, h, h, h)
		page.WriteString(`<p>Go services &amp; their <em>schedulers</em> spread work across cores.</p>`)
		if h < 3 {
			page.WriteString(`<pre class="chroma"><code>`)
			for range 29 {
				page.WriteString(`<span class="kd">func</span> <span class="nf">run</span><span class="p">(</span><span class="nx">ctx</span> <span class="nx">context</span><span class="p">.</span><span class="nx">Context</span><span class="p">)</span>` + "\n")
			}
			page.WriteString(`</code></pre>`)
		}
	}
	page.WriteString(`<figure><svg viewBox="0 0 600 400" role="img">`)
	for n := range 40 {
		fmt.Fprintf(&page, `<rect x="%d" y="20" width="80" height="30" rx="4" class="node"/><text x="%d" y="40">step %d</text>`, n*10, n*10, n)
	}
	page.WriteString(`</svg><figcaption>The flow</figcaption></figure>`)
	body := []byte(page.String())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Sections(body)
	}
}
