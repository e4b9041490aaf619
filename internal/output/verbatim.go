package output

import "bytes"

// Verbatim blocks: the parts of a page that folio's own renderers write compact already — a
// highlighted code block (<pre class="chroma">, whose text must stay as it is anyway) and a
// diagram or chart (<svg class="mm-diagram"> or <svg class="chart-svg">, passed through by
// minifySVG). On a chapter page they are two thirds of the bytes, and the HTML minifier would
// lex every span of them only to copy them; so a page is minified around them, and they are
// copied. The cuts fall between block elements, where the minifier drops whitespace at the
// edges of its input just as it drops it between blocks, so the result is byte for byte the
// whole page minified (TestSplicedMinifyMatchesWhole holds every page of the report and of a
// corpus to that).

var (
	preOpen  = []byte(`<pre class="chroma">`)
	preClose = []byte(`</pre>`)
	svgOpen  = []byte(`<svg`)
	svgClose = []byte(`</svg>`)
	svgMarks = [][]byte{[]byte(`class="mm-diagram"`), []byte(`class="chart-svg"`)}
	tagEnd   = []byte(`>`)
)

// verbatimBlocks returns where each verbatim block of b starts and ends, in order, in one
// pass over b's tags.
func verbatimBlocks(b []byte) [][2]int {
	var out [][2]int
	for i := 0; ; {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			return out
		}
		i += lt
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, preOpen):
			// Escaped code holds no "</pre>": the first one closes the block.
			e := bytes.Index(rest, preClose)
			if e < 0 {
				return out
			}
			out = append(out, [2]int{i, i + e + len(preClose)})
			i += e + len(preClose)
		case bytes.HasPrefix(rest, svgOpen):
			gt := bytes.Index(rest, tagEnd)
			if gt < 0 {
				return out
			}
			if !marked(rest[:gt]) {
				i += len(svgOpen)
				continue
			}
			n := svgEnd(rest)
			if n == 0 {
				return out
			}
			out = append(out, [2]int{i, i + n})
			i += n
		default:
			i++
		}
	}
}

func marked(tag []byte) bool {
	for _, m := range svgMarks {
		if bytes.Contains(tag, m) {
			return true
		}
	}
	return false
}

// svgEnd returns the length of the <svg> element at the start of b, nested ones included, or 0
// if it is not closed.
func svgEnd(b []byte) int {
	depth, i := 1, len(svgOpen)
	for {
		c := bytes.Index(b[i:], svgClose)
		if c < 0 {
			return 0
		}
		if o := bytes.Index(b[i:i+c], svgOpen); o >= 0 {
			depth++
			i += o + len(svgOpen)
			continue
		}
		depth--
		i += c + len(svgClose)
		if depth == 0 {
			return i
		}
	}
}
