package chart

import (
	"bytes"
	"html"
	"math"
	"strconv"
	"strings"
)

// Geometry of every chart, in SVG user units. The SVG scales with its
// viewBox; at 480 units wide a 360 px phone (about 328 px of column) shows
// 16-unit text at about 11 px, the smallest size that stays legible.
const (
	width    = 480.0
	fontSize = 16.0 // category, value and legend labels
	tickSize = 15.0 // tick labels and axis titles
	lineH    = 1.2  // line height, in font sizes
	maxLines = 3    // lines a category label may wrap to
	maxMarks = 8    // series (or slices) before colours repeat
)

// box is the rectangle a piece of text or a mark covers.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool {
	const gap = 1 // labels that touch read as one
	return a.x0 < b.x1+gap && b.x0 < a.x1+gap && a.y0 < b.y1+gap && b.y0 < a.y1+gap
}

// canvas writes SVG elements and remembers where text went, so that
// optional labels can be dropped instead of drawn over others.
type canvas struct {
	b      bytes.Buffer
	w, h   float64
	placed []box // text drawn so far
	marks  []box // bars drawn so far, which outside labels must not cover
}

// num formats a coordinate: at most two decimals, no trailing zeros.
func num(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// esc escapes text for HTML and SVG alike. Control characters, which
// neither may contain, become U+FFFD.
func esc(s string) string {
	return html.EscapeString(strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r < 0xa0) || r == 0xfffe || r == 0xffff {
			return '\uFFFD'
		}
		return r
	}, s))
}

// textBox returns the box of text drawn at baseline (x, y).
func textBox(x, y, size float64, anchor, s string, bold bool) box {
	w := textWidth(s, size)
	if bold {
		w *= 1.08
	}
	switch anchor {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	return box{x, y - 0.82*size, x + w, y + 0.24*size}
}

// text draws a label and remembers its box.
func (c *canvas) text(x, y, size float64, anchor, class, s string) {
	c.placed = append(c.placed, textBox(x, y, size, anchor, s, strings.Contains(class, "chart-strong")))
	c.b.WriteString(`<text x="`)
	c.b.WriteString(num(x))
	c.b.WriteString(`" y="`)
	c.b.WriteString(num(y))
	c.b.WriteByte('"')
	if size != fontSize {
		c.b.WriteString(` font-size="` + num(size) + `"`)
	}
	if anchor != "" && anchor != "start" {
		c.b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if class != "" {
		c.b.WriteString(` class="` + class + `"`)
	}
	c.b.WriteByte('>')
	c.b.WriteString(esc(s))
	c.b.WriteString("</text>")
}

// fits reports whether text at (x, y) stays inside the canvas and clear of
// every label drawn so far and of the given marks.
func (c *canvas) fits(x, y, size float64, anchor, s string, bold bool, avoid ...box) bool {
	b := textBox(x, y, size, anchor, s, bold)
	if b.x0 < 0 || b.x1 > c.w || b.y0 < 0 || b.y1 > c.h {
		return false
	}
	for _, p := range c.placed {
		if b.overlaps(p) {
			return false
		}
	}
	for _, p := range avoid {
		if b.overlaps(p) {
			return false
		}
	}
	return true
}

// tryText draws text only where it fits.
func (c *canvas) tryText(x, y, size float64, anchor, class, s string, avoid ...box) bool {
	if !c.fits(x, y, size, anchor, s, strings.Contains(class, "chart-strong"), avoid...) {
		return false
	}
	c.text(x, y, size, anchor, class, s)
	return true
}

// tryOutside draws text only where it fits and covers no bar.
func (c *canvas) tryOutside(x, y, size float64, anchor, class, s string) bool {
	return c.tryText(x, y, size, anchor, class, s, c.marks...)
}

// rect draws a bar.
func (c *canvas) rect(class string, x, y, w, h float64, title string) {
	if w < 0 {
		x, w = x+w, -w
	}
	if h < 0 {
		y, h = y+h, -h
	}
	c.marks = append(c.marks, box{x, y, x + w, y + h})
	c.b.WriteString(`<rect class="` + class + `" x="` + num(x) + `" y="` + num(y) +
		`" width="` + num(w) + `" height="` + num(h) + `"`)
	c.closeWithTitle("rect", title)
}

func (c *canvas) line(class string, x1, y1, x2, y2 float64) {
	c.b.WriteString(`<line class="` + class + `" x1="` + num(x1) + `" y1="` + num(y1) +
		`" x2="` + num(x2) + `" y2="` + num(y2) + `"/>`)
}

func (c *canvas) path(class, d, title string) {
	c.b.WriteString(`<path class="` + class + `" d="` + d + `"`)
	c.closeWithTitle("path", title)
}

func (c *canvas) circle(class string, x, y, r float64, title string) {
	c.b.WriteString(`<circle class="` + class + `" cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(r) + `"`)
	c.closeWithTitle("circle", title)
}

// closeWithTitle ends an element, giving it a <title> (a native tooltip
// that screen readers also announce) when title is set.
func (c *canvas) closeWithTitle(elem, title string) {
	if title == "" {
		c.b.WriteString("/>")
		return
	}
	c.b.WriteString("><title>" + esc(title) + "</title></" + elem + ">")
}

func (c *canvas) open(class string) { c.b.WriteString(`<g class="` + class + `">`) }
func (c *canvas) close()            { c.b.WriteString("</g>") }

// textWidth estimates the width of s in the page's sans-serif font: a
// full-width em for CJK, narrower advances for Latin letters and digits.
// It errs wide so that layouts leave room rather than collide.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case isWide(r):
			w += 1.0
		case r == ' ':
			w += 0.3
		case strings.ContainsRune("iljI.,:;'|!()[]{}`\u00b7", r):
			w += 0.32
		case r >= '0' && r <= '9':
			w += 0.58
		case strings.ContainsRune("mwMW@%—", r):
			w += 0.9
		case r >= 'A' && r <= 'Z':
			w += 0.7
		case r == '−' || r == '–' || r == '+' || r == '=':
			w += 0.6
		default:
			w += 0.56
		}
	}
	return w * size
}

