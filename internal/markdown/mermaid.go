package markdown

import (
	"bytes"
	"errors"
	"html"
	"slices"

	"folio/internal/mermaid"
)

// mermaid renders a ```mermaid block as an inline SVG drawn at build time. Diagram types the
// engine does not draw are errors, unless the site opts into leaving them to mermaid.js.
func (c *Converter) mermaid(f *Fence) (*rendered, *blockError) {
	typ := mermaid.DiagramType(f.Body)
	if typ != "flowchart" && typ != "graph" && slices.Contains(c.opts.ClientFallback, typ) {
		var b bytes.Buffer
		b.WriteString(`<pre class="mermaid">`)
		b.WriteString(html.EscapeString(string(f.Body)))
		b.WriteString(`</pre>`)
		return &rendered{kind: "mermaid", html: b.Bytes()}, nil
	}
	svg, err := mermaid.Render(f.Body, mermaid.Options{IDPrefix: f.idPrefix("m")})
	if err != nil {
		var me *mermaid.Error
		if errors.As(err, &me) {
			return nil, errorf(me.Line, "mermaid: %s", me.Msg)
		}
		return nil, errorf(0, "mermaid: %v", err)
	}
	var b bytes.Buffer
	b.Grow(len(svg) + 64)
	b.WriteString(`<figure class="diagram">`)
	b.Write(svg)
	b.WriteString(`</figure>`)
	return &rendered{kind: "mermaid", html: b.Bytes()}, nil
}
