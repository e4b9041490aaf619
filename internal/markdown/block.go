package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// KindBlock is the node kind of a fenced block that folio rendered itself (a diagram, a chart,
// highlighted or included code). It replaces the fenced code block in the tree, so goldmark's
// renderer only has to copy the finished HTML.
var KindBlock = ast.NewNodeKind("FolioBlock")

// blockNode holds the HTML of one rendered fenced block.
type blockNode struct {
	ast.BaseBlock
	html []byte
}

func (n *blockNode) Kind() ast.NodeKind { return KindBlock }

func (n *blockNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"html": string(n.html)}, nil)
}

func (n *blockNode) IsRaw() bool { return true }

// blockRenderer writes blockNodes.
type blockRenderer struct{}

var _ renderer.NodeRenderer = blockRenderer{}

func (blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*blockNode).html)
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}
