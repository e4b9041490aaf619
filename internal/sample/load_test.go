package sample

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const mainGo = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\t// START greet OMIT\n\tname := \"gopher\"\n\tfmt.Println(\"hello,\", name) // OMIT\n\tfmt.Printf(\"hello, %s\\n\", name)\n\t// END greet OMIT\n}\n"

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"code/ch1/hello/main.go":           {Data: []byte(mainGo)},
		"code/ch3/counter/example_test.go": {Data: []byte(exampleFile)},
		"zh/01-landscape.md":               {Data: []byte("# 标题\n")},
	}
}

func TestLoad(t *testing.T) {
	greet := "name := \"gopher\"\nfmt.Printf(\"hello, %s\\n\", name)\n"
	tests := []struct {
		info string
		want Code
	}{
		{"go file=code/ch1/hello/main.go region=greet", Code{Text: greet, StartLine: 7}},
		{`go file=code/ch1/hello/main.go region=greet hl_lines="2" caption linenos`, Code{Text: greet, StartLine: 7, HLLines: []int{2}}},
		{"go file=code/ch1/hello/main.go lines=5-7", Code{Text: "func main() {\n\tname := \"gopher\"\n", StartLine: 5}},
		{"go file=code/ch1/hello/main.go lines=9", Code{Text: "fmt.Printf(\"hello, %s\\n\", name)\n", StartLine: 9}},
		{"go file=code/ch1/hello/main.go lines=9-", Code{Text: "\tfmt.Printf(\"hello, %s\\n\", name)\n}\n", StartLine: 9}},
		{"go file=code/ch1/hello/main.go", Code{Text: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tname := \"gopher\"\n\tfmt.Printf(\"hello, %s\\n\", name)\n}\n", StartLine: 1}},
		{"text file=code/ch3/counter/example_test.go example=ExampleCounter hl_lines=1", Code{Text: "count: 3\ndone\n", StartLine: 16, HLLines: []int{1}}},
	}
	for _, tt := range tests {
		inc, err := ParseInfo(tt.info)
		if err != nil {
			t.Fatalf("ParseInfo(%q): %v", tt.info, err)
		}
		got, err := Load(testFS(), inc)
		if err != nil {
			t.Errorf("Load(%q): %v", tt.info, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("Load(%q) = %#v; want %#v", tt.info, *got, tt.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		info string
		file string
		line int
		msg  string
	}{
		{"go file=code/ch1/hello/mian.go", "code/ch1/hello/mian.go", 0, "file not found under content/ (files in code/ch1/hello: main.go)"},
		{"go file=code/ch9/x.go", "code/ch9/x.go", 0, "file not found under content/ (no directory code/ch9 either)"},
		{"go file=code/ch1/hello", "code/ch1/hello", 0, "cannot read: "},
		{"go file=code/ch1/hello/main.go region=call", "code/ch1/hello/main.go", 0, `region "call" not found (regions in the file: greet)`},
		{"go file=code/ch1/hello/main.go lines=5-40", "code/ch1/hello/main.go", 0, "lines=5-40: the file has only 11 lines"},
		{"go file=code/ch1/hello/main.go lines=12-", "code/ch1/hello/main.go", 0, "the file has only 11 lines"},
		{"go file=code/ch1/hello/main.go lines=10", "code/ch1/hello/main.go", 10, "lines=10-10 show nothing"},
		{"go file=code/ch1/hello/main.go region=greet hl_lines=3", "code/ch1/hello/main.go", 0, "hl_lines: line 3 is beyond the 2 shown lines"},
		{"text file=code/ch3/counter/example_test.go example=ExampleCount", "code/ch3/counter/example_test.go", 0, "example ExampleCount not found"},
		{"text file=code/ch1/hello/main.go example=ExampleMain", "code/ch1/hello/main.go", 0, "examples run only from _test.go files"},
	}
	for _, tt := range tests {
		inc, err := ParseInfo(tt.info)
		if err != nil {
			t.Fatalf("ParseInfo(%q): %v", tt.info, err)
		}
		got, err := Load(testFS(), inc)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Load(%q) = %v, %v; want *Error %q", tt.info, got, err, tt.msg)
			continue
		}
		if e.File != tt.file || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("Load(%q) error = %q at %s:%d; want %q at %s:%d", tt.info, e.Msg, e.File, e.Line, tt.msg, tt.file, tt.line)
		}
	}
	if _, err := Load(testFS(), &Include{Lang: "go"}); err == nil {
		t.Errorf("Load of an inline block succeeded; want an error")
	}
	inc, _ := ParseInfo("go file=code/ch1/hello/mian.go")
	if _, err := Load(testFS(), inc); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing file) error = %v; want it to wrap fs.ErrNotExist", err)
	}
}

