package mermaid

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The grammar Parse accepts, mermaid's flowchart language:
//
//	diagram    = [front-matter] header { statement (";" | newline) }
//	header     = ("graph" | "flowchart") [ "TB" | "TD" | "BT" | "LR" | "RL" | ">" | "<" | "^" | "v" ]
//	statement  = chain | subgraph | "end" | "direction" dir
//	           | "classDef" names props | "class" ids name | "style" id props
//	           | "linkStyle" ("default" | indexes) props | "click" id ...
//	           | "accTitle:" text | "accDescr:" text | "accDescr {" text "}"
//	chain      = group { link group }
//	group      = vertex { "&" vertex }
//	vertex     = id [ shape-open text shape-close ] [ ":::" class ]
//	           | id "@{" key ":" value { "," key ":" value } "}"
//	link       = [<xo]? ( "--"-+ [->xo] | "==" "="* [=>xo] | "-" "."+ "-" [>xo]? | "~~~" "~"* ) [ "|" text "|" ]
//	           | ( "--" | "==" | "-." ) text closing-link
//	subgraph   = "subgraph" [ id ] [ "[" title "]" | quoted title ] ... "end"
//
// Comments start with %% and run to the end of the line; %%{...}%% directives
// are skipped. Front matter is YAML between --- lines; its title is kept.

// Parse reads a flowchart. Errors are *Error values carrying the line.
func Parse(src []byte) (*Graph, error) {
	p := &parser{
		src:  string(src),
		line: 1,
		g: &Graph{
			Direction: TB,
			ClassDefs: map[string]Style{},
			nodes:     map[string]*Node{},
			subs:      map[string]*Subgraph{},
		},
		claimed: map[string]bool{},
	}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.g, nil
}

type subState struct {
	sg       *Subgraph
	mentions []string
}

type pending struct {
	line  int
	ids   []string
	name  string // class name for class statements
	style Style
	all   bool // linkStyle default
	index []int
}

type parser struct {
	src     string
	pos     int
	line    int
	g       *Graph
	stack   []*subState
	claimed map[string]bool
	autoSub int

	classes    []pending
	styles     []pending
	linkStyles []pending
}

func (p *parser) errorf(format string, args ...any) error {
	return &Error{Line: p.line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.src[p.pos]
}

func (p *parser) rest() string { return p.src[p.pos:] }

// skipSpace skips blanks within a line.
func (p *parser) skipSpace() {
	for !p.eof() && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\r') {
		p.pos++
	}
}

func (p *parser) advance(n int) {
	for i := 0; i < n && !p.eof(); i++ {
		if p.src[p.pos] == '\n' {
			p.line++
		}
		p.pos++
	}
}

// atStatementEnd reports whether only a separator, comment or the end follows.
func (p *parser) atStatementEnd() bool {
	p.skipSpace()
	return p.eof() || p.peek() == '\n' || p.peek() == ';' || strings.HasPrefix(p.rest(), "%%")
}

// found describes what sits at the cursor, for error messages.
func (p *parser) found() string {
	p.skipSpace()
	if p.eof() {
		return "end of input"
	}
	if p.peek() == '\n' || p.peek() == ';' {
		return "end of line"
	}
	r := p.rest()
	end := strings.IndexAny(r, " \t\r\n;")
	if end < 0 {
		end = len(r)
	}
	if n := 12; end > n {
		end = n
		for end > 0 && !utf8.RuneStart(r[end]) {
			end--
		}
	}
	return strconv.Quote(r[:end])
}

func (p *parser) parse() error {
	if err := p.frontMatter(); err != nil {
		return err
	}
	if err := p.header(); err != nil {
		return err
	}
	for {
		p.skipBlank()
		if p.eof() {
			break
		}
		if err := p.statement(); err != nil {
			return err
		}
		p.skipSpace()
		switch {
		case p.eof():
		case p.peek() == '\n' || p.peek() == ';':
			p.advance(1)
		case strings.HasPrefix(p.rest(), "%%"):
			p.skipComment()
		default:
			return p.errorf("expected a link, \";\" or end of line, found %s", p.found())
		}
	}
	if len(p.stack) > 0 {
		return &Error{Line: p.stack[len(p.stack)-1].sg.Line, Msg: fmt.Sprintf("subgraph %q is never closed: expected \"end\"", p.stack[len(p.stack)-1].sg.ID)}
	}
	return p.resolve()
}

// skipBlank skips whitespace, newlines, separators and comments.
func (p *parser) skipBlank() {
	for !p.eof() {
		switch c := p.peek(); {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';':
			p.advance(1)
		case strings.HasPrefix(p.rest(), "%%"):
			p.skipComment()
		default:
			return
		}
	}
}

