package chart

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Spec is a parsed chart spec. The package comment documents its keys.
type Spec struct {
	Type       string   // bar, hbar, grouped, stacked, line, area, pie, donut, range or scatter
	Data       string   // CSV file name
	X          string   // category (or numeric x) column
	Y          []string // value columns; range: [min, max]
	Label      string   // optional column of category display names
	XTitle     string   // optional heading of the category column in the data table
	Series     []string // optional display names of the Y columns
	Title      string
	Caption    string
	Source     string
	Unit       string
	Format     string // number, percent or thousands
	Decimals   int    // decimals of value labels; -1: as in the data
	Sort       string // none, asc or desc
	Highlight  string
	Log        bool
	Horizontal bool
	Height     int // 0: chosen from the chart type and the data

	lines map[string]int // key → spec line
}

// Line returns the 1-based spec line of key, or 0 if the key is absent.
func (s *Spec) Line(key string) int { return s.lines[key] }

// has reports whether the spec sets key.
func (s *Spec) has(key string) bool { _, ok := s.lines[key]; return ok }

var (
	specKeys = []string{"type", "data", "x", "y", "label", "x_title", "series", "title", "caption", "source",
		"unit", "format", "decimals", "sort", "highlight", "log", "horizontal", "height"}
	chartTypes = []string{"bar", "hbar", "grouped", "stacked", "line", "area", "pie", "donut", "range", "scatter"}
	formats    = []string{"number", "percent", "thousands"}
	sorts      = []string{"none", "asc", "desc"}
)

const (
	minHeight = 120
	maxHeight = 2000
	maxDec    = 6
)

