// Package highlight turns source code into HTML at build time with chroma, using CSS classes
// rather than inline styles so one stylesheet carries a light and a dark theme.
package highlight

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"

	"folio/internal/lexers"
)

// The themes that the stylesheet carries.
const (
	LightStyle = "github"
	DarkStyle  = "github-dark"
)

// styleNames are the themes, light first.
var styleNames = []string{LightStyle, DarkStyle}

// Options change how one block is drawn.
type Options struct {
	LineNumbers bool
	Highlight   []int // 1-based lines to emphasise
	StartLine   int   // number of the first line when LineNumbers is on (default 1)
}

var plain = []chromahtml.Option{chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(false)}

// baseFormatter serves blocks without options: the common case, built once.
var baseFormatter = chromahtml.New(plain...)

// Lexer returns chroma's lexer for a fence language, or nil when chroma does not know it.
func Lexer(lang string) chroma.Lexer {
	if lang == "" {
		return nil
	}
	return lexers.Get(lang)
}

// Known reports whether lang names a language chroma can highlight.
func Known(lang string) bool { return Lexer(lang) != nil }

// Write highlights code in language lang into w. Blocks without line numbers or emphasised
// lines take writeCompact, which draws the same colours with a third of chroma's markup. An unknown language is written as escaped
// plain text in the same markup, so every block looks alike.
func Write(w io.Writer, lang, code string, opts Options) error {
	it, err := tokens(lang, code)
	if err != nil {
		return fmt.Errorf("highlight %s: %w", lang, err)
	}
	if !opts.LineNumbers && len(opts.Highlight) == 0 {
		return writeCompact(w, it)
	}
	f := baseFormatter
	if opts.LineNumbers || len(opts.Highlight) > 0 {
		o := append([]chromahtml.Option(nil), plain...)
		if opts.LineNumbers {
			o = append(o, chromahtml.WithLineNumbers(true), chromahtml.BaseLineNumber(max(opts.StartLine, 1)))
		}
		if len(opts.Highlight) > 0 {
			ranges := make([][2]int, len(opts.Highlight))
			for i, l := range opts.Highlight {
				ranges[i] = [2]int{l + max(opts.StartLine, 1) - 1, l + max(opts.StartLine, 1) - 1}
			}
			o = append(o, chromahtml.HighlightLines(ranges))
		}
		f = chromahtml.New(o...)
	}
	return f.Format(w, styleFor(), it)
}

// Tokens returns the tokens Write draws for code in lang: for Go, those of the go/scanner
// lexer (golang.go); for other languages, chroma's.
func Tokens(lang, code string) ([]chroma.Token, error) {
	it, err := tokens(lang, code)
	if err != nil {
		return nil, err
	}
	return it.Tokens(), nil
}

func tokens(lang, code string) (chroma.Iterator, error) {
	if lang == "go" || lang == "golang" {
		return goTokens(code), nil
	}
	l := Lexer(lang)
	if l == nil {
		l = lexers.Fallback
	}
	return chroma.Coalesce(l).Tokenise(nil, code)
}

// styleFor is the style handed to the formatter; with classes on, only its class names matter.
func styleFor() *chroma.Style { return style(LightStyle) }

// The two themes, as chroma ships them. Loading chroma's styles package parsed all of its
// seventy themes when folio started, a tenth of building the report.
//
//go:embed styles/*.xml
var styleFiles embed.FS

var themes = sync.OnceValue(func() map[string]*chroma.Style {
	m := map[string]*chroma.Style{}
	for _, name := range styleNames {
		f, err := styleFiles.Open("styles/" + name + ".xml")
		if err != nil {
			panic(err) // embedded above
		}
		m[name] = chroma.MustNewXMLStyle(f)
		f.Close()
	}
	return m
})

func style(name string) *chroma.Style { return themes()[name] }

// CSS returns the stylesheet for highlighted code (themeCSS): made from the themes when folio
// is built, not when it runs (themes_gen.go).
func CSS() string { return generatedCSS }

// themeCSS makes the stylesheet for highlighted code. Each theme is scoped so that exactly one
// applies in every state — an explicit data-theme on <html>, else the system preference — and
// no light colour leaks into dark mode for a token the dark theme leaves unstyled.
func themeCSS() string {
	var light, dark bytes.Buffer
	_ = baseFormatter.WriteCSS(&light, style(LightStyle))
	_ = baseFormatter.WriteCSS(&dark, style(DarkStyle))
	l, d := themeRules(light.String()), themeRules(dark.String())
	return l.scoped(`:root[data-theme="light"]`) +
		"@media not (prefers-color-scheme: dark){" + l.scoped(`:root:not([data-theme="dark"])`) + "}" +
		d.scoped(`:root[data-theme="dark"]`) +
		"@media (prefers-color-scheme: dark){" + d.scoped(`:root:not([data-theme="light"])`) + "}"
}

// A theme's rules, as CSS scopes them four times over. chroma writes one rule per token class
// (.k, .kc, .kd, ... each { color: #cf222e }); written so, four times, they were 18 KB of the
// site's 40 KB stylesheet, parsed on every first visit. Token classes that share their
// declarations share one rule here.
type rules struct {
	other  []string   // rules kept as chroma wrote them (the block, lines, line numbers), in order
	tokens [][]string // per declaration block, in order of first use: the block, then its classes
}

var (
	cssRule   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:/\*[^*]*\*/ )?(\.[^{]+?) \{ ?(.*?);? ?\}$`) })
	tokenRule = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\.chroma \.([a-z0-9]+)$`) })
)