// skipComment skips a %% comment to the end of its line, or a whole
// %%{...}%% directive, which may span lines.
func (p *parser) skipComment() {
	if strings.HasPrefix(p.rest(), "%%{") {
		if i := strings.Index(p.rest(), "}%%"); i >= 0 {
			p.advance(i + 3)
			return
		}
	}
	i := strings.IndexByte(p.rest(), '\n')
	if i < 0 {
		p.pos = len(p.src)
		return
	}
	p.advance(i)
}

func (p *parser) frontMatter() error {
	// Front matter must open the diagram, before any blank line or comment.
	r := p.rest()
	if !strings.HasPrefix(strings.TrimLeft(r, " \t"), "---") {
		return nil
	}
	first, after, ok := strings.Cut(r, "\n")
	if !ok || strings.TrimSpace(first) != "---" {
		return nil
	}
	body := after
	end := -1
	for off := 0; off < len(body); {
		ln, _, _ := strings.Cut(body[off:], "\n")
		if strings.TrimSpace(ln) == "---" {
			end = off
			break
		}
		off += len(ln) + 1
	}
	if end < 0 {
		return p.errorf("front matter is never closed: expected \"---\"")
	}
	var fm struct {
		Title string `yaml:"title"`
	}
	if err := yaml.Unmarshal([]byte(body[:end]), &fm); err != nil {
		return p.errorf("front matter: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	p.g.Title = strings.TrimSpace(fm.Title)
	p.advance(len(first) + 1 + end)
	i := strings.IndexByte(p.rest(), '\n')
	if i < 0 {
		i = len(p.rest())
	}
	p.advance(i)
	return nil
}

var directions = map[string]Direction{
	"TB": TB, "TD": TB, "BT": BT, "LR": LR, "RL": RL,
	">": LR, "<": RL, "^": BT, "v": TB,
}

func (p *parser) header() error {
	p.skipBlank()
	word := p.word()
	switch word {
	case "graph", "flowchart", "flowchart-elk":
	case "":
		return p.errorf("expected \"flowchart\" or \"graph\", found %s", p.found())
	default:
		return p.errorf("%s diagrams are not supported; only flowchart/graph", word)
	}
	p.skipSpace()
	if p.atStatementEnd() {
		return nil
	}
	dir := p.word()
	if dir == "" && strings.ContainsRune("><^v", rune(p.peek())) {
		dir = string(p.peek())
		p.advance(1)
	}
	d, ok := directions[strings.ToUpper(dir)]
	if !ok {
		d, ok = directions[dir]
	}
	if !ok {
		return p.errorf("expected a direction (TB, TD, BT, LR or RL) after %q, found %q", word, dir)
	}
	p.g.Direction = d
	return nil
}

// word reads a run of letters, digits, '_' and '-'.
func (p *parser) word() string {
	start := p.pos
	for !p.eof() {
		r, n := utf8.DecodeRuneInString(p.rest())
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-') {
			break
		}
		p.pos += n
	}
	return p.src[start:p.pos]
}

// keyword reports whether kw followed by a blank or the statement end is at
// the cursor, and consumes it if so.
func (p *parser) keyword(kw string) bool {
	r := p.rest()
	if !strings.HasPrefix(r, kw) {
		return false
	}
	if len(r) > len(kw) && !strings.ContainsRune(" \t\r\n;", rune(r[len(kw)])) {
		return false
	}
	p.pos += len(kw)
	return true
}

func (p *parser) statement() error {
	switch {
	case p.keyword("subgraph"):
		return p.subgraph()
	case p.keyword("end"):
		if len(p.stack) == 0 {
			return p.errorf("\"end\" without an open subgraph")
		}
		top := p.stack[len(p.stack)-1]
		p.stack = p.stack[:len(p.stack)-1]
		for _, id := range top.mentions {
			if n := p.g.nodes[id]; n != nil && !p.claimed[id] {
				p.claimed[id] = true
				n.Subgraph = top.sg.ID
			}
		}
		return nil
	case p.keyword("direction"):
		p.skipSpace()
		w := p.word()
		d, ok := directions[strings.ToUpper(w)]
		if !ok {
			return p.errorf("expected a direction (TB, TD, BT, LR or RL) after \"direction\", found %q", w)
		}
		if len(p.stack) == 0 {
			p.g.Direction = d
		} else {
			p.stack[len(p.stack)-1].sg.Direction = d
		}
		return nil
	case p.keyword("classDef"):
		return p.classDef()
	case p.keyword("class"):
		return p.classStmt()
	case p.keyword("style"):
		return p.styleStmt()
	case p.keyword("linkStyle"):
		return p.linkStyle()
	case p.keyword("click"):
		return p.click()
	case strings.HasPrefix(p.rest(), "accTitle"), strings.HasPrefix(p.rest(), "accDescr"):
		if ok, err := p.accessibility(); ok || err != nil {
			return err
		}
	}
	return p.chain()
}

func (p *parser) lineRest() string {
	r := p.rest()
	end := strings.IndexAny(r, "\n;")
	if end < 0 {
		end = len(r)
	}
	p.advance(end)
	return strings.TrimSpace(r[:end])
}

func (p *parser) accessibility() (bool, error) {
	isTitle := strings.HasPrefix(p.rest(), "accTitle")
	p.pos += len("accTitle")
	p.skipSpace()
	switch p.peek() {
	case ':':
		p.advance(1)
		r := p.rest()
		end := strings.IndexByte(r, '\n')
		if end < 0 {
			end = len(r)
		}
		text := strings.TrimSpace(r[:end])
		p.advance(end)
		if isTitle {
			p.g.AccTitle = text
		} else {
			p.g.AccDescr = text
		}
		return true, nil
	case '{':
		if isTitle {
			break
		}
		end := strings.IndexByte(p.rest(), '}')
		if end < 0 {
			return true, p.errorf("accDescr block is never closed: expected \"}\"")
		}
		p.g.AccDescr = strings.Join(strings.Fields(p.rest()[1:end]), " ")
		p.advance(end + 1)
		return true, nil
	}
	return true, p.errorf("expected \":\" after accTitle/accDescr, found %s", p.found())
}

func (p *parser) subgraph() error {
	p.skipSpace()
	sg := &Subgraph{Line: p.line}
	if len(p.stack) > 0 {
		sg.Parent = p.stack[len(p.stack)-1].sg.ID
	}
	switch {
	case p.peek() == '"':
		s, err := p.quoted()
		if err != nil {
			return err
		}
		sg.Title = s
		sg.ID = fmt.Sprintf("subGraph%d", p.autoSub)
		p.autoSub++
	default:
		r := p.rest()
		end := strings.IndexAny(r, "[\n;")
		if end < 0 {
			end = len(r)
		}
		head := strings.TrimSpace(r[:end])
		if c := strings.Index(head, "%%"); c >= 0 {
			head = strings.TrimSpace(head[:c])
			end = strings.Index(r, "%%")
		}
		if head == "" {
			return p.errorf("expected a subgraph id or title after \"subgraph\", found %s", p.found())
		}
		head, classes, _ := strings.Cut(head, ":::")
		p.advance(end)
		sg.ID = head
		sg.Title = Label{Text: decodeText(head)}
		if classes != "" {
			sg.Classes = append(sg.Classes, classes)
		}
		if p.peek() == '[' {
			p.advance(1)
			t, err := p.shapeText("]", "subgraph "+head)
			if err != nil {
				return err
			}
			sg.Title = t
		}
	}
	if _, dup := p.g.subs[sg.ID]; dup {
		return p.errorf("subgraph %q is declared twice", sg.ID)
	}
	p.g.subs[sg.ID] = sg
	p.g.Subgraphs = append(p.g.Subgraphs, sg)
	if len(p.stack) > 0 {
		top := p.stack[len(p.stack)-1]
		top.mentions = append(top.mentions, sg.ID)
	}
	p.stack = append(p.stack, &subState{sg: sg})
	return nil
}

// ids reads a comma separated list of ids.
func (p *parser) ids(what string) ([]string, error) {
	p.skipSpace()
	r := p.rest()
	end := strings.IndexAny(r, " \t\r\n;")
	if end < 0 {
		end = len(r)
	}
	var out []string
	for _, s := range strings.Split(r[:end], ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, p.errorf("expected %s, found %s", what, p.found())
	}
	p.advance(end)
	return out, nil
}

func (p *parser) classDef() error {
	names, err := p.ids("a class name after \"classDef\"")
	if err != nil {
		return err
	}
	st, err := p.props()
	if err != nil {
		return err
	}
	for _, n := range names {
		p.g.ClassDefs[n] = p.g.ClassDefs[n].merge(st)
	}
	return nil
}

func (p *parser) classStmt() error {
	ids, err := p.ids("a node id after \"class\"")
	if err != nil {
		return err
	}
	p.skipSpace()
	name := p.lineRest()
	if name == "" || strings.ContainsAny(name, " \t") {
		return p.errorf("expected one class name after \"class %s\", found %q", strings.Join(ids, ","), name)
	}
	p.classes = append(p.classes, pending{line: p.line, ids: ids, name: name})
	return nil
}

func (p *parser) styleStmt() error {
	ids, err := p.ids("a node id after \"style\"")
	if err != nil {
		return err
	}
	st, err := p.props()
	if err != nil {
		return err
	}
	p.styles = append(p.styles, pending{line: p.line, ids: ids, style: st})
	return nil
}

func (p *parser) linkStyle() error {
	list, err := p.ids("a link number or \"default\" after \"linkStyle\"")
	if err != nil {
		return err
	}
	ls := pending{line: p.line}
	for _, s := range list {
		if s == "default" {
			ls.all = true
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return p.errorf("expected a link number after \"linkStyle\", found %q", s)
		}
		ls.index = append(ls.index, n)
	}
	p.skipSpace()
	if p.keyword("interpolate") {
		p.skipSpace()
		p.word()
	}
	st, err := p.props()
	if err != nil {
		return err
	}
	ls.style = st
	p.linkStyles = append(p.linkStyles, ls)
	return nil
}

// props reads "fill:#f9f,stroke:#333,stroke-width:4px" up to the statement end.
func (p *parser) props() (Style, error) {
	p.skipSpace()
	line := p.line
	text := p.lineRest()
	var st Style
	depth, start := 0, 0
	var parts []string
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 && (i == 0 || text[i-1] != '\\') {
				parts = append(parts, text[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, text[start:])
	for _, part := range parts {
		part = strings.TrimSpace(strings.ReplaceAll(part, `\,`, ","))
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			return st, &Error{Line: line, Msg: fmt.Sprintf("expected property:value, found %q", part)}
		}
		k, v = strings.TrimSpace(strings.ToLower(k)), strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		if !safeCSSValue(v) {
			return st, &Error{Line: line, Msg: fmt.Sprintf("unsupported value %q for %s", v, k)}
		}
		switch k {
		case "fill", "background", "background-color":
			st.Fill = v
		case "stroke", "border-color":
			st.Stroke = v
		case "stroke-width", "border-width":
			st.StrokeWidth = v
		case "stroke-dasharray":
			st.StrokeDasharray = v
		case "color":
			st.Color = v
		case "font-weight":
			st.FontWeight = v
		case "font-style":
			st.FontStyle = v
		}
		// Other properties (font-size, rx...) are accepted and ignored.
	}
	return st, nil
}

var cssValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9#%.,()\s+-]*$`) })

// safeCSSValue keeps author values from escaping their declaration or
// referencing anything outside the SVG.
func safeCSSValue(v string) bool {
	return cssValue().MatchString(v) && !strings.Contains(strings.ToLower(v), "url")
}

func (p *parser) click() error {
	p.skipSpace()
	id := p.nodeID()
	if id == "" {
		return p.errorf("expected a node id after \"click\", found %s", p.found())
	}
	line := p.line
	var words []string
	for {
		p.skipSpace()
		if p.atStatementEnd() {
			break
		}
		if p.peek() == '"' {
			l, err := p.quoted()
			if err != nil {
				return err
			}
			words = append(words, "\x00"+l.Text)
			continue
		}
		r := p.rest()
		end := strings.IndexAny(r, " \t\r\n;")
		if end < 0 {
			end = len(r)
		}
		words = append(words, r[:end])
		p.advance(end)
	}
	n := p.node(id, line)
	quotedN := 0
	for i, w := range words {
		switch {
		case strings.HasPrefix(w, "\x00"):
			s := w[1:]
			if quotedN == 0 && (i == 0 || words[i-1] == "href") {
				n.Link = safeURL(s)
			} else {
				n.Tooltip = s
			}
			quotedN++
		case strings.HasPrefix(w, "_"):
			n.Target = w
		}
	}
	return nil
}

// safeURL drops script URLs; an inline diagram never runs code.
func safeURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	if i := strings.IndexByte(l, ':'); i >= 0 && !strings.ContainsAny(l[:i], "/?#") {
		switch l[:i] {
		case "http", "https", "mailto":
		default:
			return ""
		}
	}
	return strings.TrimSpace(u)
}

// chain reads vertex groups joined by links.
func (p *parser) chain() error {
	from, err := p.group(true)
	if err != nil {
		return err
	}
	for {
		p.skipSpace()
		if p.atStatementEnd() {
			return nil
		}
		tok := p.rest()
		l, ok, err := p.link()
		if err != nil {
			return err
		}
		if !ok {
			return p.errorf("expected a link, \"&\" or end of line after %q, found %s", from[len(from)-1], p.found())
		}
		p.skipSpace()
		if p.peek() == '|' {
			p.advance(1)
			end := strings.IndexAny(p.rest(), "|\n")
			if end < 0 || p.rest()[end] != '|' {
				return p.errorf("edge label is never closed: expected \"|\"")
			}
			l.Label = labelText(strings.TrimSpace(p.rest()[:end]))
			p.advance(end + 1)
		}
		p.skipSpace()
		linkTok := strings.TrimSpace(tok[:len(tok)-len(p.rest())])
		if i := strings.IndexByte(linkTok, '|'); i > 0 {
			linkTok = strings.TrimSpace(linkTok[:i])
		}
		if p.nodeIDAhead() == "" {
			return p.errorf("expected a node id after %q, found %s", linkTok, p.found())
		}
		to, err := p.group(false)
		if err != nil {
			return err
		}
		for _, a := range from {
			for _, b := range to {
				e := l
				e.From, e.To = a, b
				p.g.Edges = append(p.g.Edges, &e)
			}
		}
		from = to
	}
}

// group reads vertex { "&" vertex }.
func (p *parser) group(first bool) ([]string, error) {
	var ids []string
	for {
		p.skipSpace()
		id, err := p.vertex()
		if err != nil {
			return nil, err
		}
		if id == "" {
			if first && len(ids) == 0 {
				return nil, p.errorf("expected a statement or a node id, found %s", p.found())
			}
			return nil, p.errorf("expected a node id after \"&\", found %s", p.found())
		}
		ids = append(ids, id)
		p.skipSpace()
		if p.peek() != '&' {
			return ids, nil
		}
		p.advance(1)
	}
}

func isIDRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '$' || r == '\''
}

