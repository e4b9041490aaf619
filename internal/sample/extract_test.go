package sample

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestExtractGolden runs every testdata/extract/*.txtar: the file
// "input.go", the optional "region" to extract, and the "want" output:
// "start N" and the shown text, or "error: ..." (rewritten by -update).
func TestExtractGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "extract", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			comment, files := parseTxtar(string(data))
			var input, region, want string
			wantAt := -1
			for i, f := range files {
				switch f.name {
				case "input.go":
					input = f.data
				case "region":
					region = strings.TrimSpace(f.data)
				case "want":
					want, wantAt = f.data, i
				}
			}
			text, start, err := Extract("code/x/input.go", []byte(input), region)
			got := fmt.Sprintf("start %d\n%s", start, text)
			if err != nil {
				got = "error: " + err.Error() + "\n"
			}
			if *update {
				if wantAt < 0 {
					files = append(files, section{name: "want"})
					wantAt = len(files) - 1
				}
				files[wantAt].data = got
				if err := os.WriteFile(p, []byte(formatTxtar(comment, files)), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("Extract(%s, region %q):\ngot:\n%s\nwant:\n%s", p, region, got, want)
			}
		})
	}
}

// TestExtractLineEndings covers inputs a golden file cannot hold safely:
// CRLF, a byte order mark, no final newline, invalid UTF-8.
func TestExtractLineEndings(t *testing.T) {
	tests := []struct {
		name, src, region string
		want              string
		start             int
	}{
		{"crlf", "package x\r\n\r\nfunc f() {\r\n\t// START body OMIT\r\n\tif true {\r\n\t\treturn\r\n\t}\r\n\t// END body OMIT\r\n}\r\n", "body",
			"if true {\n\treturn\n}\n", 5},
		{"crlf whole file", "package x\r\n\r\nvar v = 1 // OMIT\r\nvar w = 2\r\n", "", "package x\n\nvar w = 2\n", 1},
		{"bom", "\uFEFFpackage x\n", "", "package x\n", 1},
		{"no final newline", "package x\n\nvar v = 1", "", "package x\n\nvar v = 1\n", 1},
		{"cr only line ends stay in the line", "a\rb\n", "", "a\rb\n", 1},
		{"trailing blanks on OMIT line", "a\nb // OMIT \t\nc\n", "", "a\nc\n", 1},
		{"whitespace-only lines inside", "\t// START r OMIT\n\tx\n\t  \n\ty\n\t// END r OMIT\n", "r", "x\n\ny\n", 2},
	}
	for _, tt := range tests {
		text, start, err := Extract("code/x.go", []byte(tt.src), tt.region)
		if err != nil {
			t.Errorf("%s: Extract(%q, %q): %v", tt.name, tt.src, tt.region, err)
			continue
		}
		if text != tt.want || start != tt.start {
			t.Errorf("%s: Extract(%q, %q) = %q, %d; want %q, %d", tt.name, tt.src, tt.region, text, start, tt.want, tt.start)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	tests := []struct {
		name, src, region string
		line              int
		msg               string
	}{
		{"not utf-8", "package x\n\xff\xfe\n", "", 0, "not UTF-8 text"},
		{"empty file", "", "", 0, "file shows nothing"},
		{"only OMIT lines", "a OMIT\n\n b OMIT\n", "", 0, "file shows nothing"},
		{"no regions", "package x\n", "main", 0, `region "main" not found (the file has no regions; mark one with "// START main OMIT" and "// END main OMIT")`},
		{"other regions", "// START b OMIT\n// END b OMIT\n// START a OMIT\nx\n// END a OMIT\n// START b2 OMIT\n// END b2 OMIT\n", "main", 0,
			`region "main" not found (regions in the file: a, b, b2)`},
		{"unclosed", "x\n// START main OMIT\ny\n", "main", 2, `region "main" is never closed; add "// END main OMIT" where it ends`},
		{"end without start", "// END main OMIT\n// START main OMIT\ny\n// END main OMIT\n", "main", 1, `END of region "main" has no START before it`},
		{"twice", "// START main OMIT\na\n// END main OMIT\n// START main OMIT\nb\n// END main OMIT\n", "main", 4, `region "main" is already defined at line 1`},
		{"started twice", "// START main OMIT\na\n// START main OMIT\nb\n// END main OMIT\n", "main", 3, `region "main" is already defined at line 1`},
		{"empty region", "a\n// START main OMIT\n\n  \n// END main OMIT\n", "main", 2, `region "main" shows nothing`},
	}
	for _, tt := range tests {
		text, start, err := Extract("code/x.go", []byte(tt.src), tt.region)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: Extract(%q, %q) = %q, %d, %v; want *Error %q", tt.name, tt.src, tt.region, text, start, err, tt.msg)
			continue
		}
		if e.File != "code/x.go" || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("%s: Extract(%q, %q) error = %q at %s:%d; want %q at code/x.go:%d", tt.name, tt.src, tt.region, e.Msg, e.File, e.Line, tt.msg, tt.line)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte("package x\n\nfunc f() {\n\t// START a OMIT\n\tx := 1 // OMIT\n\ty := 2\n\t// END a OMIT\n}\n"), "a")
	f.Add([]byte("// START a OMIT\r\n  // START b OMIT\r\n\tz\r\n  // END b OMIT\r\n// END a OMIT\r\n"), "b")
	f.Add([]byte("\uFEFF \t x\n\t y\n"), "")
	f.Add([]byte("// END a OMIT\n// START a OMIT\n"), "a")
	f.Fuzz(func(t *testing.T, src []byte, region string) {
		text, start, err := Extract("code/f.go", src, region)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Extract(%q, %q) error %v is not an *Error", src, region, err)
			}
			return
		}
		n := strings.Count(string(src), "\n") + 1
		if text == "" || !strings.HasSuffix(text, "\n") || start < 1 || start > n {
			t.Fatalf("Extract(%q, %q) = %q, %d; want non-empty lines and a start in 1..%d", src, region, text, start, n)
		}
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		if len(lines) > n {
			t.Fatalf("Extract(%q, %q) shows %d lines of a %d-line file", src, region, len(lines), n)
		}
		var lead byte // the first byte every shown line shares, if any
		shared, haveLead := true, false
		for _, l := range lines {
			if omitted(l) {
				t.Fatalf("Extract(%q, %q) shows the OMIT line %q", src, region, l)
			}
			if strings.HasSuffix(l, "\r") {
				t.Fatalf("Extract(%q, %q) keeps a CR in %q", src, region, l)
			}
			if l == "" {
				continue
			}
			if !haveLead {
				lead, haveLead = l[0], true
			} else if l[0] != lead {
				shared = false
			}
		}
		if shared && (lead == ' ' || lead == '\t') {
			t.Fatalf("Extract(%q, %q) = %q: every line still starts with %q", src, region, text, lead)
		}
	})
}
