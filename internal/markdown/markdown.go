// Package markdown converts a page's Markdown to HTML with goldmark: GFM, footnotes, heading
// ids stable in any script, a typographer suited to the page language, and folio's fenced
// blocks (highlighted code, included samples, diagrams, charts), each rendered by the handler
// of its kind. It also reports what the later stages need: headings for the table of contents,
// links for the link checker, and the files a page depends on.
package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"folio/internal/diag"
	"folio/internal/extension"
)

// Options configure a Converter for one language; they are fixed for its lifetime.
type Options struct {
	Lang  string
	FS    fs.FS  // the content directory: includes and chart data are read from it
	Cache *Cache // shared rendered-block cache; nil disables caching
	// DataURL returns the published URL of a file in content/data/ (charts link their CSV).
	DataURL func(name string) string
	// CodeURL returns the web address of a file under content/ in the repository, or "".
	CodeURL func(file string) string
	// Strings are UI strings the blocks print (e.g. "show_data", "download_csv", "copy").
	Strings map[string]string
	// ClientFallback lists diagram types left to mermaid.js in the browser.
	ClientFallback []string
	// PlainDiagrams leaves every mermaid and chart block to the browser as its escaped source
	// (plain.go), the way Hugo does, for like-for-like speed comparisons.
	PlainDiagrams bool
}

// Converter turns Markdown into HTML. It is safe for concurrent use.
type Converter struct {
	md   goldmark.Markdown
	opts Options

	settings func() [32]byte // digest of the options that shape a block (cache_disk.go)
}

// New builds the goldmark instance once for a language.
func New(opts Options) *Converter {
	typo := extension.NewTypographer()
	if strings.HasPrefix(opts.Lang, "zh") || strings.HasPrefix(opts.Lang, "ja") {
		// Chinese text carries its own ellipsis (……) and dashes (——); only quotes are curled.
		typo = extension.NewTypographer(extension.WithTypographicSubstitutions(extension.TypographicSubstitutions{
			extension.EnDash: nil, extension.EmDash: nil, extension.Ellipsis: nil,
			extension.LeftAngleQuote: nil, extension.RightAngleQuote: nil,
		}))
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, typo),
		goldmark.WithParserOptions(parser.WithAttribute(), parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(
			// Raw HTML is the author's to use (see README, "Raw HTML"); data never reaches here.
			html.WithUnsafe(),
			renderer.WithNodeRenderers(
				util.Prioritized(blockRenderer{}, 100),
				util.Prioritized(headingRenderer{}, 100),
			),
		),
	)
	c := &Converter{md: md, opts: opts}
	c.settings = sync.OnceValue(c.settingsDigest)
	return c
}

// Source is one page to convert.
type Source struct {
	File      string // as shown in messages: "content/zh/01-landscape.md"
	Body      []byte
	FirstLine int // line in File of Body's first line
	// Resolve maps a relative link to another Markdown file ("02-drivers.md") to its URL.
	Resolve func(target string) (string, bool)
}

// Heading is one heading of a page.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int
}

// Link is one link or image in a page, for the link checker.
type Link struct {
	Dest  string // as written
	URL   string // after rewriting .md links
	Line  int
	Image bool
}

// Result is a converted page.
type Result struct {
	HTML     []byte
	Headings []Heading
	Links    []Link
	Blocks   map[string]int // rendered fenced blocks by kind: "mermaid", "chart", "include", "code"
	Deps     []string       // files under content/ the page read (sorted)
	Fences   []Fence        // every fenced block, for checks
	// BlockKeys are the cache keys of the rendered blocks: a build that reuses the whole page
	// hands them to Cache.Keep, so the blocks stay cached for the day the page changes.
	BlockKeys [][32]byte
}