// nodeIDAhead returns the id at the cursor without consuming it.
func (p *parser) nodeIDAhead() string {
	save, line := p.pos, p.line
	id := p.nodeID()
	p.pos, p.line = save, line
	return id
}

// nodeID reads an id. '-' and '.' may sit inside an id but never start a
// link: "a-b" is an id, "a-->b" is a link.
func (p *parser) nodeID() string {
	start := p.pos
	for !p.eof() {
		r, n := utf8.DecodeRuneInString(p.rest())
		if isIDRune(r) {
			p.pos += n
			continue
		}
		if (r == '-' || r == '.') && p.pos > start && p.pos+1 < len(p.src) {
			nr, _ := utf8.DecodeRuneInString(p.src[p.pos+1:])
			if isIDRune(nr) && !(r == '-' && (nr == 'x' || nr == 'o') && p.pos+2 >= len(p.src)) {
				p.pos++
				continue
			}
		}
		break
	}
	return p.src[start:p.pos]
}

// node returns the node with the id, creating it on first mention, and
// records the mention for the enclosing subgraph.
func (p *parser) node(id string, line int) *Node {
	n := p.g.nodes[id]
	if n == nil {
		n = &Node{ID: id, Label: Label{Text: id}, Shape: ShapeRect, Line: line}
		p.g.nodes[id] = n
		p.g.Nodes = append(p.g.Nodes, n)
	}
	if len(p.stack) > 0 {
		top := p.stack[len(p.stack)-1]
		top.mentions = append(top.mentions, id)
	}
	return n
}

