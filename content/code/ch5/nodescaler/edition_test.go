package nodescaler

import (
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"testing"
)

// TestEditionsMatch checks that each Chinese-commented file and its English
// twin hold the same Go code, so testing one tests both.
func TestEditionsMatch(t *testing.T) {
	for zh, en := range map[string]string{"reconcile.go": "reconcile_en.go"} {
		got, want := codeTokens(t, en), codeTokens(t, zh)
		if len(got) != len(want) {
			t.Fatalf("%s has %d tokens, %s has %d; want the same code", en, len(got), zh, len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s token %d = %s; %s has %s", en, i, got[i], zh, want[i])
			}
		}
	}
}

// codeTokens returns the tokens of a Go file without comments or positions.
func codeTokens(t *testing.T, name string) []string {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile(name, -1, len(src)), src, func(pos token.Position, msg string) {
		t.Errorf("%s: %s", pos, msg)
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
