// Package lexers is chroma's lexers package, as the chroma/v2 version in go.mod has it, with
// one change: no lexer defined in XML is decoded, and no analyser's regular expressions are
// compiled, until the lexer is used.
//
// chroma's own package decodes all 279 of its XML lexers in its init, which took 13–19 ms of
// each folio command's start (GODEBUG=inittrace=1), when a build of the report needs five of
// them and a build that finds every block in its cache needs none. Here the registry holds, for
// each of them, a stand-in made from index.go, written from the same files; Get, Match,
// MatchMimeType and Analyse hand out the lexer itself, decoded once. chroma's lexers in Go
// build on XML lexers too (HTML, Common Lisp, Emacs Lisp, the Go templates, …): there, the
// copies call lazyXMLLexer and lazyTypeRemappingLexer for chroma's MustNewXMLLexer and
// TypeRemappingLexer, and the three init functions that set an analyser (dns.go, mysql.go,
// zed.go) set it on the stand-in, through registered. Together these were 2 ms of each start.
//
// The other files are chroma's: its lexers in XML and its COPYING as they are, and its lexers in
// Go with their struct literals keyed, for go vet, and those calls renamed. TestCopiedFromChroma
// holds them to the version in go.mod; after changing that, run go test ./internal/lexers
// -update.
package lexers

import (
	"embed"
	"encoding/xml"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alecthomas/chroma/v2"
)

//go:embed embedded
var embedded embed.FS

// entry is a lexer defined in XML: its file and what the registry needs of its configuration.
type entry struct {
	path   string
	config chroma.Config
}

// GlobalLexerRegistry is the global LexerRegistry of Lexers, filled when the package is first
// used (registry): registering chroma's 300 lexers, its maps growing as they went, was a
// millisecond of every folio command's start, and most commands highlight nothing. The lexers
// defined in XML are in it as stand-ins; the package's functions return the lexers themselves.
var GlobalLexerRegistry = chroma.NewLexerRegistry()

var (
	// standIns are the XML lexers' stand-ins, registered first, in the index's order.
	standIns = func() []*lazy {
		s := make([]*lazy, len(index))
		for i := range index {
			s[i] = &lazy{entry: &index[i]}
		}
		return s
	}()
	pending []chroma.Lexer // the lexers chroma's lexers in Go register as the package starts
	filled  sync.Once
)

// registry returns GlobalLexerRegistry, filled: the stand-ins, then the lexers in Go in the
// order they registered, as chroma's own package registers them.
func registry() *chroma.LexerRegistry {
	filled.Do(func() {
		for _, l := range standIns {
			GlobalLexerRegistry.Register(l)
		}
		for _, l := range pending {
			GlobalLexerRegistry.Register(l)
		}
		pending = nil
	})
	return GlobalLexerRegistry
}

// lazy stands in the registry for a lexer defined in XML until it is used. Its configuration is
// the index's, which lacks only the analyser's regular expressions.
type lazy struct {
	*entry
	reg      *chroma.LexerRegistry
	analyser func(text string) float32 // set by an init function of chroma's, in place of the XML's
	once     sync.Once
	lexer    *chroma.RegexLexer
}

// load makes the lexer, once.
func (l *lazy) load() *chroma.RegexLexer {
	l.once.Do(func() {
		l.lexer = xmlLexer(embedded, l.path, l.config)
		if l.reg != nil {
			l.lexer.SetRegistry(l.reg)
		}
		if l.analyser != nil {
			l.lexer.SetAnalyser(l.analyser)
		}
	})
	return l.lexer
}

func (l *lazy) Config() *chroma.Config { return &l.config }

func (l *lazy) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	return l.load().Tokenise(options, text)
}

// SetRegistry is called once, by Register, before the lexer can be loaded.
func (l *lazy) SetRegistry(registry *chroma.LexerRegistry) chroma.Lexer {
	l.reg = registry
	return l
}