var shapeOpeners = []struct {
	open  string
	close []string
	shape []Shape
}{
	{"(((", []string{")))"}, []Shape{ShapeDoubleCircle}},
	{"((", []string{"))"}, []Shape{ShapeCircle}},
	{"([", []string{"])"}, []Shape{ShapeStadium}},
	{"(", []string{")"}, []Shape{ShapeRounded}},
	{"[[", []string{"]]"}, []Shape{ShapeSubroutine}},
	{"[(", []string{")]"}, []Shape{ShapeCylinder}},
	{"[/", []string{"/]", `\]`}, []Shape{ShapeLeanRight, ShapeTrapezoid}},
	{`[\`, []string{`\]`, "/]"}, []Shape{ShapeLeanLeft, ShapeTrapezoidDown}},
	{"[", []string{"]"}, []Shape{ShapeRect}},
	{"{{", []string{"}}"}, []Shape{ShapeHexagon}},
	{"{", []string{"}"}, []Shape{ShapeDiamond}},
	{">", []string{"]"}, []Shape{ShapeAsymmetric}},
}

func (p *parser) vertex() (string, error) {
	line := p.line
	id := p.nodeID()
	if id == "" {
		return "", nil
	}
	n := p.node(id, line)
	if strings.HasPrefix(p.rest(), "@{") {
		if err := p.shapeData(n); err != nil {
			return "", err
		}
	} else {
		for _, so := range shapeOpeners {
			if !strings.HasPrefix(p.rest(), so.open) {
				continue
			}
			// "A>" never starts an asymmetric node when it is the head of a link.
			p.advance(len(so.open))
			lbl, closer, err := p.shapeTextAny(so.close, id, so.open)
			if err != nil {
				return "", err
			}
			n.Label = lbl
			n.Shape = so.shape[closer]
			break
		}
	}
	if strings.HasPrefix(p.rest(), ":::") {
		p.advance(3)
		cls := p.word()
		if cls == "" {
			return "", p.errorf("expected a class name after \":::\", found %s", p.found())
		}
		n.Classes = appendUnique(n.Classes, cls)
	}
	return id, nil
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func (p *parser) shapeText(closer, what string) (Label, error) {
	l, _, err := p.shapeTextAny([]string{closer}, what, "[")
	return l, err
}

// shapeTextAny reads a label up to one of the closers and reports which one
// closed it.
func (p *parser) shapeTextAny(closers []string, id, open string) (Label, int, error) {
	p.skipSpace()
	var lbl Label
	if p.peek() == '"' {
		q, err := p.quoted()
		if err != nil {
			return lbl, 0, err
		}
		lbl = q
		p.skipSpace()
		for i, c := range closers {
			if strings.HasPrefix(p.rest(), c) {
				p.advance(len(c))
				return lbl, i, nil
			}
		}
		return lbl, 0, p.errorf("expected %q to close %q of node %s, found %s", closers[0], open, id, p.found())
	}
	r := p.rest()
	best, which := -1, 0
	for i, c := range closers {
		if j := strings.Index(r, c); j >= 0 && (best < 0 || j < best) {
			best, which = j, i
		}
	}
	if nl := strings.IndexByte(r, '\n'); best < 0 || (nl >= 0 && nl < best) {
		return lbl, 0, p.errorf("expected %q to close %q of node %s, found end of line", closers[0], open, id)
	}
	text := strings.TrimSpace(r[:best])
	if strings.ContainsAny(text, `"`) {
		return lbl, 0, p.errorf("unexpected '\"' inside the label of node %s: quote the whole label", id)
	}
	p.advance(best + len(closers[which]))
	return labelText(text), which, nil
}