// Convert converts one page. Every block error is reported, not only the first.
func (c *Converter) Convert(src Source) (*Result, diag.List) {
	lines := newLineIndex(src.Body, src.FirstLine)
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	doc := c.md.Parser().Parse(text.NewReader(src.Body), parser.WithContext(pc))

	res := &Result{Blocks: map[string]int{}}
	var ds diag.List
	var fences []*ast.FencedCodeBlock
	headingAt := map[string]int{} // id → line of the first heading with it
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			h := Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src.Body), Line: lines.of(blockStart(n))}
			// Generated ids never repeat, but an explicit {#id} can repeat another heading's.
			if first, ok := headingAt[h.ID]; ok && h.ID != "" {
				ds.Add(diag.Errorf(src.File, h.Line, "heading id %q is already used by the heading on line %d: give each heading its own {#id}", h.ID, first))
			} else {
				headingAt[h.ID] = h.Line
			}
			res.Headings = append(res.Headings, h)
		case *ast.FencedCodeBlock:
			fences = append(fences, n)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			res.Links = append(res.Links, c.link(src, n.Destination, lines.of(inlineStart(n)), false, func(u string) { n.Destination = []byte(u) }))
		case *ast.Image:
			res.Links = append(res.Links, c.link(src, n.Destination, lines.of(inlineStart(n)), true, func(u string) { n.Destination = []byte(u) }))
		case *ast.AutoLink:
			res.Links = append(res.Links, Link{Dest: string(n.URL(src.Body)), URL: string(n.URL(src.Body)), Line: lines.of(inlineStart(n))})
		}
		return ast.WalkContinue, nil
	})

	deps := map[string]bool{}
	for i, n := range fences {
		f := newFence(n, src, lines, i)
		res.Fences = append(res.Fences, f)
		key := c.cacheKey(&f)
		res.BlockKeys = append(res.BlockKeys, key)
		out, err := c.renderFence(key, &f)
		if err != nil {
			ds.Add(diag.Errorf(src.File, f.Line+err.Line, "%s", err.Msg))
			continue
		}
		res.Blocks[out.kind]++
		for _, d := range out.deps {
			deps[d] = true
		}
		bn := &blockNode{html: out.html}
		n.Parent().ReplaceChild(n.Parent(), n, bn)
	}
	for d := range deps {
		res.Deps = append(res.Deps, d)
	}
	sort.Strings(res.Deps)
	if len(ds) > 0 {
		return nil, ds
	}

	buf := renderBufs.Get().(*bytes.Buffer)
	defer renderBufs.Put(buf)
	buf.Reset()
	if err := c.md.Renderer().Render(buf, src.Body, doc); err != nil {
		return nil, diag.List{diag.Errorf(src.File, 0, "render: %v", err)}
	}
	// An exact copy: a grown buffer is up to twice the page, and a build keeps every page.
	res.HTML = bytes.Clone(buf.Bytes())
	return res, nil
}

var renderBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// link rewrites a relative link to a Markdown file into the page URL and records it.
func (c *Converter) link(src Source, dest []byte, line int, image bool, set func(string)) Link {
	l := Link{Dest: string(dest), URL: string(dest), Line: line, Image: image}
	d := l.Dest
	if d == "" || strings.Contains(d, "://") || strings.HasPrefix(d, "#") || strings.HasPrefix(d, "/") || strings.HasPrefix(d, "mailto:") {
		return l
	}
	target, frag, _ := strings.Cut(d, "#")
	if !strings.HasSuffix(target, ".md") || src.Resolve == nil {
		return l
	}
	if u, ok := src.Resolve(target); ok {
		if frag != "" {
			u += "#" + frag
		}
		l.URL = u
		set(u)
	}
	return l
}

// plainText is the text of a node without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			// The typographer stores its substitutions as HTML entities (&rsquo;).
			b.WriteString(stdhtml.UnescapeString(string(t.Value)))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// blockStart is the byte offset where a block node begins.
func blockStart(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	return -1
}

// inlineStart is the byte offset of an inline node: its first text, else its paragraph.
func inlineStart(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	for p := n; off < 0 && p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			off = blockStart(p)
		}
	}
	return off
}

// lineIndex maps byte offsets of a body to lines of its file.
type lineIndex struct {
	starts []int
	first  int
}

func newLineIndex(b []byte, first int) lineIndex {
	starts := []int{0}
	for i, c := range b {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{starts: starts, first: first}
}

func (l lineIndex) of(off int) int {
	if off < 0 {
		return l.first
	}
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i--
	}
	return l.first + i
}

// blockError is a problem inside a fenced block; Line counts from the fence line (0 = the fence).
type blockError struct {
	Line int
	Msg  string
}

func errorf(line int, format string, args ...any) *blockError {
	return &blockError{Line: line, Msg: fmt.Sprintf(format, args...)}
}
