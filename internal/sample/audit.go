package sample

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// Use is one fenced code block of a Markdown file, as `folio check` found
// it. Give Source relative to the same root as the fs.FS passed to Audit
// (e.g. "zh/02-drivers.md"), so that every Problem.File can be shown with
// one prefix.
type Use struct {
	Source string // Markdown file
	Line   int    // line of the opening fence
	Info   string // the whole info string: "go file=code/x.go region=main"
	Body   string // the fence's content; an include's must be empty
}

// Problem is one finding of Audit, at File:Line (Line 0: the whole file).
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
}

// Audit checks every fenced block of a site and the whole code/ tree of
// fsys, and returns the problems sorted by file and line. At the fences:
// info strings that do not parse, includes with a body or that fail to
// load (missing file, region, example...), inline Go not marked fragment.
// In code/: regions never closed or never opened, region names used twice
// in a file, regions no fence includes, and Go files (not _test.go, not
// under testdata/) that no fence includes.
func Audit(fsys fs.FS, uses []Use) []Problem {
	var problems []Problem
	atFence := func(u Use, format string, args ...any) {
		problems = append(problems, Problem{File: u.Source, Line: u.Line, Msg: fmt.Sprintf(format, args...)})
	}
	// included[file][region]; region "" = the file shown some other way.
	included := map[string]map[string]bool{}
	sources := map[string][]byte{}
	for _, u := range uses {
		inc, err := ParseInfo(u.Info)
		if err != nil {
			atFence(u, "fence %q: %v", u.Info, err)
			continue
		}
		if !inc.IsInclude() {
			if isGo(inc.Lang) && !inc.Fragment {
				atFence(u, "inline ```%s block is neither compiled nor tested; move it into a file under code/ and include it with file=, or mark it ```%s fragment", inc.Lang, inc.Lang)
			}
			continue
		}
		if strings.TrimSpace(u.Body) != "" {
			atFence(u, "include %s: the fence body must be empty, the code comes from the file; delete the body", inc.File)
		}
		src, ok := sources[inc.File]
		if !ok {
			src, err = read(fsys, inc.File)
			if err != nil {
				atFence(u, "include %v", err)
				continue
			}
			sources[inc.File] = src
		}
		if _, err := extract(inc, src); err != nil {
			atFence(u, "include %v", err)
		}
		if included[inc.File] == nil {
			included[inc.File] = map[string]bool{}
		}
		included[inc.File][inc.Region] = true
	}
	problems = append(problems, auditTree(fsys, included)...)
	slices.SortFunc(problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
	return slices.Compact(problems)
}

func isGo(lang string) bool {
	return lang == "go" || lang == "golang"
}

// auditTree checks the files under code/.
func auditTree(fsys fs.FS, included map[string]map[string]bool) []Problem {
	var problems []Problem
	_ = fs.WalkDir(fsys, codeDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == codeDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll // a site without samples
			}
			problems = append(problems, Problem{File: p, Msg: "cannot read: " + errText(err)})
			return nil
		}
		if d.IsDir() {
			if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") {
				return fs.SkipDir // go build ignores these too
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		problems = append(problems, auditFile(fsys, p, included[p])...)
		return nil
	})
	return problems
}

// auditFile checks the regions of one file and whether anything shows it.
// A file nothing includes is one problem, not one per region.
func auditFile(fsys fs.FS, file string, used map[string]bool) []Problem {
	var problems []Problem
	isSource := strings.HasSuffix(file, ".go") && !strings.HasSuffix(file, "_test.go")
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return append(problems, Problem{File: file, Msg: "cannot read: " + errText(err)})
	}
	lines, err := splitLines(file, src)
	if err != nil {
		if isSource {
			problems = append(problems, Problem{File: file, Msg: err.(*Error).Msg})
		}
		return problems // data files need not be text
	}
	regions, errs := scanRegions(file, lines)
	for _, e := range errs {
		problems = append(problems, Problem{File: e.File, Line: e.Line, Msg: e.Msg})
	}
	var names []string
	for _, r := range regions {
		if !slices.Contains(names, r.name) {
			names = append(names, r.name)
		}
	}
	if used == nil {
		switch {
		case len(names) > 0:
			otherwise := "delete its region markers"
			if isSource {
				otherwise = "remove the file if no chapter needs it"
			}
			problems = append(problems, Problem{File: file, Msg: fmt.Sprintf(
				"no chapter includes this file or its regions (%s); include one with file=%s region=%s, or %s",
				strings.Join(names, ", "), file, names[0], otherwise)})
		case isSource:
			problems = append(problems, Problem{File: file,
				Msg: "no chapter includes this file; include it with file=" + file + ", or fold its code into a file a chapter shows"})
		}
		return problems
	}
	reported := map[string]bool{}
	for _, r := range regions {
		if used[r.name] || reported[r.name] {
			continue
		}
		reported[r.name] = true
		problems = append(problems, Problem{File: file, Line: r.start,
			Msg: fmt.Sprintf("no chapter includes region %q; show it with region=%s or delete its markers", r.name, r.name)})
	}
	return problems
}

// errText drops the path a *fs.PathError repeats.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}
