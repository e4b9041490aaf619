// Package diag defines the positioned messages folio reports to authors: an error or warning
// tied to a file and line, so every stage reports problems the same way ("file:line: message").
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity tells whether a diagnostic fails the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diagnostic is one problem found in the author's input.
type Diagnostic struct {
	File     string // path as the author knows it, e.g. "content/zh/01-landscape.md"
	Line     int    // 1-based; 0 when the problem is the whole file
	Severity Severity
	Msg      string
}

func (d Diagnostic) String() string {
	prefix := ""
	if d.Severity == Warning {
		prefix = "warning: "
	}
	switch {
	case d.File == "":
		return prefix + d.Msg
	case d.Line > 0:
		return fmt.Sprintf("%s:%d: %s%s", d.File, d.Line, prefix, d.Msg)
	default:
		return fmt.Sprintf("%s: %s%s", d.File, prefix, d.Msg)
	}
}

// Error makes a Diagnostic usable as an error.
func (d Diagnostic) Error() string { return d.String() }

// Errorf returns an error diagnostic.
func Errorf(file string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Warnf returns a warning diagnostic.
func Warnf(file string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Severity: Warning, Msg: fmt.Sprintf(format, args...)}
}

// List collects diagnostics from a stage; it is an error when it holds at least one Error.
type List []Diagnostic

// Add appends d; a nil-safe convenience for stages that collect as they go.
func (l *List) Add(d ...Diagnostic) { *l = append(*l, d...) }

// Errors returns only the diagnostics that fail the build.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns only the diagnostics that do not fail the build.
func (l List) Warnings() List {
	var out List
	for _, d := range l {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders by file, line, then message, so output is deterministic across parallel stages.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
}

// Err returns the list as an error when it holds errors, else nil.
func (l List) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return l.Errors()
}

func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
