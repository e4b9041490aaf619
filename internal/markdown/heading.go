package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// headingRenderer renders headings with a self-link, so every section can be linked to.
type headingRenderer struct{}

var _ renderer.NodeRenderer = headingRenderer{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	tag := "h" + string(rune('0'+n.Level))
	if entering {
		_, _ = w.WriteString("<" + tag)
		if n.Attributes() != nil {
			html.RenderAttributes(w, n, html.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok && n.Level >= 2 && n.Level <= 4 {
		_, _ = w.WriteString(` <a class="anchor" href="#`)
		_, _ = w.Write(util.EscapeHTML(id.([]byte)))
		_, _ = w.WriteString(`" aria-hidden="true" tabindex="-1">#</a>`)
	}
	_, _ = w.WriteString("</" + tag + ">\n")
	return ast.WalkContinue, nil
}