// quoted reads "text" or "`markdown`" at the cursor.
func (p *parser) quoted() (Label, error) {
	line := p.line
	p.advance(1)
	r := p.rest()
	end := strings.IndexByte(r, '"')
	if end < 0 {
		return Label{}, &Error{Line: line, Msg: "string is never closed: expected '\"'"}
	}
	text := r[:end]
	if t := strings.TrimSpace(text); len(t) >= 2 && t[0] == '`' && t[len(t)-1] == '`' {
		p.advance(end + 1)
		return Label{Text: markdownText(t[1 : len(t)-1]), Markdown: true}, nil
	}
	if strings.IndexByte(text, '\n') >= 0 {
		return Label{}, &Error{Line: line, Msg: "string is never closed: expected '\"' before the end of the line"}
	}
	p.advance(end + 1)
	return labelText(text), nil
}

func (p *parser) shapeData(n *Node) error {
	line := p.line
	p.advance(2)
	r := p.rest()
	depth, end := 0, -1
	inQuote := false
	for i := 0; i < len(r) && end < 0; i++ {
		switch c := r[i]; {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '{':
			depth++
		case c == '}':
			if depth == 0 {
				end = i
			}
			depth--
		}
	}
	if end < 0 {
		return &Error{Line: line, Msg: fmt.Sprintf("shape data of node %s is never closed: expected \"}\"", n.ID)}
	}
	body := r[:end]
	p.advance(end + 1)
	for _, field := range splitFields(body) {
		k, v, ok := strings.Cut(field, ":")
		if !ok {
			return &Error{Line: line, Msg: fmt.Sprintf("expected key: value in the shape data of node %s, found %q", n.ID, field)}
		}
		k = strings.TrimSpace(k)
		v = strings.TrimSpace(v)
		quoted := len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"'
		if quoted {
			v = v[1 : len(v)-1]
		}
		switch k {
		case "shape":
			s, ok := namedShapes[v]
			if !ok {
				return &Error{Line: line, Msg: fmt.Sprintf("unknown shape %q for node %s", v, n.ID)}
			}
			n.Shape = s
		case "label":
			if t := strings.TrimSpace(v); len(t) >= 2 && t[0] == '`' && t[len(t)-1] == '`' {
				n.Label = Label{Text: markdownText(t[1 : len(t)-1]), Markdown: true}
			} else {
				n.Label = labelText(v)
			}
		}
	}
	return nil
}

