// Package sample turns fenced-block info strings into code samples read
// from real Go files under content/code/, so that every sample a chapter
// shows is compiled and tested with the module.
//
// An include fence names a file and, optionally, the part of it to show:
//
//	```go file=code/ch2/asynctask/main.go region=handler
//	```
//	```go file=code/ch2/asynctask/main.go lines=10-24 caption hl_lines="2 4-5" linenos
//	```
//	```text file=code/ch3/atomiccounter/example_test.go example=ExampleCounter
//	```
//
// Regions follow the present tool: the lines between "// START name OMIT"
// and "// END name OMIT". Every line ending in OMIT is left out of what is
// shown, so nested markers vanish; the shown code is dedented. example=
// shows the "// Output:" comment of a testable example, so a chapter prints
// the output go test checked. Inline Go that is not included must be marked
// "go fragment"; Audit reports it otherwise.
//
// The package knows nothing of Markdown: ParseInfo reads an info string,
// Load reads and extracts through an fs.FS rooted at content/, and Audit
// checks a whole site's fences and code/ tree for `folio check`.
package sample

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Include is a parsed fence info string.
type Include struct {
	Lang     string // first word of the info string: go, text, sh, ...
	File     string // file=: path relative to content/, under code/
	Region   string // region=: name of a START/END OMIT region
	From, To int    // lines=From-To, 1-based inclusive; To 0 = to the end of the file
	Example  string // example=: name of a testable example whose output is shown
	Caption  bool   // caption: show the file name above the code
	LineNos  bool   // linenos: number the shown lines
	Fragment bool   // fragment: an inline block deliberately not taken from a file
	HLLines  []int  // hl_lines=: 1-based lines of the shown code to highlight, sorted, unique
}

// IsInclude reports whether the fence takes its code from a file.
func (inc *Include) IsInclude() bool { return inc.File != "" }

// ParseInfo parses a whole fence info string. The grammar:
//
//	info   = [lang] { option }
//	option = word | word "=" value
//	value  = bare | '"' { any but '"' } '"'
//
// lang is the first word when it has no "="; words are separated by blanks.
// Known options: file, region, lines, example, caption, hl_lines, linenos,
// fragment. An unknown or malformed option is an error that names it, so a
// typo never silently shows the wrong code.
func ParseInfo(info string) (*Include, error) {
	words, err := splitInfo(info)
	if err != nil {
		return nil, err
	}
	inc := &Include{}
	if len(words) > 0 && !strings.Contains(words[0], "=") {
		inc.Lang = words[0]
		words = words[1:]
	}
	seen := map[string]bool{}
	for _, w := range words {
		key, val, hasVal := strings.Cut(w, "=")
		if seen[key] {
			return nil, fmt.Errorf("option %s given twice", key)
		}
		seen[key] = true
		val, err := unquote(val)
		if err != nil {
			return nil, fmt.Errorf("option %s: %w", key, err)
		}
		if err := inc.set(key, val, hasVal); err != nil {
			return nil, err
		}
	}
	if err := inc.validate(); err != nil {
		return nil, err
	}
	return inc, nil
}

func (inc *Include) set(key, val string, hasVal bool) error {
	flag := func(p *bool) error {
		if hasVal {
			return fmt.Errorf("option %s takes no value (got %s=%s)", key, key, val)
		}
		*p = true
		return nil
	}
	value := func(p *string) error {
		if !hasVal || val == "" {
			return fmt.Errorf("option %s needs a value, e.g. %s", key, exampleOf(key))
		}
		*p = val
		return nil
	}
	switch key {
	case "file":
		return value(&inc.File)
	case "region":
		return value(&inc.Region)
	case "example":
		return value(&inc.Example)
	case "lines":
		var s string
		if err := value(&s); err != nil {
			return err
		}
		from, to, err := parseRange(s)
		if err != nil {
			return fmt.Errorf("option lines=%s: %w", s, err)
		}
		inc.From, inc.To = from, to
		return nil
	case "hl_lines":
		var s string
		if err := value(&s); err != nil {
			return err
		}
		lines, err := parseLineList(s)
		if err != nil {
			return fmt.Errorf("option hl_lines=%q: %w", s, err)
		}
		inc.HLLines = lines
		return nil
	case "caption":
		return flag(&inc.Caption)
	case "linenos":
		return flag(&inc.LineNos)
	case "fragment":
		return flag(&inc.Fragment)
	case "":
		return errors.New(`stray "=" in info string`)
	}
	return fmt.Errorf("unknown option %q (known: file, region, lines, example, caption, hl_lines, linenos, fragment)", key)
}

func exampleOf(key string) string {
	switch key {
	case "file":
		return "file=code/ch1/hello/main.go"
	case "region":
		return "region=handler"
	case "example":
		return "example=ExampleCounter"
	case "lines":
		return "lines=10-24"
	case "hl_lines":
		return `hl_lines="2 4-5"`
	}
	return key + "=..."
}