// SetAnalyser replaces the XML's analyser, as it does on the lexer itself; it is called by init
// functions only, before the lexer can be loaded.
func (l *lazy) SetAnalyser(analyser func(text string) float32) chroma.Lexer {
	l.analyser = analyser
	return l
}

func (l *lazy) AnalyseText(text string) float32 {
	if l.analyser != nil {
		return l.analyser(text)
	}
	return l.load().AnalyseText(text)
}

// registered is the lexer the registry holds under name, as it is: a stand-in is not decoded.
// The copies of chroma's init functions set analysers on it, as the package starts: a stand-in
// named so is found without filling the registry.
func registered(name string) chroma.Lexer {
	for _, l := range standIns {
		if strings.EqualFold(l.config.Name, name) || slices.ContainsFunc(l.config.Aliases, func(a string) bool { return strings.EqualFold(a, name) }) {
			return l
		}
	}
	return registry().Get(name)
}

// lazyXMLLexer is chroma's MustNewXMLLexer, for the XML lexers chroma's lexers in Go build on:
// the lexer has the index's configuration, and its rules and analyser are decoded from the file
// when it is first used. chroma's decodes the configuration and compiles the analyser's
// regular expressions when the program starts.
func lazyXMLLexer(fsys fs.FS, path string) *chroma.RegexLexer {
	i := slices.IndexFunc(index[:], func(e entry) bool { return e.path == path })
	if i < 0 {
		return chroma.MustNewXMLLexer(fsys, path)
	}
	return xmlLexer(fsys, path, index[i].config)
}

// xmlLexer is the lexer the XML file at path defines, with config, the index's: its rules are
// decoded from the file when it is first used, and its analyser when it is first asked for.
// chroma's MustNewXMLLexer decodes the configuration, and compiles the analyser's regular
// expressions, when the lexer is made, and the whole file again for the rules: the first block
// in Java, C or YAML took half a millisecond more.
func xmlLexer(fsys fs.FS, path string, config chroma.Config) *chroma.RegexLexer {
	full := sync.OnceValue(func() *chroma.RegexLexer { return chroma.MustNewXMLLexer(fsys, path) })
	l := chroma.MustNewLexer(&config, func() chroma.Rules {
		// As chroma's XML lexer decodes its rules.
		var lexer struct {
			chroma.Config
			Rules chroma.Rules `xml:"rules"`
		}
		data, err := fs.ReadFile(fsys, path)
		if err == nil {
			err = xml.Unmarshal(data, &lexer)
		}
		if err != nil {
			panic(fmt.Errorf("%s: %w", path, err)) // as MustRules: the files are embedded
		}
		return lexer.Rules
	})
	l.SetAnalyser(func(text string) float32 { return full().AnalyseText(text) })
	return l
}

// lazyTypeRemappingLexer is chroma's TypeRemappingLexer with its lookup table made when the
// lexer is first used: Emacs Lisp's, of some thousand words, took a millisecond of every start.
func lazyTypeRemappingLexer(lexer chroma.Lexer, mapping chroma.TypeMapping) chroma.Lexer {
	lut := sync.OnceValue(func() map[chroma.TokenType]map[string]chroma.TokenType {
		// chroma's table, made as chroma makes it.
		lut := map[chroma.TokenType]map[string]chroma.TokenType{}
		for _, rt := range mapping {
			km, ok := lut[rt.From]
			if !ok {
				km = map[string]chroma.TokenType{}
				lut[rt.From] = km
			}
			if len(rt.Words) == 0 {
				km[""] = rt.To
			} else {
				for _, k := range rt.Words {
					km[k] = rt.To
				}
			}
		}
		return lut
	})
	return chroma.RemappingLexer(lexer, func(t chroma.Token) []chroma.Token {
		if k, ok := lut()[t.Type]; ok {
			if tt, ok := k[t.Value]; ok {
				t.Type = tt
			} else if tt, ok := k[""]; ok {
				t.Type = tt
			}
		}
		return []chroma.Token{t}
	})
}