// splitFields splits "a: 1, b: \"x, y\"" on commas and newlines outside quotes.
func splitFields(s string) []string {
	var out []string
	inQuote, start := false, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] == '"' {
			inQuote = !inQuote
		}
		if i == len(s) || (!inQuote && (s[i] == ',' || s[i] == '\n')) {
			if f := strings.TrimSpace(s[start:i]); f != "" {
				out = append(out, f)
			}
			start = i + 1
		}
	}
	return out
}

// namedShapes maps the names of the A@{ shape: ... } syntax to shapes.
var namedShapes = map[string]Shape{
	"rect": ShapeRect, "rectangle": ShapeRect, "proc": ShapeRect, "process": ShapeRect, "square": ShapeRect,
	"rounded": ShapeRounded, "event": ShapeRounded,
	"stadium": ShapeStadium, "pill": ShapeStadium, "terminal": ShapeStadium,
	"subroutine": ShapeSubroutine, "fr-rect": ShapeSubroutine, "subproc": ShapeSubroutine, "subprocess": ShapeSubroutine, "framed-rectangle": ShapeSubroutine,
	"cyl": ShapeCylinder, "cylinder": ShapeCylinder, "database": ShapeCylinder, "db": ShapeCylinder,
	"circle": ShapeCircle, "circ": ShapeCircle,
	"dbl-circ": ShapeDoubleCircle, "double-circle": ShapeDoubleCircle,
	"odd":  ShapeAsymmetric,
	"diam": ShapeDiamond, "diamond": ShapeDiamond, "decision": ShapeDiamond, "question": ShapeDiamond,
	"hex": ShapeHexagon, "hexagon": ShapeHexagon, "prepare": ShapeHexagon,
	"lean-r": ShapeLeanRight, "lean-right": ShapeLeanRight, "in-out": ShapeLeanRight,
	"lean-l": ShapeLeanLeft, "lean-left": ShapeLeanLeft, "out-in": ShapeLeanLeft,
	"trap-b": ShapeTrapezoid, "trapezoid": ShapeTrapezoid, "trapezoid-bottom": ShapeTrapezoid, "priority": ShapeTrapezoid,
	"trap-t": ShapeTrapezoidDown, "trapezoid-top": ShapeTrapezoidDown, "inv-trapezoid": ShapeTrapezoidDown, "manual": ShapeTrapezoidDown,
}

