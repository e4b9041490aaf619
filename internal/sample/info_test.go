package sample

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseInfo(t *testing.T) {
	tests := []struct {
		info string
		want Include
	}{
		{"go", Include{Lang: "go"}},
		{"", Include{}},
		{"go fragment", Include{Lang: "go", Fragment: true}},
		{"go file=code/ch2/asynctask/main.go region=handler",
			Include{Lang: "go", File: "code/ch2/asynctask/main.go", Region: "handler"}},
		{`go file=code/ch2/asynctask/main.go lines=10-24 caption hl_lines="2 4-5" linenos`,
			Include{Lang: "go", File: "code/ch2/asynctask/main.go", From: 10, To: 24, Caption: true, LineNos: true, HLLines: []int{2, 4, 5}}},
		{"text file=code/ch3/atomiccounter/example_test.go example=ExampleCounter",
			Include{Lang: "text", File: "code/ch3/atomiccounter/example_test.go", Example: "ExampleCounter"}},
		{"go  file=code/a.go\tlines=7", Include{Lang: "go", File: "code/a.go", From: 7, To: 7}},
		{"go file=code/a.go lines=7-", Include{Lang: "go", File: "code/a.go", From: 7}},
		{`go file="code/with space.go"`, Include{Lang: "go", File: "code/with space.go"}},
		{"go hl_lines=3,1,2-3 linenos", Include{Lang: "go", HLLines: []int{1, 2, 3}, LineNos: true}},
		{"sh hl_lines=1", Include{Lang: "sh", HLLines: []int{1}}},
		{"file=code/a.go", Include{File: "code/a.go"}},
	}
	for _, tt := range tests {
		got, err := ParseInfo(tt.info)
		if err != nil {
			t.Errorf("ParseInfo(%q): %v", tt.info, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("ParseInfo(%q) = %+v; want %+v", tt.info, *got, tt.want)
		}
		if got.IsInclude() != (tt.want.File != "") {
			t.Errorf("ParseInfo(%q).IsInclude() = %v", tt.info, got.IsInclude())
		}
	}
}

func TestParseInfoErrors(t *testing.T) {
	tests := []struct {
		info string
		want string // a substring of the error
	}{
		{"go file=code/a.go regoin=x", `unknown option "regoin"`},
		{"go file", "option file needs a value"},
		{"go file=", "option file needs a value"},
		{"go file=code/a.go region", "option region needs a value"},
		{"go file=code/a.go caption=yes", "option caption takes no value"},
		{"go linenos=1", "option linenos takes no value"},
		{"go file=code/a.go file=code/b.go", "option file given twice"},
		{"go file=code/a.go lines=0-3", `"0" is not a line number`},
		{"go file=code/a.go lines=5-3", "range ends before it starts"},
		{"go file=code/a.go lines=a-b", `"a" is not a line number`},
		{"go file=code/a.go lines=+1", `"+1" is not a line number`},
		{"go file=code/a.go lines=1-999999999", "beyond any sample file"},
		{`go hl_lines="2 4-"`, `range "4-" has no end`},
		{`go hl_lines=""`, "option hl_lines needs a value"},
		{`go hl_lines=","`, "no line numbers"},
		{`go hl_lines="1-20000"`, "too long"},
		{`go file="code/a.go`, "unclosed quote at column 9"},
		{"go region=x", "option region needs file="},
		{"go lines=1-2", "option lines needs file="},
		{"text example=ExampleX", "option example needs file="},
		{"go caption", "option caption needs file="},
		{"go file=code/a.go fragment", "fragment contradicts file="},
		{"go file=code/a.go region=x lines=1-2", "exclude each other"},
		{"text file=code/a_test.go region=x example=ExampleA", "exclude each other"},
		{"go =x", `stray "="`},
		{`go file=" "0`, "option file: misplaced quote"},
		{`go file=code/"a b".go`, "option file: misplaced quote"},
	}
	for _, tt := range tests {
		got, err := ParseInfo(tt.info)
		if err == nil {
			t.Errorf("ParseInfo(%q) = %+v; want error containing %q", tt.info, *got, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseInfo(%q) error = %q; want it to contain %q", tt.info, err, tt.want)
		}
	}
}

func TestIncludeStringRoundTrip(t *testing.T) {
	for _, info := range []string{
		`go file=code/a.go lines=10-24 caption hl_lines="2 4 5" linenos`,
		`go file="code/a b.go" region=main`,
		`text file=code/a_test.go example=ExampleA`,
		`go file=code/a.go lines=3-`,
		`go file=code/a.go lines=3`,
		`go fragment`,
	} {
		inc, err := ParseInfo(info)
		if err != nil {
			t.Fatalf("ParseInfo(%q): %v", info, err)
		}
		if got := inc.String(); got != info {
			t.Errorf("ParseInfo(%q).String() = %q; want it unchanged", info, got)
		}
	}
}

func FuzzParseInfo(f *testing.F) {
	for _, s := range []string{
		"go file=code/ch2/asynctask/main.go region=handler",
		`go file=code/a.go lines=10-24 caption hl_lines="2 4-5" linenos`,
		"text file=code/a_test.go example=ExampleCounter",
		"go fragment", `go file="a b`, "go =", `x y="" z`, "go lines=3-",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, info string) {
		inc, err := ParseInfo(info)
		if err != nil {
			return
		}
		// What parses must print back to a string that parses the same.
		again, err := ParseInfo(inc.String())
		if err != nil {
			t.Fatalf("ParseInfo(%q) = %+v, but its String %q does not parse: %v", info, inc, inc.String(), err)
		}
		if !reflect.DeepEqual(inc, again) {
			t.Fatalf("ParseInfo(%q) = %+v; ParseInfo(String()) = %+v", info, inc, again)
		}
		for i := 1; i < len(inc.HLLines); i++ {
			if inc.HLLines[i] <= inc.HLLines[i-1] {
				t.Fatalf("ParseInfo(%q).HLLines = %v; want sorted and unique", info, inc.HLLines)
			}
		}
	})
}
