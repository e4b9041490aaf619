package sample

import (
	"errors"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
	"strings"
)

// Output returns the expected output of the testable example called
// example (e.g. "ExampleCounter") in the Go file name: the text of its
// "// Output:" or "// Unordered output:" comment, as go test compares it.
// It uses go/doc, the same reading go test uses, so a chapter shows
// exactly the output the tests checked. Errors are *Error.
func Output(name string, src []byte, example string) (string, error) {
	text, _, err := output(name, src, example)
	return text, err
}

// output also returns the line of the first output line in the file.
func output(name string, src []byte, example string) (string, int, error) {
	if !strings.HasSuffix(name, "_test.go") {
		return "", 0, &Error{File: name, Msg: "examples run only from _test.go files; move " + example + " into one"}
	}
	if !strings.HasPrefix(example, "Example") {
		return "", 0, &Error{File: name, Msg: fmt.Sprintf("example=%s: testable example names start with Example", example)}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return "", 0, parseError(name, err)
	}
	var names []string
	for _, ex := range doc.Examples(f) {
		full := "Example" + ex.Name
		if full != example {
			names = append(names, full)
			continue
		}
		line := fset.Position(ex.Code.Pos()).Line
		if ex.Output == "" && !ex.EmptyOutput {
			return "", 0, &Error{File: name, Line: line,
				Msg: fmt.Sprintf("%s has no // Output: comment, so go test never runs it; end it with the output it prints", example)}
		}
		if ex.Output == "" {
			return "", 0, &Error{File: name, Line: line,
				Msg: fmt.Sprintf("%s expects no output, so there is nothing to show", example)}
		}
		out := strings.TrimSuffix(ex.Output, "\n") + "\n"
		start := outputLine(fset, f, ex.Code)
		if start == 0 {
			start = line
		}
		return out, start, nil
	}
	msg := fmt.Sprintf("example %s not found", example)
	if len(names) > 0 {
		slices.Sort(names)
		msg += fmt.Sprintf(" (examples in the file: %s)", strings.Join(names, ", "))
	} else {
		msg += " (the file has no testable examples with a // Output: comment)"
	}
	return "", 0, &Error{File: name, Msg: msg}
}

// outputLine finds the file line of the first output line: the line after
// "// Output:", or that line itself when the output starts on it. go/doc
// reads the output from the last comment group in the body; so do we.
func outputLine(fset *token.FileSet, f *ast.File, body ast.Node) int {
	var last *ast.CommentGroup
	for _, cg := range f.Comments {
		if cg.Pos() > body.Pos() && cg.End() < body.End() {
			last = cg
		}
	}
	if last == nil {
		return 0
	}
	for _, c := range last.List {
		lower := strings.ToLower(c.Text)
		i := strings.Index(lower, "output:")
		if i < 0 {
			continue
		}
		line := fset.Position(c.Pos()).Line
		rest, _, _ := strings.Cut(c.Text[i+len("output:"):], "\n")
		if strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "*/")) == "" {
			line++
		}
		return line
	}
	return fset.Position(last.Pos()).Line
}

// parseError places a go/parser error at its first position.
func parseError(name string, err error) *Error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return &Error{File: name, Line: list[0].Pos.Line, Msg: "does not parse: " + list[0].Msg, Err: err}
	}
	return &Error{File: name, Msg: "does not parse: " + err.Error(), Err: err}
}
