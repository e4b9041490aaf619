package lexers

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"
	upstream "github.com/alecthomas/chroma/v2/lexers"
)

// TestLazyStart: starting the program registers no lexer (the registry is filled when the
// package is first used) and decodes no XML lexer, not even the three whose analysers chroma's
// init functions set (dns.go, mysql.go, zed.go), and those analysers are in place.
func TestLazyStart(t *testing.T) {
	if n := len(GlobalLexerRegistry.Lexers); n != 0 {
		t.Errorf("%d lexers registered at start, want none until the package is used", n)
	}
	var loaded []string
	for _, l := range registry().Lexers {
		if s, ok := l.(*lazy); ok && s.lexer != nil {
			loaded = append(loaded, s.config.Name)
		}
	}
	if len(loaded) > 0 {
		t.Errorf("decoded at start: %q", loaded)
	}
	for _, name := range []string{"dns", "mysql", "Zed"} {
		if l, ok := registered(name).(*lazy); !ok || l.analyser == nil {
			t.Errorf("%s: the analyser its init function sets is not on its stand-in", name)
		}
	}
	if n := len(GlobalLexerRegistry.Lexers); n != len(upstream.GlobalLexerRegistry.Lexers) {
		t.Errorf("%d lexers registered, chroma has %d", n, len(upstream.GlobalLexerRegistry.Lexers))
	}
}

// TestIndex: each stand-in's configuration is its XML file's, but for the analyser.
func TestIndex(t *testing.T) {
	for i := range index {
		c := *chroma.MustNewXMLLexer(embedded, index[i].path).Config()
		c.Analyse = nil
		if !reflect.DeepEqual(c, index[i].config) {
			t.Errorf("%s: index has %+v, the lexer %+v", index[i].path, index[i].config, c)
		}
	}
}

// TestSameLookups: names, aliases, file names and MIME types find the lexer chroma's own
// registry finds, and it is the lexer itself, not its stand-in.
func TestSameLookups(t *testing.T) {
	var names, files, mimes []string
	globs := 0
	for _, l := range upstream.GlobalLexerRegistry.Lexers {
		c := l.Config()
		names = append(names, c.Name, strings.ToUpper(c.Name), strings.ToLower(c.Name))
		for _, a := range c.Aliases {
			names = append(names, a, strings.ToUpper(a))
		}
		mimes = append(mimes, c.MimeTypes...)
		for _, g := range append(c.Filenames, c.AliasFilenames...) {
			// A file name, or a name that is no lexer's, is looked up by walking through every
			// lexer's globs: a sample of them.
			if globs++; globs%6 != 0 {
				continue
			}
			f := strings.NewReplacer("*", "x", "?", "y", "[", "", "]", "").Replace(g)
			files = append(files, "dir/"+f)
			if ext := filepath.Ext(f); ext != "" {
				names = append(names, ext[1:])
			}
		}
	}
	names = append(names, "", "no-such-language", "sh", "c", "java", "yaml", "text", "go")
	slices.Sort(names)
	names = slices.Compact(names)
	files = append(files, "x.go.bak", "x.py.orig")
	check := func(kind, q string, got, want chroma.Lexer) {
		t.Helper()
		if _, ok := got.(*lazy); ok {
			t.Errorf("%s(%q) returned a stand-in", kind, q)
		}
		if (got == nil) != (want == nil) || got != nil && got.Config().Name != want.Config().Name {
			t.Errorf("%s(%q) = %v, chroma's = %v", kind, q, name(got), name(want))
		}
	}
	for _, q := range names {
		check("Get", q, Get(q), upstream.Get(q))
	}
	for _, q := range files {
		check("Match", q, Match(q), upstream.Match(q))
	}
	for _, q := range mimes {
		check("MatchMimeType", q, MatchMimeType(q), upstream.MatchMimeType(q))
	}
	if got, want := strings.Join(Names(true), ","), strings.Join(upstream.Names(true), ","); got != want {
		t.Errorf("Names differ:\n%s\nchroma's:\n%s", got, want)
	}
}

// FuzzGetSameAsChroma: any name finds the lexer chroma's registry finds (Get looks names and
// aliases up without filling the registry).
func FuzzGetSameAsChroma(f *testing.F) {
	for _, s := range []string{"go", "Go", "GO", "java", "text", "c", "C++", "yaml", "py", "x.go", "", "no-such"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, want := Get(q), upstream.Get(q)
		if (got == nil) != (want == nil) || got != nil && got.Config().Name != want.Config().Name {
			t.Errorf("Get(%q) = %v, chroma's = %v", q, name(got), name(want))
		}
	})
}

func name(l chroma.Lexer) string {
	if l == nil {
		return "nil"
	}
	return l.Config().Name
}

// TestSameTokens: on chroma's own test inputs, the lexers give the tokens chroma's give, and
// Analyse picks the lexer chroma's picks.
func TestSameTokens(t *testing.T) {
	if testing.Short() {
		t.Skip("tokenises chroma's test inputs twice")
	}
	dir := filepath.Join(chromaDir(t), "lexers", "testdata")
	inputs, err := filepath.Glob(filepath.Join(dir, "*.actual"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in %s: %v", dir, err)
	}
	for i, f := range inputs {
		lang := strings.Split(filepath.Base(f), ".")[0]
		if _, xml := registry().Get(lang).(*lazy); xml && i%4 != 0 || lang == "openedgeabl" {
			// Every lexer written in Go, and a quarter of those in XML, which chroma decodes
			// from the same bytes either way: compiling their rules is most of the test (over
			// a minute under the race detector for all of them; openedgeabl's alone is one).
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, want := tokens(t, Get(lang), string(text)), tokens(t, upstream.Get(lang), string(text))
		if len(got) != len(want) {
			t.Errorf("%s: %d tokens, chroma's lexer gives %d", lang, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: token %d is %v, chroma's is %v", lang, i, got[i], want[i])
				break
			}
		}
	}
	samples, _ := filepath.Glob(filepath.Join(dir, "analysis", "*.actual"))
	for _, f := range samples {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := name(Analyse(string(text))), name(upstream.Analyse(string(text))); got != want {
			t.Errorf("Analyse(%s) = %s, chroma's = %s", filepath.Base(f), got, want)
		}
	}
}

func tokens(t *testing.T, l chroma.Lexer, text string) []chroma.Token {
	t.Helper()
	if l == nil {
		return nil
	}
	it, err := chroma.Coalesce(l).Tokenise(nil, text)
	if err != nil {
		t.Fatalf("%s: %v", l.Config().Name, err)
	}
	return it.Tokens()
}

// TestConcurrentFirstUse: goroutines that use a lexer first at the same moment share one
// decoding (go test -race).
func TestConcurrentFirstUse(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]chroma.Lexer, 8)
	for i := range got {
		wg.Go(func() {
			got[i] = Get("Fortran")
			tokens(t, got[i], "program hello\nend program\n")
		})
	}
	wg.Wait()
	for _, l := range got[1:] {
		if l != got[0] {
			t.Fatal("two goroutines got different lexers for Fortran")
		}
	}
}
