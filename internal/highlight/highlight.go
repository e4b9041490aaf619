// Package highlight turns source code into HTML at build time with chroma, using CSS classes
// rather than inline styles so one stylesheet carries a light and a dark theme.
package highlight

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// The themes that the stylesheet carries.
const (
	LightStyle = "github"
	DarkStyle  = "github-dark"
)

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

// Write highlights code in language lang into w. An unknown language is written as escaped
// plain text in the same markup, so every block looks alike.
func Write(w io.Writer, lang, code string, opts Options) error {
	it, err := tokens(lang, code)
	if err != nil {
		return fmt.Errorf("highlight %s: %w", lang, err)
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
func styleFor() *chroma.Style { return styles.Get(LightStyle) }

var cssOnce sync.Once
var cssText string

var selectorStart = regexp.MustCompile(`(?m)^(/\*[^*]*\*/ )?(\.[a-z])`)

// CSS returns the stylesheet for highlighted code. Each theme is scoped so that exactly one
// applies in every state — an explicit data-theme on <html>, else the system preference — and
// no light colour leaks into dark mode for a token the dark theme leaves unstyled.
func CSS() string {
	cssOnce.Do(func() {
		var light, dark bytes.Buffer
		_ = baseFormatter.WriteCSS(&light, styles.Get(LightStyle))
		_ = baseFormatter.WriteCSS(&dark, styles.Get(DarkStyle))
		scope := func(css, prefix string) string {
			return selectorStart.ReplaceAllString(css, "${1}"+prefix+" ${2}")
		}
		l, d := light.String(), dark.String()
		cssText = scope(l, `:root[data-theme="light"]`) +
			"@media not (prefers-color-scheme: dark){" + scope(l, `:root:not([data-theme="dark"])`) + "}" +
			scope(d, `:root[data-theme="dark"]`) +
			"@media (prefers-color-scheme: dark){" + scope(d, `:root:not([data-theme="light"])`) + "}"
	})
	return cssText
}

// Escape writes text as escaped plain code, used where highlighting is not wanted.
func Escape(s string) string { return html.EscapeString(s) }

// trimFinalNewline keeps blocks from ending in an empty line.
func trimFinalNewline(s string) string { return strings.TrimSuffix(s, "\n") }
