package sample

import (
	"errors"
	"strings"
	"testing"
)

const exampleFile = `package atomiccounter_test

import (
	"fmt"
	"sort"
)

func ExampleCounter() {
	c := 0
	for range 3 {
		c++
	}
	fmt.Println("count:", c)
	fmt.Println("done")
	// Output:
	// count: 3
	// done
}

func ExampleCounter_inline() {
	fmt.Println(42)
	// Output: 42
}

func ExampleWorkers() {
	// The comment above the output is not the output.
	for _, s := range []string{"b", "a"} {
		fmt.Println(s)
	}
	// Unordered output:
	// a
	// b
}

func ExampleNoOutput() {
	fmt.Println("not checked")
}

func ExampleQuiet() {
	// Output:
}

func ExampleIndented() {
	fmt.Println("  two spaces")
	fmt.Println("")
	fmt.Println("x")
	// Output:
	//   two spaces
	//
	// x
}

func helper() { sort.Strings(nil) }
`

func TestOutput(t *testing.T) {
	tests := []struct {
		example string
		want    string
		start   int
	}{
		{"ExampleCounter", "count: 3\ndone\n", 16},
		{"ExampleCounter_inline", "42\n", 22},
		{"ExampleWorkers", "a\nb\n", 31},
		{"ExampleIndented", "  two spaces\n\nx\n", 48},
	}
	for _, tt := range tests {
		got, err := Output("code/ch3/atomiccounter/example_test.go", []byte(exampleFile), tt.example)
		if err != nil {
			t.Errorf("Output(%s): %v", tt.example, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Output(%s) = %q; want %q", tt.example, got, tt.want)
		}
		_, start, _ := output("code/ch3/atomiccounter/example_test.go", []byte(exampleFile), tt.example)
		if start != tt.start {
			t.Errorf("output(%s) starts at line %d; want %d", tt.example, start, tt.start)
		}
	}
}

func TestOutputErrors(t *testing.T) {
	const name = "code/ch3/atomiccounter/example_test.go"
	tests := []struct {
		name, file, src, example string
		line                     int
		msg                      string
	}{
		{"not found", name, exampleFile, "ExampleCount", 0,
			"example ExampleCount not found (examples in the file: ExampleCounter, ExampleCounter_inline, ExampleIndented, ExampleNoOutput, ExampleQuiet, ExampleWorkers)"},
		{"no output comment", name, exampleFile, "ExampleNoOutput", 35, "ExampleNoOutput has no // Output: comment, so go test never runs it"},
		{"empty output", name, exampleFile, "ExampleQuiet", 39, "ExampleQuiet expects no output"},
		{"not a test file", "code/ch3/atomiccounter/counter.go", exampleFile, "ExampleCounter", 0, "examples run only from _test.go files"},
		{"not an example name", name, exampleFile, "Counter", 0, "testable example names start with Example"},
		{"parse error", name, "package x\n\nfunc ExampleA() {\n\tfmt.Println(\n}\n", "ExampleA", 5, "does not parse"},
		{"no examples", name, "package x\n\nfunc TestA() {}\n", "ExampleA", 0, "the file has no testable examples"},
		{"example with params is not an example", name, "package x\n\nfunc ExampleA(x int) {\n\t// Output: 1\n}\n", "ExampleA", 0, "example ExampleA not found"},
	}
	for _, tt := range tests {
		got, err := Output(tt.file, []byte(tt.src), tt.example)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: Output(%s) = %q, %v; want *Error %q", tt.name, tt.example, got, err, tt.msg)
			continue
		}
		if e.File != tt.file || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("%s: Output(%s) error = %q at %s:%d; want %q at %s:%d", tt.name, tt.example, e.Msg, e.File, e.Line, tt.msg, tt.file, tt.line)
		}
	}
}

func FuzzOutput(f *testing.F) {
	f.Add([]byte(exampleFile), "ExampleCounter")
	f.Add([]byte("package x\nfunc ExampleA() {\n\t/* Output: 1\n2 */\n}\n"), "ExampleA")
	f.Fuzz(func(t *testing.T, src []byte, example string) {
		out, start, err := output("code/x_test.go", src, example)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("output(%q, %q) error %v is not an *Error", src, example, err)
			}
			return
		}
		if out == "" || !strings.HasSuffix(out, "\n") || start < 1 {
			t.Fatalf("output(%q, %q) = %q, %d; want text ending in a newline and a line", src, example, out, start)
		}
	})
}