// validate rejects combinations that cannot mean anything sensible.
func (inc *Include) validate() error {
	if inc.File == "" {
		for _, o := range []struct {
			set  bool
			name string
		}{{inc.Region != "", "region"}, {inc.From != 0, "lines"}, {inc.Example != "", "example"}, {inc.Caption, "caption"}} {
			if o.set {
				return fmt.Errorf("option %s needs file=", o.name)
			}
		}
		return nil
	}
	if inc.Fragment {
		return errors.New("option fragment contradicts file=: a fragment is inline code, an include comes from a file")
	}
	n := 0
	for _, set := range []bool{inc.Region != "", inc.From != 0, inc.Example != ""} {
		if set {
			n++
		}
	}
	if n > 1 {
		return errors.New("options region=, lines= and example= exclude each other; use one")
	}
	return nil
}

// splitInfo splits on blanks, keeping double-quoted values whole.
func splitInfo(info string) ([]string, error) {
	var words []string
	var b strings.Builder
	inQuote := false
	quoteStart := 0
	for i, r := range info {
		switch {
		case r == '"':
			if !inQuote {
				quoteStart = i
			}
			inQuote = !inQuote
			b.WriteRune(r)
		case !inQuote && (r == ' ' || r == '\t'):
			if b.Len() > 0 {
				words = append(words, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if inQuote {
		return nil, fmt.Errorf("unclosed quote at column %d of info string", quoteStart+1)
	}
	if b.Len() > 0 {
		words = append(words, b.String())
	}
	return words, nil
}

// unquote strips the quotes of a quoted value; a quote anywhere else is
// an error, so every value prints back the way it was read.
func unquote(s string) (string, error) {
	if !strings.Contains(s, `"`) {
		return s, nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' && !strings.Contains(s[1:len(s)-1], `"`) {
		return s[1 : len(s)-1], nil
	}
	return "", fmt.Errorf("misplaced quote in %s; quote the whole value: key=\"a b\"", s)
}

// parseRange parses "A-B", "A" or "A-" (to the end); To 0 means the end.
func parseRange(s string) (from, to int, err error) {
	a, b, isRange := strings.Cut(s, "-")
	if from, err = positive(a); err != nil {
		return 0, 0, err
	}
	if !isRange {
		return from, from, nil
	}
	if b == "" {
		return from, 0, nil
	}
	if to, err = positive(b); err != nil {
		return 0, 0, err
	}
	if to < from {
		return 0, 0, fmt.Errorf("range ends before it starts (%d > %d)", from, to)
	}
	return from, to, nil
}

// parseLineList parses "2 4-5" (blanks or commas between items) into
// sorted, unique line numbers.
func parseLineList(s string) ([]int, error) {
	items := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if len(items) == 0 {
		return nil, errors.New("no line numbers")
	}
	set := map[int]bool{}
	for _, it := range items {
		from, to, err := parseRange(it)
		if err != nil {
			return nil, err
		}
		if to == 0 {
			return nil, fmt.Errorf("range %q has no end", it)
		}
		if to-from >= maxHighlight {
			return nil, fmt.Errorf("range %q is too long", it)
		}
		for n := from; n <= to; n++ {
			set[n] = true
		}
	}
	lines := make([]int, 0, len(set))
	for n := range set {
		lines = append(lines, n)
	}
	slices.Sort(lines)
	return lines, nil
}

// maxHighlight bounds one hl_lines range; no sample is that long.
const maxHighlight = 10_000

// maxLines bounds line numbers so a typo like hl_lines=1-999999999 cannot
// allocate a huge set.
const maxLines = 100_000

func positive(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || strings.HasPrefix(s, "+") {
		return 0, fmt.Errorf("%q is not a line number (1, 2, ...)", s)
	}
	if n > maxLines {
		return 0, fmt.Errorf("line %d is beyond any sample file", n)
	}
	return n, nil
}

// String formats the include as an info string that ParseInfo reads back
// to the same Include, options in a fixed order.
func (inc *Include) String() string {
	var w []string
	if inc.Lang != "" {
		w = append(w, inc.Lang)
	}
	str := func(key, val string) {
		if val != "" {
			w = append(w, key+"="+quote(val))
		}
	}
	str("file", inc.File)
	str("region", inc.Region)
	switch {
	case inc.From == 0:
	case inc.To == 0:
		w = append(w, fmt.Sprintf("lines=%d-", inc.From))
	case inc.To == inc.From:
		w = append(w, fmt.Sprintf("lines=%d", inc.From))
	default:
		w = append(w, fmt.Sprintf("lines=%d-%d", inc.From, inc.To))
	}
	str("example", inc.Example)
	if inc.Caption {
		w = append(w, "caption")
	}
	if len(inc.HLLines) > 0 {
		var hl []string
		for _, n := range inc.HLLines {
			hl = append(hl, strconv.Itoa(n))
		}
		w = append(w, `hl_lines="`+strings.Join(hl, " ")+`"`)
	}
	if inc.LineNos {
		w = append(w, "linenos")
	}
	if inc.Fragment {
		w = append(w, "fragment")
	}
	return strings.Join(w, " ")
}

func quote(v string) string {
	if strings.ContainsAny(v, " \t") {
		return `"` + v + `"`
	}
	return v
}