// link reads a link at the cursor. ok is false when none is there.
func (p *parser) link() (Edge, bool, error) {
	e := Edge{Line: p.line, Length: 1, End: MarkerNone}
	r := p.rest()
	i := 0
	if len(r) > 1 && strings.ContainsRune("<xo", rune(r[0])) && strings.ContainsRune("-=.", rune(r[1])) {
		e.Start = map[byte]Marker{'<': MarkerArrow, 'x': MarkerCross, 'o': MarkerCircle}[r[0]]
		i = 1
	}
	count := func(c byte, from int) int {
		n := 0
		for from+n < len(r) && r[from+n] == c {
			n++
		}
		return n
	}
	endMarker := func(j int) (Marker, bool) {
		if j >= len(r) {
			return MarkerNone, false
		}
		switch r[j] {
		case '>':
			return MarkerArrow, true
		case 'x', 'o':
			// "--x B" ends with a cross; "--xyz" is not a link end.
			if j+1 >= len(r) || !isIDRune(rune(r[j+1])) {
				return map[byte]Marker{'x': MarkerCross, 'o': MarkerCircle}[r[j]], true
			}
		}
		return MarkerNone, false
	}
	switch {
	case strings.HasPrefix(r[i:], "~~~"):
		n := count('~', i)
		e.Stroke, e.Length = StrokeInvisible, max(1, n-2)
		e.Start = MarkerNone
		p.advance(i + n)
		return e, true, nil
	case strings.HasPrefix(r[i:], "-."):
		dots := count('.', i+1)
		j := i + 1 + dots
		e.Stroke, e.Length = StrokeDotted, dots
		if j < len(r) && r[j] == '-' {
			if m, ok := endMarker(j + 1); ok {
				e.End = m
				j++
			}
			p.advance(j + 1)
			return e, true, nil
		}
		if dots == 1 && j < len(r) && (r[j] == ' ' || r[j] == '\t') {
			return p.textLink(e, i+2, "dotted")
		}
		return e, false, nil
	case strings.HasPrefix(r[i:], "--"), strings.HasPrefix(r[i:], "=="):
		c := r[i]
		n := count(c, i)
		if c == '=' {
			e.Stroke = StrokeThick
		}
		j := i + n
		if m, ok := endMarker(j); ok {
			e.End, e.Length = m, n-1
			p.advance(j + 1)
			return e, true, nil
		}
		if n >= 3 {
			e.Length = n - 2
			p.advance(j)
			return e, true, nil
		}
		if j < len(r) && (r[j] == ' ' || r[j] == '\t' || r[j] == '"') {
			return p.textLink(e, j, string(c))
		}
		return e, false, nil
	}
	return e, false, nil
}

// textLink reads "-- text -->", "== text ==>" or "-. text .->" from the text
// start at offset from; kind is "-", "=" or "dotted".
func (p *parser) textLink(e Edge, from int, kind string) (Edge, bool, error) {
	r := p.rest()
	nl := strings.IndexByte(r, '\n')
	if nl < 0 {
		nl = len(r)
	}
	line := r[:nl]
	var closeRe *regexp.Regexp
	switch kind {
	case "-":
		closeRe = closeNormal()
	case "=":
		closeRe = closeThick()
	default:
		closeRe = closeDotted()
	}
	loc := closeRe.FindStringSubmatchIndex(line[from:])
	if loc == nil {
		open := map[string]string{"-": "--", "=": "==", "dotted": "-."}[kind]
		return e, false, p.errorf("expected a link end like %q after the link text of %q, found end of line", map[string]string{"-": "-->", "=": "==>", "dotted": ".->"}[kind], open)
	}
	text := strings.TrimSpace(line[from : from+loc[0]])
	body := line[from+loc[2] : from+loc[3]]
	switch kind {
	case "dotted":
		e.Length = strings.Count(body, ".")
	default:
		e.Length = max(1, len(body)-1)
	}
	if loc[4] >= 0 {
		e.End = map[byte]Marker{'>': MarkerArrow, 'x': MarkerCross, 'o': MarkerCircle}[line[from+loc[4]]]
	} else if kind != "dotted" {
		e.Length = max(1, len(body)-2)
	}
	if t := strings.TrimSpace(text); len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		text = t[1 : len(t)-1]
		if len(text) >= 2 && text[0] == '`' && text[len(text)-1] == '`' {
			e.Label = Label{Text: markdownText(text[1 : len(text)-1]), Markdown: true}
		} else {
			e.Label = labelText(text)
		}
	} else {
		e.Label = labelText(text)
	}
	p.advance(from + loc[1])
	return e, true, nil
}