// layoutClasses are chroma's classes for the block's structure, whose rules can meet on one
// element (a highlighted line: class="line hl"), so their order is kept.
var layoutClasses = map[string]bool{"line": true, "cl": true, "hl": true, "ln": true, "lnt": true, "lntd": true, "lntable": true, "lnlinks": true}

func themeRules(css string) rules {
	var r rules
	at := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(css), "\n") {
		m := cssRule().FindStringSubmatch(line)
		if m == nil {
			continue
		}
		sel, decl := m[1], strings.TrimSpace(m[2])
		if t := tokenRule().FindStringSubmatch(sel); t != nil && !layoutClasses[t[1]] {
			i, ok := at[decl]
			if !ok {
				i = len(r.tokens)
				at[decl] = i
				r.tokens = append(r.tokens, []string{decl})
			}
			r.tokens[i] = append(r.tokens[i], "."+t[1])
			continue
		}
		r.other = append(r.other, sel+"{"+decl+"}")
	}
	return r
}

// scoped writes the rules under prefix.
func (r rules) scoped(prefix string) string {
	var b strings.Builder
	for _, rule := range r.other {
		b.WriteString(prefix + " " + rule)
	}
	for _, g := range r.tokens {
		classes := strings.Join(g[1:], ",")
		if len(g) > 2 {
			classes = ":is(" + classes + ")"
		}
		b.WriteString(prefix + " .chroma " + classes + "{" + g[0] + "}")
	}
	return b.String()
}

// Escape writes text as escaped plain code, used where highlighting is not wanted.
func Escape(s string) string { return html.EscapeString(s) }

// trimFinalNewline keeps blocks from ending in an empty line.
func trimFinalNewline(s string) string { return strings.TrimSuffix(s, "\n") }

// The wrapper chroma's formatter puts around a block (PreventSurroundingPre(false)).
const (
	preStart = `<pre class="chroma"><code>`
	preEnd   = `</code></pre>`
)

// classStyles records, for the classes either theme has a rule for, whether a rule draws
// something on blank space too (a background, an underline, a border). A span without a rule
// renders exactly like the text around it, so it is left out.
type classStyles struct {
	class     map[chroma.TokenType]string // token type → class, for types whose class is ruled
	decorated map[string]bool             // class → a rule of it shows on blank space
}

// styled is the themes' classStyles (themeStyles), made when folio is built (themes_gen.go).
func styled() classStyles { return generatedStyles }

// themeStyles finds the themes' classStyles in the stylesheets chroma writes for them.
func themeStyles() classStyles {
	var css bytes.Buffer
	_ = baseFormatter.WriteCSS(&css, style(LightStyle))
	_ = baseFormatter.WriteCSS(&css, style(DarkStyle))
	cs := classStyles{class: map[chroma.TokenType]string{}, decorated: map[string]bool{}}
	ruled := map[string]bool{}
	for _, m := range classRule().FindAllStringSubmatch(css.String(), -1) {
		ruled[m[1]] = true
		if strings.Contains(m[2], "background") || strings.Contains(m[2], "decoration") || strings.Contains(m[2], "border") {
			cs.decorated[m[1]] = true
		}
	}
	for t := range chroma.StandardTypes {
		if c := chromaClass(t); ruled[c] {
			cs.class[t] = c
		}
	}
	return cs
}

var classRule = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.chroma \.([a-z0-9]+) \{([^}]*)\}`) })

// chromaClass is the class chroma's formatter writes for t: its own, else its nearest parent's.
func chromaClass(t chroma.TokenType) string {
	for ; t != 0; t = t.Parent() {
		if c, ok := chroma.StandardTypes[t]; ok {
			return c
		}
	}
	return chroma.StandardTypes[t]
}

// classOf looks a token type up in styledClass, falling back to its parents for types the
// table does not list (a lexer's own sub-types).
func classOf(t chroma.TokenType) string {
	m := styled().class
	if c, ok := m[t]; ok {
		return c
	}
	if _, std := chroma.StandardTypes[t]; std {
		return ""
	}
	return m[parentListed(t)]
}

func parentListed(t chroma.TokenType) chroma.TokenType {
	for ; t != 0; t = t.Parent() {
		if _, ok := chroma.StandardTypes[t]; ok {
			return t
		}
	}
	return t
}

// writeCompact draws a block with the classes chroma's formatter would use, without its
// per-line wrappers, without spans that no theme styles (whitespace included: its only rule
// is a colour, which blank space never shows) and with neighbouring tokens of one class in one
// span. The report's Go blocks come out at about a third of chroma's size, which every later
// stage (minify, gzip, write, the reader's download) is paid in.
func writeCompact(w io.Writer, it chroma.Iterator) error {
	b := compactBufs.Get().(*bytes.Buffer)
	defer compactBufs.Put(b)
	b.Reset()
	b.WriteString(preStart)
	cs := styled()
	open, openDecorated := "", false
	for t := it(); t != chroma.EOF; t = it() {
		c := ""
		if t.Type != chroma.TextWhitespace {
			c = classOf(t.Type)
		} else if open != "" && !openDecorated {
			c = open // blank space inside the open span looks the same, and saves closing it
		}
		if c != open {
			openDecorated = c != "" && cs.decorated[c]
			if open != "" {
				b.WriteString("</span>")
			}
			if c != "" {
				b.WriteString(`<span class="`)
				b.WriteString(c)
				b.WriteString(`">`)
			}
			open = c
		}
		escapeText(b, t.Value)
	}
	if open != "" {
		b.WriteString("</span>")
	}
	b.WriteString(preEnd)
	_, err := w.Write(b.Bytes())
	return err
}

var compactBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// escapeText escapes what element content needs: &, < and >. Quotes need nothing there.
func escapeText(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}
