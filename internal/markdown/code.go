package markdown

import (
	"bytes"
	"html"

	"folio/internal/highlight"
)

// code renders a fenced code block, highlighted at build time.
func (c *Converter) code(f *Fence) (*rendered, *blockError) {
	opts := highlight.Options{}
	if _, ok := f.Attrs["linenos"]; ok {
		opts.LineNumbers = true
	}
	if s, ok := f.Attrs["hl_lines"]; ok {
		ls, err := lineList(s)
		if err != nil {
			return nil, errorf(0, "hl_lines: %v", err)
		}
		opts.Highlight = ls
	}
	return c.codeHTML("code", f.Kind, string(f.Body), "", "", opts)
}

// codeHTML wraps highlighted code in the markup every code block shares.
func (c *Converter) codeHTML(kind, lang, code, caption, captionURL string, opts highlight.Options) (*rendered, *blockError) {
	var b bytes.Buffer
	b.WriteString(`<div class="code"`)
	if lang != "" {
		b.WriteString(` data-lang="` + html.EscapeString(lang) + `"`)
	}
	b.WriteString(">")
	if caption != "" {
		b.WriteString(`<div class="code-caption">`)
		if captionURL != "" {
			b.WriteString(`<a href="` + html.EscapeString(captionURL) + `">` + html.EscapeString(caption) + `</a>`)
		} else {
			b.WriteString(html.EscapeString(caption))
		}
		b.WriteString(`</div>`)
	}
	if err := highlight.Write(&b, lang, code, opts); err != nil {
		return nil, errorf(0, "%v", err)
	}
	b.WriteString("</div>")
	return &rendered{kind: kind, html: b.Bytes()}, nil
}

var highlightNone = highlight.Options{}
