package enttemplate

import (
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"strings"
	"testing"
)

// The English edition shows region "execute" of template_en.go: the code of the
// same region of template.go with English comments. template_en.go is not compiled, so this
// test keeps the two in step: same tokens, comments aside.
func TestEditionsMatch(t *testing.T) {
	const region = "execute"
	zh, en := regionTokens(t, "template.go", region), regionTokens(t, "template_en.go", region)
	for i := range max(len(zh), len(en)) {
		var z, e string
		if i < len(zh) {
			z = zh[i]
		}
		if i < len(en) {
			e = en[i]
		}
		if z != e {
			t.Fatalf("region %q, token %d: template_en.go has %s, template.go has %s; want the same code", region, i, e, z)
		}
	}
}

// regionTokens returns the tokens of a region of a Go file, without comments
// or positions.
func regionTokens(t *testing.T, name, region string) []string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "// START "+region+" OMIT\n")
	if !ok {
		t.Fatalf("%s: no region %q", name, region)
	}
	src, _, ok := strings.Cut(rest, "// END "+region+" OMIT\n")
	if !ok {
		t.Fatalf("%s: region %q is not closed", name, region)
	}
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile(name, -1, len(src)), []byte(src), func(pos token.Position, msg string) {
		t.Errorf("%s: region %q: %s", name, region, msg)
	}, 0)
	var toks []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return toks
		}
		toks = append(toks, fmt.Sprintf("%s %q", tok, lit))
	}
}