var (
	closeNormal = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s(-{2,})([>xo])?(?:\s|$|[^\w-])`) })
	closeThick  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s(={2,})([>xo])?(?:\s|$|[^\w=])`) })
	closeDotted = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s(\.+-)([>xo])?(?:\s|$|[^\w-])`) })
)

var (
	breakTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)<br\s*/?>`) })
	entity   = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`#([A-Za-z][A-Za-z0-9]*|[0-9]+);|&([A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);`)
	})
)

// decodeText turns entity codes into characters: mermaid's own (#quot;,
// #9829;) and HTML's (&amp;, &#9829;, &#x2665;), which mermaid's HTML
// labels leave to the browser. A code that names no character SVG can
// hold stays as written.
func decodeText(s string) string {
	return entity().ReplaceAllStringFunc(s, func(m string) string {
		name := m[1 : len(m)-1]
		if m[0] == '&' && name[0] == '#' {
			name = name[1:]
			base := 10
			if name[0] == 'x' || name[0] == 'X' {
				name, base = name[1:], 16
			}
			if n, err := strconv.ParseInt(name, base, 32); err == nil && xmlChar(rune(n)) {
				return string(rune(n))
			}
			return m
		}
		if name[0] >= '0' && name[0] <= '9' {
			if n, err := strconv.Atoi(name); err == nil && n <= unicode.MaxRune && xmlChar(rune(n)) {
				return string(rune(n))
			}
			return m
		}
		// Named references resolve to one or two characters; a longer
		// result is HTML's legacy prefix match (&ampx; as "&x;"), not a name.
		if d := html.UnescapeString("&" + name + ";"); d != "&"+name+";" && utf8.RuneCountInString(d) <= 2 {
			return d
		}
		return m
	})
}

// xmlChar reports whether r may appear in SVG text.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return true
	case r < 0x20 || r >= 0x7F && r <= 0x9F:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF, r > unicode.MaxRune:
		return false
	}
	return true
}

// labelText decodes a plain label: entity codes and <br> line breaks.
func labelText(s string) Label {
	s = breakTag().ReplaceAllString(s, "\n")
	lines := strings.Split(decodeText(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return Label{Text: strings.Join(lines, "\n")}
}

// markdownText normalizes a markdown string: source newlines are breaks,
// indentation is not text.
func markdownText(s string) string {
	s = breakTag().ReplaceAllString(s, "\n")
	lines := strings.Split(decodeText(s), "\n")
	var out []string
	for _, l := range lines {
		out = append(out, strings.TrimSpace(l))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// resolve applies the deferred statements once every node is known.
func (p *parser) resolve() error {
	// A node whose id names a subgraph is that subgraph.
	kept := p.g.Nodes[:0]
	for _, n := range p.g.Nodes {
		if p.g.subs[n.ID] != nil {
			delete(p.g.nodes, n.ID)
			continue
		}
		kept = append(kept, n)
	}
	p.g.Nodes = kept
	for _, c := range p.classes {
		for _, id := range c.ids {
			if n := p.g.nodes[id]; n != nil {
				n.Classes = appendUnique(n.Classes, c.name)
			} else if s := p.g.subs[id]; s != nil {
				s.Classes = appendUnique(s.Classes, c.name)
			} else {
				return &Error{Line: c.line, Msg: fmt.Sprintf("class %s: no node or subgraph %q", c.name, id)}
			}
		}
	}
	for _, s := range p.styles {
		for _, id := range s.ids {
			if n := p.g.nodes[id]; n != nil {
				n.Style = n.Style.merge(s.style)
			} else if sg := p.g.subs[id]; sg != nil {
				sg.Style = sg.Style.merge(s.style)
			} else {
				return &Error{Line: s.line, Msg: fmt.Sprintf("style: no node or subgraph %q", id)}
			}
		}
	}
	for _, ls := range p.linkStyles {
		if ls.all {
			for _, e := range p.g.Edges {
				e.Style = ls.style.merge(e.Style)
			}
		}
		for _, i := range ls.index {
			if i >= len(p.g.Edges) {
				return &Error{Line: ls.line, Msg: fmt.Sprintf("linkStyle %d: the diagram has only %d links (counted from 0)", i, len(p.g.Edges))}
			}
			p.g.Edges[i].Style = p.g.Edges[i].Style.merge(ls.style)
		}
	}
	for _, e := range p.g.Edges {
		if p.g.nodes[e.From] == nil && p.g.subs[e.From] == nil || p.g.nodes[e.To] == nil && p.g.subs[e.To] == nil {
			return &Error{Line: e.Line, Msg: "internal: edge to an unknown id"}
		}
	}
	return nil
}
