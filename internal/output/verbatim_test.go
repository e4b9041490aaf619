package output

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
)

func TestVerbatimBlocks(t *testing.T) {
	tests := []struct {
		in   string
		want string // the block found, "" for none
	}{
		{`<p>x</p><pre class="chroma"><code>a &lt;/pre&gt; b</code></pre><p>y</p>`, `<pre class="chroma"><code>a &lt;/pre&gt; b</code></pre>`},
		{`<pre><code>plain</code></pre>`, ""},
		{`<svg viewBox="0 0 1 1"><path d="M0"/></svg>`, ""},
		{`<a><svg class="icon"></svg></a><figure><svg xmlns="x" class="mm-diagram"><g><svg><text>n</text></svg></g></svg></figure>`, `<svg xmlns="x" class="mm-diagram"><g><svg><text>n</text></svg></g></svg>`},
		{`<svg class="chart-svg" role="img"><rect/></svg>tail`, `<svg class="chart-svg" role="img"><rect/></svg>`},
		{`<svg class="chart-svg"><rect/>`, ""},
		{`<pre class="chroma"><code>unclosed`, ""},
		{`<svg class="mm-diagram"`, ""},
	}
	for _, tt := range tests {
		got := ""
		if blks := verbatimBlocks([]byte(tt.in)); len(blks) > 0 {
			got = tt.in[blks[0][0]:blks[0][1]]
		}
		if got != tt.want {
			t.Errorf("verbatimBlocks(%q)[0] = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzVerbatimBlocks(f *testing.F) {
	for _, s := range []string{`<pre class="chroma"><code>x</code></pre>`, `<svg class="mm-diagram"><svg></svg></svg>`, `<svg class="chart-svg"><svg>`, `<svg<svg class="chart-svg">></svg>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		b := []byte(in)
		at := 0
		for _, blk := range verbatimBlocks(b) {
			s, e := blk[0], blk[1]
			if s < at || s > e || e > len(b) {
				t.Fatalf("verbatimBlocks(%q): block %d, %d out of order or range", in, s, e)
			}
			block := b[s:e]
			if !(bytes.HasPrefix(block, preOpen) && bytes.HasSuffix(block, preClose)) && !(bytes.HasPrefix(block, svgOpen) && bytes.HasSuffix(block, svgClose)) {
				t.Fatalf("verbatimBlocks(%q): %q is not a whole block", in, block)
			}
			at = e
		}
		// Minifying around the blocks never fails where minifying the whole does not.
		whole := NewMinifier()
		whole.Splice = false
		if _, err := whole.bytes("text/html", "x.html", b, true); err != nil {
			return
		}
		if _, err := NewMinifier().bytes("text/html", "x.html", b, true); err != nil {
			t.Fatalf("spliced minify of %q: %v; whole: no error", in, err)
		}
	})
}

// TestInlineMemo minifies pages with inline scripts and styles twice (the second time from the
// memo) and compares them with the minifiers called directly.
func TestInlineMemo(t *testing.T) {
	ref := minify.New()
	ref.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	ref.AddFunc("text/css", css.Minify)
	ref.AddFunc("image/svg+xml", minifySVG)
	ref.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	pages := []string{
		`<p style="color : red ;  margin: 0px">a</p><script>var  x = 1 ;  if (x) { x = 2 }</script>`,
		`<p style="color : blue">b</p><script>var  x = 1 ;  if (x) { x = 2 }</script><style>p { color : red }</style>`,
		`<button onclick="go( 1 )">c</button><script type="module">let  y = 2</script><p style="color : red ;  margin: 0px">d</p>`,
	}
	m := NewMinifier()
	for round := range 2 {
		for _, p := range pages {
			var want bytes.Buffer
			if err := ref.Minify("text/html", &want, strings.NewReader(p)); err != nil {
				t.Fatal(err)
			}
			got, err := m.Fresh("x.html", []byte(p))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("round %d: Fresh(%q) = %q; want %q", round, p, got, want.Bytes())
			}
		}
	}
}