// wrap breaks s into lines no wider than maxW: between words, and between
// any two CJK characters. A word wider than maxW is broken by characters.
// After maxLines lines the rest is cut with an ellipsis.
func wrap(s string, maxW, size float64) []string {
	if textWidth(s, size) <= maxW {
		return []string{s}
	}
	var tokens []string // words with their trailing space, and single CJK runes
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			tokens = append(tokens, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case isWide(r):
			flush()
			tokens = append(tokens, string(r))
		case r == ' ':
			cur.WriteRune(r)
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	var lines []string
	line := ""
	for _, t := range tokens {
		if line != "" && textWidth(strings.TrimRight(line+t, " "), size) > maxW {
			lines = append(lines, strings.TrimRight(line, " "))
			line = ""
		}
		line += t
		// a word wider than maxW on its own: break it by characters
		for textWidth(strings.TrimRight(line, " "), size) > maxW && len(lines) <= maxLines {
			rs := []rune(line)
			n, w := 0, 0.0
			for n < len(rs) {
				w += textWidth(string(rs[n]), size)
				if w > maxW && n > 0 {
					break
				}
				n++
			}
			if n >= len(rs) {
				break
			}
			lines = append(lines, string(rs[:n]))
			line = string(rs[n:])
		}
		if len(lines) > maxLines {
			break // the rest is cut below anyway
		}
	}
	if strings.TrimSpace(line) != "" {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	if len(lines) > maxLines {
		last := []rune(lines[maxLines-1])
		for len(last) > 0 && textWidth(string(last)+"…", size) > maxW {
			last = last[:len(last)-1]
		}
		lines = append(lines[:maxLines-1], strings.TrimRight(string(last), " ")+"…")
	}
	return lines
}

func widest(lines []string, size float64) float64 {
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, textWidth(l, size))
	}
	return w
}