// TestLoadConfinement: whatever the fs.FS would allow, an include reads
// only files under code/ by a clean relative path.
func TestLoadConfinement(t *testing.T) {
	fsys := testFS()
	fsys["secret.go"] = &fstest.MapFile{Data: []byte("package secret\n")}
	tests := []struct {
		file string
		msg  string
	}{
		{"/etc/passwd", "absolute path"},
		{"/code/ch1/hello/main.go", "absolute path"},
		{"C:/code/x.go", "absolute path"},
		{"../secret.go", `".." would leave content/`},
		{"code/../secret.go", `".." would leave content/`},
		{"code/ch1/../../secret.go", `".." would leave content/`},
		{`code\ch1\hello\main.go`, "backslash in path"},
		{`code/ch1\..\..\secret.go`, "backslash in path"},
		{"./code/ch1/hello/main.go", "not a clean relative path"},
		{"code//ch1/hello/main.go", "not a clean relative path"},
		{"code/ch1/hello/main.go/", "not a clean relative path"},
		{"code/./ch1/hello/main.go", "not a clean relative path"},
		{"secret.go", "includes must name a file under code/"},
		{"zh/01-landscape.md", "includes must name a file under code/"},
		{"code", "includes must name a file under code/"},
		{"codex/x.go", "includes must name a file under code/"},
	}
	for _, tt := range tests {
		got, err := Load(fsys, &Include{Lang: "go", File: tt.file})
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, tt.msg) || e.File != tt.file {
			t.Errorf("Load(file=%s) = %v, %v; want *Error for %s containing %q", tt.file, got, err, tt.file, tt.msg)
		}
	}
}

// TestLoadSymlinkOutside opens a content root the way the CLI does, with
// os.OpenRoot, and checks that a link leading out of it cannot be read,
// while a link that stays inside can.
func TestLoadSymlinkOutside(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	outside := filepath.Join(dir, "outside")
	for _, d := range []string{filepath.Join(content, "code", "ch1"), outside} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, data string) {
		if err := os.WriteFile(name, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "secret.go"), "package secret\n\nconst Key = \"do not publish\"\n")
	write(filepath.Join(content, "code", "ch1", "main.go"), mainGo)
	links := map[string]string{
		filepath.Join(content, "code", "ch1", "secret.go"): filepath.Join("..", "..", "..", "outside", "secret.go"),
		filepath.Join(content, "code", "ch1", "abs.go"):    filepath.Join(outside, "secret.go"),
		filepath.Join(content, "code", "outdir"):           outside,
		filepath.Join(content, "code", "ch1", "alias.go"):  "main.go",
	}
	for link, target := range links {
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("symlinks not supported here: %v", err)
		}
	}
	root, err := os.OpenRoot(content)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := root.FS()

	for _, file := range []string{"code/ch1/secret.go", "code/ch1/abs.go", "code/outdir/secret.go"} {
		got, err := Load(fsys, &Include{Lang: "go", File: file})
		var e *Error
		if !errors.As(err, &e) || e.File != file || !strings.HasPrefix(e.Msg, "cannot read: ") || !strings.Contains(e.Msg, "is a symbolic link to") {
			t.Errorf("Load(file=%s) through a link out of content/ = %v, %v; want a 'cannot read' *Error", file, got, err)
		}
		if got != nil && strings.Contains(got.Text, "do not publish") {
			t.Errorf("Load(file=%s) read the secret outside content/", file)
		}
	}
	got, err := Load(fsys, &Include{Lang: "go", File: "code/ch1/alias.go", Region: "greet"})
	if err != nil || !strings.Contains(got.Text, "gopher") {
		t.Errorf("Load(code/ch1/alias.go, a link inside content/) = %v, %v; want the greet region", got, err)
	}
}
