package markdown

import (
	"bytes"
	"errors"
	"html"
	"strings"

	"folio/internal/highlight"
	"folio/internal/sample"
)

// code renders a fenced code block: inline code, or a sample included from content/code/,
// highlighted at build time.
func (c *Converter) code(f *Fence) (*rendered, *blockError) {
	inc, err := sample.ParseInfo(f.Info)
	if err != nil {
		return nil, errorf(0, "%v", err)
	}
	opts := highlight.Options{LineNumbers: inc.LineNos, Highlight: inc.HLLines}
	if !inc.IsInclude() {
		return c.codeHTML("code", inc.Lang, string(f.Body), "", "", opts)
	}
	if strings.TrimSpace(string(f.Body)) != "" {
		return nil, errorf(0, "an include fence (file=%s) must have an empty body: delete the lines inside it, or drop file= to show them inline", inc.File)
	}
	code, err := sample.Load(c.opts.FS, inc)
	if err != nil {
		var se *sample.Error
		if errors.As(err, &se) {
			return nil, errorf(0, "include: %v", se)
		}
		return nil, errorf(0, "include %s: %v", inc.File, err)
	}
	opts.Highlight = code.HLLines
	caption, url := "", ""
	if inc.Caption {
		caption = inc.File
		if c.opts.CodeURL != nil {
			url = c.opts.CodeURL(inc.File)
		}
	}
	r, berr := c.codeHTML("include", inc.Lang, code.Text, caption, url, opts)
	if berr != nil {
		return nil, berr
	}
	r.deps = []string{inc.File}
	return r, nil
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