// ParseSpec parses the YAML body of a chart block and checks what can be
// checked without the data. Errors are *Error with the spec line.
func ParseSpec(src []byte) (*Spec, error) {
	// YAML counts a lone carriage return as a line break, Markdown does not: refuse it, so every
	// line this package reports is a line the author sees.
	for i, b := range src {
		if b == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			return nil, &Error{Line: 1 + strings.Count(string(src[:i]), "\n"), Msg: "carriage return without a line feed: save the spec with LF (or CRLF) line endings"}
		}
	}
	pairs, ok := plainPairs(src)
	if !ok {
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			return nil, yamlError(err)
		}
		if doc.Kind == 0 || len(doc.Content) == 0 {
			return nil, &Error{Msg: "empty chart spec: want at least type, data, x and y"}
		}
		root := doc.Content[0]
		if root.Kind != yaml.MappingNode {
			return nil, &Error{Line: root.Line, Msg: "chart spec must be lines of key: value"}
		}
		pairs = root.Content
	}
	s := &Spec{Decimals: -1, Format: "number", Sort: "none", lines: map[string]int{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], pairs[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if k.Kind != yaml.ScalarNode {
			return nil, &Error{Line: k.Line, Msg: "a key must be a plain word"}
		}
		key := k.Value
		if !contains(specKeys, key) {
			return nil, &Error{Line: k.Line, Msg: unknown("key", key, specKeys)}
		}
		if first, dup := s.lines[key]; dup {
			return nil, &Error{Line: k.Line, Msg: fmt.Sprintf("duplicate key %q (first on line %d)", key, first)}
		}
		s.lines[key] = k.Line
		if err := s.set(key, v); err != nil {
			return nil, &Error{Line: v.Line, Msg: err.Error()}
		}
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
}

// set stores the value of one key.
func (s *Spec) set(key string, v *yaml.Node) error {
	var err error
	switch key {
	case "type":
		s.Type, err = str(key, v)
	case "data":
		s.Data, err = str(key, v)
	case "x":
		s.X, err = str(key, v)
	case "y":
		s.Y, err = list(key, v)
	case "label":
		s.Label, err = str(key, v)
	case "series":
		s.Series, err = list(key, v)
	case "title":
		s.Title, err = str(key, v)
	case "caption":
		s.Caption, err = str(key, v)
	case "x_title":
		s.XTitle, err = str(key, v)
	case "source":
		s.Source, err = str(key, v)
	case "unit":
		s.Unit, err = str(key, v)
	case "format":
		s.Format, err = str(key, v)
	case "decimals":
		s.Decimals, err = integer(key, v, 0, maxDec)
	case "sort":
		s.Sort, err = str(key, v)
	case "highlight":
		s.Highlight, err = str(key, v)
	case "log":
		s.Log, err = boolean(key, v)
	case "horizontal":
		s.Horizontal, err = boolean(key, v)
	case "height":
		s.Height, err = integer(key, v, minHeight, maxHeight)
	}
	return err
}

// check validates the spec as a whole.
func (s *Spec) check() error {
	for _, k := range []string{"type", "data", "x", "y"} {
		if !s.has(k) {
			return &Error{Msg: fmt.Sprintf("missing key %q", k)}
		}
	}
	errAt := func(key, format string, args ...any) error {
		return &Error{Line: s.Line(key), Msg: fmt.Sprintf(format, args...)}
	}
	for _, k := range []string{"type", "data", "x"} {
		if strings.TrimSpace(s.field(k)) == "" {
			return errAt(k, "%s is empty", k)
		}
	}
	if len(s.Y) == 0 {
		return errAt("y", "y names no column")
	}
	if !contains(chartTypes, s.Type) {
		return errAt("type", "%s", unknown("chart type", s.Type, chartTypes))
	}
	if !contains(formats, s.Format) {
		return errAt("format", "%s", unknown("format", s.Format, formats))
	}
	if !contains(sorts, s.Sort) {
		return errAt("sort", "%s", unknown("sort order", s.Sort, sorts))
	}
	if strings.ContainsAny(s.Data, `/\`) || s.Data == "." || s.Data == ".." {
		return errAt("data", "data names a file in the data folder, not a path: %q", s.Data)
	}
	switch s.Type {
	case "range":
		if len(s.Y) != 2 {
			return errAt("y", "a range chart needs y: [min_column, max_column], got %d column(s)", len(s.Y))
		}
	case "pie", "donut":
		if len(s.Y) != 1 {
			return errAt("y", "a %s chart shows one column, got %d", s.Type, len(s.Y))
		}
	}
	if len(s.Y) > maxMarks {
		return errAt("y", "%d series are too many to tell apart (at most %d)", len(s.Y), maxMarks)
	}
	if s.has("series") && len(s.Series) != len(s.Y) {
		return errAt("series", "series has %d name(s) for %d y column(s)", len(s.Series), len(s.Y))
	}
	if s.Log {
		switch s.Type {
		case "pie", "donut", "stacked":
			return errAt("log", "a %s chart cannot use a log axis", s.Type)
		}
	}
	if s.has("horizontal") {
		switch s.Type {
		case "bar", "hbar", "grouped", "stacked", "range":
		default:
			return errAt("horizontal", "horizontal applies to bar, grouped, stacked and range charts, not %s", s.Type)
		}
		if s.Type == "hbar" && !s.Horizontal {
			return errAt("horizontal", "an hbar chart is horizontal; use type: bar for vertical bars")
		}
	}
	if s.Type == "range" && !s.has("horizontal") {
		s.Horizontal = true
	}
	if s.Type == "hbar" {
		s.Horizontal = true
	}
	return nil
}

// field returns a string-valued key.
func (s *Spec) field(key string) string {
	switch key {
	case "type":
		return s.Type
	case "data":
		return s.Data
	case "x":
		return s.X
	}
	return ""
}

func str(key string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("%s must be a single value", key)
	}
	if v.Tag == "!!null" {
		return "", nil
	}
	return strings.TrimSpace(v.Value), nil
}

func list(key string, v *yaml.Node) ([]string, error) {
	if v.Kind == yaml.ScalarNode {
		s, err := str(key, v)
		if err != nil || s == "" {
			return nil, err
		}
		return []string{s}, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s must be a value or a list [a, b]", key)
	}
	var out []string
	for _, e := range v.Content {
		if e.Kind == yaml.AliasNode && e.Alias != nil {
			e = e.Alias
		}
		s, err := str(key, e)
		if err != nil {
			return nil, fmt.Errorf("%s must be a list of plain values", key)
		}
		if s == "" {
			return nil, fmt.Errorf("%s has an empty entry", key)
		}
		out = append(out, s)
	}
	return out, nil
}

func integer(key string, v *yaml.Node, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || err != nil {
		return 0, fmt.Errorf("%s must be a whole number, not %q", key, v.Value)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%s must be between %d and %d, not %d", key, lo, hi, n)
	}
	return n, nil
}

func boolean(key string, v *yaml.Node) (bool, error) {
	if v.Kind == yaml.ScalarNode {
		switch v.Value {
		case "true", "True", "TRUE", "yes":
			return true, nil
		case "false", "False", "FALSE", "no":
			return false, nil
		}
	}
	return false, fmt.Errorf("%s must be true or false, not %q", key, v.Value)
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: (?:line (\d+): )?`) })

// yamlError turns a YAML syntax error into an *Error with its line.
func yamlError(err error) error {
	msg := err.Error()
	line := 0
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1]) // empty when the message has no line
		msg = msg[len(m[0]):]
	}
	return &Error{Line: line, Msg: "invalid YAML: " + msg}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// unknown describes a value that is not in known, suggesting the closest.
func unknown(what, got string, known []string) string {
	if near := nearest(got, known); near != "" {
		return fmt.Sprintf("unknown %s %q, did you mean %q?", what, got, near)
	}
	return fmt.Sprintf("unknown %s %q (want one of %s)", what, got, strings.Join(known, ", "))
}

// nearest returns the entry of known closest to s in edit distance, if it
// is close enough to be a likely typo.
func nearest(s string, known []string) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	for _, k := range known {
		d := distance(ls, strings.ToLower(k))
		if d < bestD {
			best, bestD = k, d
		}
	}
	limit := 2
	if n := len([]rune(s)); n > 9 {
		limit = n / 4
	}
	if bestD > limit || bestD >= len([]rune(best)) {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, by runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
