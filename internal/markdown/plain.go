package markdown

import "html"

// plain renders a mermaid or chart block as its escaped source in <pre class="mermaid"> or
// <pre class="chart">, the markup Hugo's documentation recommends for mermaid.js: nothing is
// drawn at build time. Options.PlainDiagrams selects it.
func (c *Converter) plain(f *Fence) (*rendered, *blockError) {
	b := make([]byte, 0, len(f.Body)+32)
	b = append(b, `<pre class="`+f.Kind+`">`...)
	b = append(b, html.EscapeString(string(f.Body))...)
	b = append(b, "</pre>"...)
	return &rendered{kind: f.Kind, html: b}, nil
}