// resolve returns the lexer l stands for.
func resolve(l chroma.Lexer) chroma.Lexer {
	if s, ok := l.(*lazy); ok {
		return s.load()
	}
	return l
}

// Names of all lexers, optionally including aliases.
func Names(withAliases bool) []string {
	return registry().Names(withAliases)
}

// Aliases of all the lexers, and skip those lexers who do not have any aliases,
// or show their name instead
func Aliases(skipWithoutAliases bool) []string {
	return registry().Aliases(skipWithoutAliases)
}

// Get a Lexer by name, alias or file extension.
//
// Note that this if there isn't an exact match on name or alias, this will
// call Match(), so it is not efficient.
//
// A name or alias is found without filling the registry (named): filling it was most of the
// first block a build highlighted in a language other than Go.
func Get(name string) chroma.Lexer {
	if !filledLater.Load() {
		if l := named(name); l != nil {
			return resolve(l)
		}
	}
	return resolve(registry().Get(name))
}

// named is what the registry's Get finds by name or alias, its first four lookups: in its maps
// the lexer registered last under a key wins, so the lexers are searched from the last.
func named(name string) chroma.Lexer {
	lower := strings.ToLower(name)
	for _, k := range [...]struct {
		key   string
		alias bool
	}{{name, false}, {name, true}, {lower, false}, {lower, true}} {
		for i := len(order) - 1; i >= 0; i-- {
			c := order[i].Config()
			if !k.alias && filedAs(c.Name, k.key) || k.alias && slices.ContainsFunc(c.Aliases, func(a string) bool { return filedAs(a, k.key) }) {
				return order[i]
			}
		}
	}
	return nil
}

// filedAs reports whether the registry files a name or alias s under key: it files it as it is
// and in lower case.
func filedAs(s, key string) bool { return s == key || strings.ToLower(s) == key }

// MatchMimeType attempts to find a lexer for the given MIME type.
func MatchMimeType(mimeType string) chroma.Lexer {
	return resolve(registry().MatchMimeType(mimeType))
}

// Match returns the first lexer matching filename.
//
// Note that this iterates over all file patterns in all lexers, so it's not
// particularly efficient.
func Match(filename string) chroma.Lexer {
	return resolve(registry().Match(filename))
}

// Register a Lexer with the global registry. As the package starts, the lexer takes the
// registry at once and its place in it when the registry is filled.
func Register(lexer chroma.Lexer) chroma.Lexer {
	if starting {
		lexer.SetRegistry(GlobalLexerRegistry)
		pending = append(pending, lexer)
		return lexer
	}
	filledLater.Store(true)
	return registry().Register(lexer)
}

var (
	// starting is true while the package's variables are initialised, which is when chroma's
	// lexers in Go register.
	starting = true
	// order is every lexer registered as the package started, in the registry's order.
	order []chroma.Lexer
	// filledLater is set when a lexer is registered after the start: Get then asks the
	// registry. (One registered on GlobalLexerRegistry itself, rather than with Register, is
	// not seen by name before the registry is filled.)
	filledLater atomic.Bool
)

func init() {
	starting = false
	order = make([]chroma.Lexer, 0, len(standIns)+len(pending))
	for _, l := range standIns {
		order = append(order, l)
	}
	order = append(order, pending...)
}

// Analyse text content and return the "best" lexer. It decodes every lexer that has not been.
func Analyse(text string) chroma.Lexer {
	return resolve(registry().Analyse(text))
}

// PlaintextRules is used for the fallback lexer as well as the explicit
// plaintext lexer.
func PlaintextRules() chroma.Rules {
	return chroma.Rules{
		"root": []chroma.Rule{
			{Pattern: `.+`, Type: chroma.Text},
			{Pattern: `\n`, Type: chroma.Text},
		},
	}
}

// Fallback lexer if no other is found.
var Fallback chroma.Lexer = chroma.MustNewLexer(&chroma.Config{
	Name:      "fallback",
	Filenames: []string{"*"},
	Priority:  -1,
}, PlaintextRules)
