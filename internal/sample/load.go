package sample

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Code is what an include shows.
type Code struct {
	Text string // the shown code, dedented, one "\n" after every line
	// HLLines are the lines of Text to highlight, 1-based, sorted.
	// chroma's html.HighlightLines counts from its base line number
	// (html.BaseLineNumber, 1 by default): add base-1 when it is moved.
	HLLines []int
	// StartLine is the line in the file of the first shown line; lines
	// ending in OMIT inside the shown part make later lines drift from
	// the file's numbering, so number shown lines from 1 unless the
	// part is known to be contiguous.
	StartLine int
}

// Lines returns the number of shown lines.
func (c *Code) Lines() int { return strings.Count(c.Text, "\n") }

// codeDir is the only directory includes may read from.
const codeDir = "code"

// checkPath reports whether file (as written after file=) names a file
// under code/ without leaving content/: no absolute paths, no ".." or "."
// elements, no backslashes. Symlinks are the fs.FS's business: an
// os.Root's FS refuses links that lead outside its root.
func checkPath(file string) error {
	bad := func(why string) error {
		return &Error{File: file, Msg: why}
	}
	switch {
	case file == "":
		return bad("empty file name")
	case strings.HasPrefix(file, "/") || len(file) >= 2 && file[1] == ':':
		return bad("absolute path; name the file relative to content/, e.g. code/ch1/hello/main.go")
	case strings.Contains(file, `\`):
		return bad(`backslash in path; separate directories with "/"`)
	}
	if slices.Contains(strings.Split(file, "/"), "..") {
		return bad(`".." would leave content/; name a file under code/`)
	}
	if !fs.ValidPath(file) {
		return bad(`not a clean relative path (no "." or empty elements, no trailing "/"); write it like code/ch1/hello/main.go`)
	}
	if !strings.HasPrefix(file, codeDir+"/") {
		return bad("includes must name a file under code/, where the module builds and tests them")
	}
	return nil
}

// Load reads the file an include names from fsys (rooted at content/) and
// returns the part it shows. Errors are *Error, placed in the included
// file; the caller adds the position of the fence.
func Load(fsys fs.FS, inc *Include) (*Code, error) {
	if !inc.IsInclude() {
		return nil, errors.New("not an include: no file= option")
	}
	src, err := read(fsys, inc.File)
	if err != nil {
		return nil, err
	}
	return extract(inc, src)
}

// read reads an include's file after checking its path.
func read(fsys fs.FS, file string) ([]byte, error) {
	if err := checkPath(file); err != nil {
		return nil, err
	}
	src, err := fs.ReadFile(fsys, file)
	if err == nil {
		return src, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &Error{File: file, Msg: "file not found under content/" + siblings(fsys, file), Err: err}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is already in File
	}
	return nil, &Error{File: file, Msg: "cannot read: " + err.Error() + linkNote(fsys, file), Err: err}
}

// linkNote explains a read that failed on a symbolic link, the usual way a
// path escapes content/ (an os.Root refuses to follow it out).
func linkNote(fsys fs.FS, file string) string {
	lfs, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return ""
	}
	elems := strings.Split(file, "/")
	for i := range elems {
		p := strings.Join(elems[:i+1], "/")
		target, err := lfs.ReadLink(p)
		if err != nil {
			continue
		}
		return fmt.Sprintf(" (%s is a symbolic link to %s; an include must stay inside content/, so copy the file under code/)", p, target)
	}
	return ""
}

// siblings lists the files next to a missing one, to catch typos.
func siblings(fsys fs.FS, file string) string {
	entries, err := fs.ReadDir(fsys, path.Dir(file))
	if err != nil {
		return fmt.Sprintf(" (no directory %s either)", path.Dir(file))
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(" (files in %s: %s)", path.Dir(file), strings.Join(names, ", "))
}

// extract applies the include's selection to the file's source.
func extract(inc *Include, src []byte) (*Code, error) {
	var code Code
	var err error
	switch {
	case inc.Example != "":
		code.Text, code.StartLine, err = output(inc.File, src, inc.Example)
	case inc.From != 0:
		code.Text, code.StartLine, err = lineRange(inc.File, src, inc.From, inc.To)
	default:
		code.Text, code.StartLine, err = Extract(inc.File, src, inc.Region)
	}
	if err != nil {
		return nil, err
	}
	if n := code.Lines(); len(inc.HLLines) > 0 && inc.HLLines[len(inc.HLLines)-1] > n {
		return nil, &Error{File: inc.File,
			Msg: fmt.Sprintf("hl_lines: line %d is beyond the %d shown lines; hl_lines counts the shown lines from 1", inc.HLLines[len(inc.HLLines)-1], n)}
	}
	code.HLLines = slices.Clone(inc.HLLines)
	return &code, nil
}

// lineRange shows lines from..to of the file (to 0 = the last line).
func lineRange(name string, src []byte, from, to int) (string, int, error) {
	lines, err := splitLines(name, src)
	if err != nil {
		return "", 0, err
	}
	if to == 0 {
		to = len(lines)
	}
	if from > len(lines) || to > len(lines) {
		return "", 0, &Error{File: name, Msg: fmt.Sprintf("lines=%d-%d: the file has only %d lines", from, to, len(lines))}
	}
	text, start := show(lines[from-1:to], from)
	if text == "" {
		return "", 0, &Error{File: name, Line: from, Msg: fmt.Sprintf("lines=%d-%d show nothing: every line is blank or ends in OMIT", from, to)}
	}
	return text, start, nil
}
