package search

import (
	"html"
	"regexp"
	"strings"
	"sync"
	"unsafe"
)

// Section is the searchable part of a page between two headings that carry ids.
type Section struct {
	ID      string // heading id, "" for the text before the first heading
	Heading string // heading text, "" for the text before the first heading
	Level   int    // 2 or 3; 0 for the text before the first heading
	Text    string // visible prose, whitespace collapsed
}

var (
	attrIDRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\sid="([^"]*)"`) })
	anchorRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\sclass="[^"]*\banchor\b[^"]*"`) })
	skipElems = map[string]bool{"svg": true, "pre": true, "script": true, "style": true, "template": true, "button": true}
	blockEnds = map[string]bool{"p": true, "li": true, "td": true, "th": true, "tr": true, "br": true, "div": true, "figcaption": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "dt": true, "dd": true}
)

// Sections splits the HTML body of a page (as markdown renders it) at its h2 and h3 headings
// with ids. Diagrams (svg), code blocks (pre), scripts and the headings' own "#" anchors are
// left out: they are not prose a reader would search for, and would swell the index.
func Sections(body []byte) []Section {
	// A view of body, not a copy: nothing below keeps a slice of s (ids are cloned, texts are
	// built), and the copy was most of what splitting a page allocated.
	s := unsafe.String(unsafe.SliceData(body), len(body))
	secs := []Section{{}}
	var text strings.Builder
	var heading *strings.Builder
	skip := 0         // depth inside skipped elements
	skipName := ""    // the element that started the skip
	anchorDepth := -1 // >= 0 while inside a heading's "#" link
	depthA := 0
	flush := func() {
		secs[len(secs)-1].Text = clean(text.String())
		text.Reset()
	}
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			if skip == 0 && anchorDepth < 0 {
				t := html.UnescapeString(s[i : i+j])
				if heading != nil {
					heading.WriteString(t)
				} else {
					text.WriteString(t)
				}
			}
			i += j
			continue
		}
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i:], "-->")
			if end < 0 {
				break
			}
			i += end + 3
			continue
		}
		n, closing, name, attrs := readTag(s[i:])
		if n == 0 {
			if skip == 0 && anchorDepth < 0 {
				text.WriteByte('<')
			}
			i++
			continue
		}
		i += n
		selfClosing := strings.HasSuffix(attrs, "/")
		if skip > 0 {
			if name == skipName && !selfClosing {
				if closing {
					skip--
				} else {
					skip++
				}
			}
			continue
		}
		if skipElems[name] && !closing && !selfClosing {
			skip, skipName = 1, name
			continue
		}
		switch {
		case name == "a" && !closing:
			depthA++
			if heading != nil && anchorRe().MatchString(attrs) {
				anchorDepth = depthA
			}
		case name == "a" && closing:
			if anchorDepth == depthA {
				anchorDepth = -1
			}
			depthA--
		case (name == "h2" || name == "h3") && !closing:
			id := attrIDRe().FindStringSubmatch(attrs)
			if id == nil {
				break
			}
			flush()
			// Cloned: a slice of s would keep the whole page's copy alive with the index.
			secs = append(secs, Section{ID: strings.Clone(html.UnescapeString(id[1])), Level: int(name[1] - '0')})
			heading = &strings.Builder{}
			continue
		case (name == "h2" || name == "h3") && closing && heading != nil:
			secs[len(secs)-1].Heading = clean(heading.String())
			heading = nil
			continue
		}
		if blockEnds[name] || name == "img" {
			if heading != nil {
				heading.WriteByte(' ')
			} else {
				text.WriteByte(' ')
			}
		}
	}
	if heading != nil {
		secs[len(secs)-1].Heading = clean(heading.String())
	}
	flush()
	if secs[0].Text == "" {
		secs = secs[1:]
	}
	return secs
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// readTag reads the tag at the start of s ("<p>", "</h2>", `<a href="x>y">`) and returns its
// length, or 0 when s does not start with a tag. A regular expression would do, but runs over
// the rest of the page at every tag, which is quadratic on pages full of SVG.
func readTag(s string) (n int, closing bool, name, attrs string) {
	i := 1
	if i < len(s) && s[i] == '/' {
		closing = true
		i++
	}
	start := i
	for i < len(s) && (isAlpha(s[i]) || i > start && (s[i] >= '0' && s[i] <= '9' || s[i] == '-')) {
		i++
	}
	if i == start {
		return 0, false, "", ""
	}
	name = strings.ToLower(s[start:i])
	attrStart := i
	var quote byte
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1, closing, name, s[attrStart:i]
		}
	}
	return 0, false, "", ""
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
