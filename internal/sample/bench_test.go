package sample

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// bigFile is a 2,000-line Go file with 100 regions, nested in pairs.
func bigFile() []byte {
	var b strings.Builder
	b.WriteString("package big\n\n")
	for i := range 50 {
		fmt.Fprintf(&b, "func f%d() {\n\t// START outer%d OMIT\n", i, i)
		for j := range 16 {
			fmt.Fprintf(&b, "\tx%d := %d\n", j, j)
		}
		fmt.Fprintf(&b, "\t// START inner%d OMIT\n", i)
		for j := range 16 {
			fmt.Fprintf(&b, "\t\tlog.Println(x%d) // OMIT\n\t\ty%d := x%d\n", j, j, j)
		}
		fmt.Fprintf(&b, "\t// END inner%d OMIT\n\t// END outer%d OMIT\n}\n\n", i, i)
	}
	return []byte(b.String())
}

func BenchmarkExtract(b *testing.B) {
	src := bigFile()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, _, err := Extract("code/big.go", src, "inner25"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOutput(b *testing.B) {
	src := []byte(exampleFile)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Output("code/x_test.go", src, "ExampleWorkers"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseInfo(b *testing.B) {
	for b.Loop() {
		if _, err := ParseInfo(`go file=code/ch2/asynctask/main.go lines=10-24 caption hl_lines="2 4-5" linenos`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAudit checks a site of 40 sample files included by 200 fences,
// about the size of a long report.
func BenchmarkAudit(b *testing.B) {
	fsys := fstest.MapFS{}
	src := bigFile()
	var uses []Use
	for i := range 40 {
		name := fmt.Sprintf("code/ch%d/s%d/main.go", i%5+1, i)
		fsys[name] = &fstest.MapFile{Data: src}
		for j := range 5 {
			uses = append(uses, Use{Source: "zh/01.md", Line: i*10 + j, Info: fmt.Sprintf("go file=%s region=inner%d", name, j)})
		}
	}
	for b.Loop() {
		if got := Audit(fsys, uses); len(got) == 0 {
			b.Fatal("want unused-region problems")
		}
	}
}
