package extension

import (
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/upstream"
)

var update = flag.Bool("update", false, "copy goldmark's extension package again, from the goldmark version in go.mod")

// ours are the files of this package that are not copied from goldmark.
var ours = []string{"lazy.go", "copy_test.go", "same_test.go"}

// edits are the changes to goldmark's files, each made as many times as it says: if goldmark's
// code moved, the test says so rather than copying it unchanged.
var edits = map[string][]struct {
	old, new string
	times    int
}{
	"linkify.go": {
		{"var wwwURLRegxp = regexp.MustCompile(", "var wwwURLRegxp = lazyRegexp(", 1},
		{"var urlRegexp = regexp.MustCompile(", "var urlRegexp = lazyRegexp(", 1},
		{"\t\t\tURLRegexp:        urlRegexp,\n\t\t\tWWWRegexp:        wwwURLRegxp,\n", "", 1},
		{"m = s.LinkifyConfig.URLRegexp.FindSubmatchIndex(line)", "m = s.url().FindSubmatchIndex(line)", 2},
		{"m = s.LinkifyConfig.WWWRegexp.FindSubmatchIndex(line)", "m = s.www().FindSubmatchIndex(line)", 1},
	},
}

// TestCopiedFromGoldmark: the package holds goldmark's extension package as the version in
// go.mod has it, with edits. With -update it makes it so.
func TestCopiedFromGoldmark(t *testing.T) {
	mod := goldmarkDir(t)
	want, err := copies(mod)
	if err != nil {
		t.Fatal(err)
	}
	have, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	have = append(have, "LICENSE")
	upstream.Check(t, want, have, ours, *update, "go test ./internal/extension -update")
}

// goldmarkDir is where the go command keeps the source of the goldmark version in go.mod.
func goldmarkDir(t *testing.T) string { return upstream.Dir(t, "github.com/yuin/goldmark") }

// copies returns what each copied file should hold, from goldmark's module at mod.
func copies(mod string) (map[string][]byte, error) {
	want := map[string][]byte{}
	b, err := os.ReadFile(filepath.Join(mod, "LICENSE"))
	if err != nil {
		return nil, err
	}
	want["LICENSE"] = b
	files, err := filepath.Glob(filepath.Join(mod, "extension", "*.go"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasSuffix(name, "_test.go") || name == "package.go" {
			continue // package.go holds only the package's comment, which lazy.go has
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		s := string(src)
		for _, e := range edits[name] {
			if n := strings.Count(s, e.old); n != e.times {
				return nil, fmt.Errorf("goldmark's %s holds %q %d times, want %d: see the edits in copy_test.go", name, e.old, n, e.times)
			}
			s = strings.ReplaceAll(s, e.old, e.new)
		}
		if want[name], err = format.Source([]byte(s)); err != nil {
			return nil, err
		}
	}
	return want, nil
}
