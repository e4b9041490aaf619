package sample

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Error is a problem with an include, placed in the included file when the
// line is known. The Markdown side prefixes the fence's own position.
type Error struct {
	File string // path relative to content/, e.g. code/ch2/x.go
	Line int    // 1-based line in File; 0 when the problem is the whole file
	Msg  string
	Err  error // underlying cause (fs.ErrNotExist, ...), if any
}

func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Extract returns the shown text of region in the file name (whole file
// when region is ""), and the line in the file of its first shown line.
// Lines ending in OMIT are dropped, blank lines around the code are
// trimmed, and the common leading whitespace is removed. Errors are *Error.
func Extract(name string, src []byte, region string) (string, int, error) {
	lines, err := splitLines(name, src)
	if err != nil {
		return "", 0, err
	}
	from, to := 0, len(lines)
	if region != "" {
		r, err := findRegion(name, lines, region)
		if err != nil {
			return "", 0, err
		}
		from, to = r.start, r.end-1 // markers are 1-based; keep the lines between them
	}
	text, start := show(lines[from:to], from+1)
	if text == "" {
		e := &Error{File: name, Msg: "file shows nothing: every line is blank or ends in OMIT"}
		if region != "" {
			e.Line = from // the START marker
			e.Msg = fmt.Sprintf("region %q shows nothing: every line is blank or ends in OMIT", region)
		}
		return "", 0, e
	}
	return text, start, nil
}

// splitLines splits src into lines without their endings, accepting LF and
// CRLF files and a leading byte order mark. A file that is not UTF-8 is
// not source code a chapter should show.
func splitLines(name string, src []byte) ([]string, error) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if !utf8.Valid(src) {
		return nil, &Error{File: name, Msg: "not UTF-8 text; include source files only"}
	}
	s := strings.TrimSuffix(string(src), "\n")
	if s == "" {
		return nil, nil
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return lines, nil
}

// omitted reports whether a line is hidden: it ends in OMIT.
func omitted(line string) bool {
	return strings.HasSuffix(strings.TrimRight(line, " \t"), "OMIT")
}

// show drops OMIT lines, trims blank lines at both ends and dedents. first
// is the file line of lines[0]; show returns the file line of the first
// shown line, 0 if nothing is shown.
func show(lines []string, first int) (string, int) {
	type numbered struct {
		n    int
		text string
	}
	var kept []numbered
	for i, l := range lines {
		if omitted(l) {
			continue
		}
		if strings.TrimSpace(l) == "" {
			l = ""
		}
		kept = append(kept, numbered{first + i, l})
	}
	for len(kept) > 0 && kept[0].text == "" {
		kept = kept[1:]
	}
	for len(kept) > 0 && kept[len(kept)-1].text == "" {
		kept = kept[:len(kept)-1]
	}
	if len(kept) == 0 {
		return "", 0
	}
	indent, seen := "", false
	for _, k := range kept {
		if k.text == "" {
			continue
		}
		lead := k.text[:len(k.text)-len(strings.TrimLeft(k.text, " \t"))]
		if !seen {
			indent, seen = lead, true
			continue
		}
		indent = commonPrefix(indent, lead)
	}
	var b strings.Builder
	for _, k := range kept {
		b.WriteString(strings.TrimPrefix(k.text, indent))
		b.WriteByte('\n')
	}
	return b.String(), kept[0].n
}

// commonPrefix compares byte by byte, so a tab never counts as spaces:
// dedenting removes only whitespace every line really shares.
func commonPrefix(a, b string) string {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return a[:i]
		}
	}
	return a[:n]
}

// region is a START/END OMIT pair; start and end are the 1-based lines of
// its markers, end 0 when it is never closed.
type region struct {
	name       string
	start, end int
}

// marker recognises "// START name OMIT" and "// END name OMIT" (any
// comment leader: the last three words are what count).
func marker(line string) (kind, name string, ok bool) {
	if !omitted(line) {
		return "", "", false // most lines: no need to split them
	}
	f := strings.Fields(line)
	if len(f) < 3 || f[len(f)-1] != "OMIT" {
		return "", "", false
	}
	kind = f[len(f)-3]
	if kind != "START" && kind != "END" {
		return "", "", false
	}
	return kind, f[len(f)-2], true
}

// scanRegions finds every region of a file, and the markers that do not
// pair up: an END without its START, a START never closed, a name used
// twice.
func scanRegions(name string, lines []string) ([]region, []*Error) {
	var regions []region
	var problems []*Error
	open := map[string]int{} // name → index into regions
	first := map[string]int{}
	for i, l := range lines {
		kind, rname, ok := marker(l)
		if !ok {
			continue
		}
		n := i + 1
		switch kind {
		case "START":
			if at, dup := first[rname]; dup {
				problems = append(problems, &Error{File: name, Line: n,
					Msg: fmt.Sprintf("region %q is already defined at line %d; give each region in a file its own name", rname, at)})
			} else {
				first[rname] = n
			}
			if j, isOpen := open[rname]; isOpen {
				// The earlier START can never be closed now: its END
				// will pair with this one.
				regions[j].end = -1
			}
			open[rname] = len(regions)
			regions = append(regions, region{name: rname, start: n})
		case "END":
			j, isOpen := open[rname]
			if !isOpen {
				problems = append(problems, &Error{File: name, Line: n,
					Msg: fmt.Sprintf("END of region %q has no START before it; add \"// START %s OMIT\" above or delete this line", rname, rname)})
				continue
			}
			regions[j].end = n
			delete(open, rname)
		}
	}
	for i, r := range regions {
		if r.end <= 0 {
			regions[i].end = 0
			problems = append(problems, &Error{File: name, Line: r.start,
				Msg: fmt.Sprintf("region %q is never closed; add \"// END %s OMIT\" where it ends", r.name, r.name)})
		}
	}
	return regions, problems
}

// findRegion returns the one well-formed region called want.
func findRegion(name string, lines []string, want string) (region, error) {
	regions, problems := scanRegions(name, lines)
	for _, p := range problems {
		if _, rname, _ := marker(lines[p.Line-1]); rname == want {
			return region{}, p
		}
	}
	for _, r := range regions {
		if r.name == want {
			return r, nil
		}
	}
	var names []string
	for _, r := range regions {
		names = append(names, r.name)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	msg := fmt.Sprintf("region %q not found", want)
	if len(names) == 0 {
		msg += fmt.Sprintf(` (the file has no regions; mark one with "// START %s OMIT" and "// END %s OMIT")`, want, want)
	} else {
		msg += fmt.Sprintf(" (regions in the file: %s)", strings.Join(names, ", "))
	}
	return region{}, &Error{File: name, Msg: msg}
}
