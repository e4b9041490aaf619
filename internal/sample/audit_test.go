package sample

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// auditSite is a content/ tree with one of every problem Audit finds.
func auditSite() (fstest.MapFS, []Use) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"code/ch1/hello/main.go":      file(mainGo + "\n// START setup OMIT\nvar debug = false\n// END setup OMIT\n"),
		"code/ch1/hello/main_test.go": file("package main\n\nimport \"testing\"\n\nfunc TestMain(t *testing.T) {}\n"),
		"code/ch2/task/main.go": file(strings.Join([]string{
			"package main",
			"",
			"// START open OMIT",
			"func open() {}",
			"// END close OMIT",
			"// START run OMIT",
			"func run() {}",
			"// END run OMIT",
			"// START run OMIT",
			"func run2() {}",
			"// END run OMIT",
			"",
		}, "\n")),
		"code/ch2/task/store.go":               file("package main\n\ntype store struct{}\n"),
		"code/ch2/task/testdata/input.go":      file("package skipped\n// START never OMIT\n"),
		"code/ch2/task/_old/old.go":            file("package skipped\n"),
		"code/ch3/counter/counter.go":          file("package counter\n\ntype Counter struct{ n int }\n"),
		"code/ch3/counter/example_test.go":     file(exampleFile),
		"code/ch3/counter/testdata/golden.txt": file("\xff not text\n"),
		"code/ch3/counter/config.json":         file("{}\n"),
		"code/ch4/latin1.go":                   file("package x // caf\xe9\n"),
		"code/ch5/orphan/main.go":              file("package main\n\n// START a OMIT\nfunc main() {}\n// END a OMIT\n// START b OMIT\n// END b OMIT\n"),
		"code/ch5/orphan/main_test.go":         file("package main\n\n// START t OMIT\n// END t OMIT\n"),
		"zh/01-landscape.md":                   file("unused by Audit\n"),
	}
	uses := []Use{
		{Source: "zh/01-landscape.md", Line: 10, Info: "go file=code/ch1/hello/main.go region=greet"},
		{Source: "en/01-landscape.md", Line: 12, Info: "go file=code/ch1/hello/main.go region=greet caption"},
		{Source: "zh/01-landscape.md", Line: 20, Info: "go", Body: "x := 1\n"},
		{Source: "zh/01-landscape.md", Line: 25, Info: "go fragment", Body: "x := 1\n"},
		{Source: "zh/01-landscape.md", Line: 30, Info: "golang", Body: "x := 1\n"},
		{Source: "zh/01-landscape.md", Line: 35, Info: "sh", Body: "$ go test ./...\n"},
		{Source: "zh/01-landscape.md", Line: 40, Info: "", Body: "plain\n"},
		{Source: "zh/02-drivers.md", Line: 41, Info: "go file=code/ch2/task/main.go region=call"},
		{Source: "zh/02-drivers.md", Line: 50, Info: "go file=code/ch2/task/main.go region=open"},
		{Source: "zh/02-drivers.md", Line: 60, Info: "go file=code/ch1/hello/main.go region=greet", Body: "leftover()\n"},
		{Source: "zh/02-drivers.md", Line: 70, Info: "go file=../secret.go"},
		{Source: "zh/02-drivers.md", Line: 80, Info: "go file=code/ch2/task/main.go regoin=run"},
		{Source: "zh/02-drivers.md", Line: 90, Info: "go file=code/ch2/task/main.go lines=1-4 hl_lines=9"},
		{Source: "zh/03-competency.md", Line: 5, Info: "go file=code/ch3/counter/counter.go"},
		{Source: "zh/03-competency.md", Line: 9, Info: "text file=code/ch3/counter/example_test.go example=ExampleCounter"},
		{Source: "zh/03-competency.md", Line: 15, Info: "go file=code/ch9/missing.go"},
		{Source: "zh/03-competency.md", Line: 20, Info: "go file=code/ch9/missing.go"},
	}
	return fsys, uses
}

func TestAuditGolden(t *testing.T) {
	fsys, uses := auditSite()
	var b strings.Builder
	for _, p := range Audit(fsys, uses) {
		b.WriteString(p.String() + "\n")
	}
	got := b.String()
	golden := filepath.Join("testdata", "audit.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Audit(auditSite()):\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// TestAuditClean: a site that includes everything it has is silent.
func TestAuditClean(t *testing.T) {
	fsys := fstest.MapFS{
		"code/ch1/hello/main.go":           {Data: []byte(mainGo)},
		"code/ch1/hello/main_test.go":      {Data: []byte("package main\n")},
		"code/ch3/counter/counter.go":      {Data: []byte("package counter\n")},
		"code/ch3/counter/example_test.go": {Data: []byte(exampleFile)},
	}
	uses := []Use{
		{Source: "zh/01.md", Line: 3, Info: "go file=code/ch1/hello/main.go region=greet"},
		{Source: "zh/03.md", Line: 3, Info: "go file=code/ch3/counter/counter.go lines=1"},
		{Source: "zh/03.md", Line: 8, Info: "text file=code/ch3/counter/example_test.go example=ExampleWorkers"},
		{Source: "zh/03.md", Line: 12, Info: "go fragment", Body: "x := 1\n"},
		{Source: "zh/03.md", Line: 16, Info: "text", Body: "output\n"},
	}
	if got := Audit(fsys, uses); len(got) != 0 {
		t.Errorf("Audit(clean site) = %v; want no problems", got)
	}
	if got := Audit(fstest.MapFS{}, nil); len(got) != 0 {
		t.Errorf("Audit(empty site, no code/) = %v; want no problems", got)
	}
}
