package mermaid

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text metrics. Labels are laid out before any browser sees them, so widths
// come from a model: Helvetica/Arial advance widths for ASCII (the system
// sans fonts of every platform are within a few percent of them), one em
// for East Asian wide characters, and an average for the rest.
const (
	fontSize   = 16.0
	lineHeight = 24.0
	wrapWidth  = 200.0 // mermaid's flowchart wrappingWidth
)

// asciiWidths are Helvetica advance widths in 1/1000 em for ' '..'~'.
var asciiWidths = [95]int16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0..?
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @..O
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P.._
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `..o
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
}

// isWide reports East Asian wide and fullwidth characters, drawn one em wide
// and breakable on either side.
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1FAFF, r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// runeWidth is the advance of r in px at fontSize.
func runeWidth(r rune, bold bool) float64 {
	var em float64
	switch {
	case r >= ' ' && r <= '~':
		em = float64(asciiWidths[r-' ']) / 1000
	case isWide(r):
		em = 1
	case unicode.Is(unicode.Mn, r) || r == 0x200B || r == 0xFE0F:
		em = 0
	case r == 0xA0:
		em = 0.278
	default:
		em = 0.6
	}
	if bold {
		em *= 1.06
	}
	return em * fontSize
}

// span is a run of text in one style.
type span struct {
	Text         string
	Bold, Italic bool
}

// textLine is one line of a laid out label.
type textLine struct {
	Spans []span
	Width float64
}

// textBlock is a laid out label.
type textBlock struct {
	Lines []textLine
	W, H  float64
}

// unit is an unbreakable piece of text: a word, a space or a wide character.
type unit struct {
	text          string
	bold, italic  bool
	space         bool
	width         float64
	noBreakAfter  bool // opening punctuation: keep with what follows
	noBreakBefore bool
}

const (
	noStart = "，。、；：？！）」』】〕》〉・…—,.;:?!)]}%"
	noEnd   = "（「『【〔《〈([{"
)

// measure lays out a label, wrapping lines wider than maxWidth at spaces and
// between wide characters as a browser would.
func measure(l Label, maxWidth float64) textBlock {
	var b textBlock
	for _, para := range strings.Split(l.Text, "\n") {
		var spans []span
		if l.Markdown {
			spans = markdownSpans(para)
		} else {
			spans = []span{{Text: para}}
		}
		for _, ln := range wrap(units(spans), maxWidth) {
			b.Lines = append(b.Lines, ln)
			b.W = max(b.W, ln.Width)
		}
	}
	b.H = float64(len(b.Lines)) * lineHeight
	return b
}

func units(spans []span) []unit {
	n := 0
	for _, s := range spans {
		n += len(s.Text)
	}
	out := make([]unit, 0, n/2+1)
	for _, s := range spans {
		// The word being read is text[start:end], a slice of the span's text rather than a
		// string grown rune by rune. Text that is not UTF-8 is read as runes would write it
		// (a bad byte becomes U+FFFD).
		text := s.Text
		if !utf8.ValidString(text) {
			var b strings.Builder
			for _, r := range text {
				b.WriteRune(r)
			}
			text = b.String()
		}
		word := unit{bold: s.Bold, italic: s.Italic}
		start := 0
		// flush ends the word at end; the next one starts at next.
		flush := func(end, next int) {
			if end > start {
				word.text = text[start:end]
				out = append(out, word)
			}
			word, start = unit{bold: s.Bold, italic: s.Italic}, next
		}
		for i, r := range text {
			w := runeWidth(r, s.Bold)
			size := utf8.RuneLen(r)
			switch {
			case r == ' ' || r == '\t':
				flush(i, i+size)
				out = append(out, unit{text: " ", space: true, width: runeWidth(' ', s.Bold), bold: s.Bold, italic: s.Italic})
			case isWide(r):
				flush(i, i+size)
				out = append(out, unit{text: text[i : i+size], width: w, bold: s.Bold, italic: s.Italic,
					noBreakBefore: strings.ContainsRune(noStart, r), noBreakAfter: strings.ContainsRune(noEnd, r)})
			default:
				word.width += w
				if r == '-' {
					flush(i+size, i+size) // a break is allowed after a hyphen
				}
			}
		}
		flush(len(text), len(text))
	}
	// Narrow closing punctuation glued to a wide character stays with it.
	for i := range out {
		if r, _ := utf8.DecodeRuneInString(out[i].text); !out[i].space && strings.ContainsRune(noStart, r) {
			out[i].noBreakBefore = true
		}
	}
	return out
}

func wrap(us []unit, maxWidth float64) []textLine {
	var lines []textLine
	var cur []unit
	width := 0.0
	emit := func() {
		for len(cur) > 0 && cur[len(cur)-1].space {
			width -= cur[len(cur)-1].width
			cur = cur[:len(cur)-1]
		}
		lines = append(lines, lineOf(cur, width))
		cur, width = nil, 0
	}
	for i := 0; i < len(us); i++ {
		u := us[i]
		if u.space && len(cur) == 0 && len(lines) > 0 {
			continue // a wrapped line starts with its first word
		}
		if !u.space && width+u.width > maxWidth && len(cur) > 0 {
			// Move back to the last allowed break point.
			cut := len(cur)
			for cut > 0 && !canBreak(cur[cut-1], next(cur, cut, u)) {
				cut--
			}
			if cut > 0 {
				tail := append([]unit(nil), cur[cut:]...)
				cur = cur[:cut]
				width = sumWidth(cur)
				emit()
				for len(tail) > 0 && tail[0].space {
					tail = tail[1:]
				}
				cur, width = tail, sumWidth(tail)
			}
		}
		// A word longer than a line stays whole and widens the label, as
		// in a browser: breaking "RetryLimitExceededException" would be worse.
		cur = append(cur, u)
		width += u.width
	}
	if len(cur) > 0 || len(lines) == 0 {
		emit()
	}
	return lines
}

func next(cur []unit, i int, u unit) unit {
	if i < len(cur) {
		return cur[i]
	}
	return u
}

// canBreak reports whether a line may end between a and b.
func canBreak(a, b unit) bool {
	if a.noBreakAfter || b.noBreakBefore {
		return false
	}
	if a.space || b.space {
		return true
	}
	ra, _ := utf8.DecodeLastRuneInString(a.text)
	rb, _ := utf8.DecodeRuneInString(b.text)
	return isWide(ra) || isWide(rb) || ra == '-'
}

func sumWidth(us []unit) float64 {
	w := 0.0
	for _, u := range us {
		w += u.width
	}
	return w
}

// lineOf merges units into spans of equal style.
func lineOf(us []unit, width float64) textLine {
	ln := textLine{Width: width}
	for i := 0; i < len(us); {
		// A run of units of one style is one span, its text joined once.
		j, n := i+1, len(us[i].text)
		for j < len(us) && us[j].bold == us[i].bold && us[j].italic == us[i].italic {
			n += len(us[j].text)
			j++
		}
		text := us[i].text
		if j > i+1 {
			var b strings.Builder
			b.Grow(n)
			for _, u := range us[i:j] {
				b.WriteString(u.text)
			}
			text = b.String()
		}
		ln.Spans = append(ln.Spans, span{Text: text, Bold: us[i].bold, Italic: us[i].italic})
		i = j
	}
	if len(ln.Spans) == 0 {
		ln.Spans = []span{{}}
	}
	return ln
}

// markdownSpans reads the **bold** and *italic* (or _italic_) markup of a
// markdown string line.
func markdownSpans(s string) []span {
	var out []span
	var cur strings.Builder
	bold, italic := false, false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, span{Text: cur.String(), Bold: bold, Italic: italic})
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "**") || strings.HasPrefix(s[i:], "__"):
			if !bold && !strings.Contains(s[i+2:], s[i:i+2]) {
				cur.WriteString(s[i : i+2])
				i++
				continue
			}
			flush()
			bold = !bold
			i++
		case s[i] == '*' || s[i] == '_':
			if !italic && !strings.ContainsRune(s[i+1:], rune(s[i])) {
				cur.WriteByte(s[i])
				continue
			}
			flush()
			italic = !italic
		default:
			cur.WriteByte(s[i])
		}
	}
	flush()
	return out
}
