package site

import (
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"folio/internal/sample"
)

var startRegion = regexp.MustCompile(`(?m)^\s*// START (\S+) OMIT$`)

// TestSampleTwinsMatch keeps every English twin of a sample in step with the compiled file.
// The English edition shows regions of x_en.go: the same code as x.go with English comments.
// x_en.go is not compiled (//go:build ignore), so this test holds each region it shares with
// x.go to the same tokens, comments aside.
func TestSampleTwinsMatch(t *testing.T) {
	twins, err := filepath.Glob("../../content/code/*/*/*_en.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(twins) == 0 {
		t.Skip("no English twins under content/code")
	}
	for _, en := range twins {
		zh := strings.TrimSuffix(en, "_en.go") + ".go"
		enSrc, err1 := os.ReadFile(en)
		zhSrc, err2 := os.ReadFile(zh)
		if err1 != nil || err2 != nil {
			t.Errorf("%s: twin of %s: %v %v", en, zh, err1, err2)
			continue
		}
		regions := startRegion.FindAllStringSubmatch(string(enSrc), -1)
		if len(regions) == 0 {
			t.Errorf("%s has no region to compare", en)
		}
		for _, m := range regions {
			a, b := tokens(t, zh, zhSrc, m[1]), tokens(t, en, enSrc, m[1])
			for i := range max(len(a), len(b)) {
				var x, y string
				if i < len(a) {
					x = a[i]
				}
				if i < len(b) {
					y = b[i]
				}
				if x != y {
					t.Errorf("region %q, token %d: %s has %s, %s has %s; want the same code", m[1], i, en, y, zh, x)
					break
				}
			}
		}
	}
}

// tokens returns the tokens of a region, without comments or positions.
func tokens(t *testing.T, name string, src []byte, region string) []string {
	t.Helper()
	code, _, err := sample.Extract(name, src, region)
	if err != nil {
		t.Errorf("%v", err)
		return nil
	}
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile(name, -1, len(code)), []byte(code), func(pos token.Position, msg string) {
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
