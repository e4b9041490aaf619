// Package lexers is chroma's lexers package, as the chroma/v2 version in go.mod has it, with
// one change: a lexer defined in XML is decoded when it is first used rather than when the
// program starts (but for the few that chroma's lexers in Go wrap, and the three whose
// analysers its init functions set).
//
// chroma's own package decodes all 279 of its XML lexers in its init, which took 13–19 ms of
// each folio command's start (GODEBUG=inittrace=1), when a build of the report needs five of
// them and a build that finds every block in its cache needs none. Here the registry holds, for
// each of them, a stand-in made from index.go, written from the same files; Get, Match,
// MatchMimeType and Analyse hand out the lexer itself, decoded once.
//
// The other files are chroma's: its lexers in XML and its COPYING as they are, and its lexers in
// Go with their struct literals keyed, for go vet. TestCopiedFromChroma holds them to the
// version in go.mod; after changing that, run go test ./internal/lexers -update.
package lexers

import (
	"embed"
	"sync"

	"github.com/alecthomas/chroma/v2"
)

//go:embed embedded
var embedded embed.FS

// entry is a lexer defined in XML: its file and what the registry needs of its configuration.
type entry struct {
	path   string
	config chroma.Config
}

// GlobalLexerRegistry is the global LexerRegistry of Lexers. The lexers defined in XML are in
// it as stand-ins; the package's functions return the lexers themselves.
var GlobalLexerRegistry = func() *chroma.LexerRegistry {
	reg := chroma.NewLexerRegistry()
	for i := range index {
		reg.Register(&lazy{entry: &index[i]})
	}
	return reg
}()

// lazy stands in the registry for a lexer defined in XML until it is used. Its configuration is
// the index's, which lacks only the analyser's regular expressions.
type lazy struct {
	*entry
	reg   *chroma.LexerRegistry
	once  sync.Once
	lexer *chroma.RegexLexer
}

// load decodes the lexer, once.
func (l *lazy) load() *chroma.RegexLexer {
	l.once.Do(func() {
		l.lexer = chroma.MustNewXMLLexer(embedded, l.path)
		if l.reg != nil {
			l.lexer.SetRegistry(l.reg)
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

func (l *lazy) SetAnalyser(analyser func(text string) float32) chroma.Lexer {
	l.load().SetAnalyser(analyser)
	return l
}

func (l *lazy) AnalyseText(text string) float32 { return l.load().AnalyseText(text) }

// resolve returns the lexer l stands for.
func resolve(l chroma.Lexer) chroma.Lexer {
	if s, ok := l.(*lazy); ok {
		return s.load()
	}
	return l
}

// Names of all lexers, optionally including aliases.
func Names(withAliases bool) []string {
	return GlobalLexerRegistry.Names(withAliases)
}

// Aliases of all the lexers, and skip those lexers who do not have any aliases,
// or show their name instead
func Aliases(skipWithoutAliases bool) []string {
	return GlobalLexerRegistry.Aliases(skipWithoutAliases)
}

// Get a Lexer by name, alias or file extension.
//
// Note that this if there isn't an exact match on name or alias, this will
// call Match(), so it is not efficient.
func Get(name string) chroma.Lexer {
	return resolve(GlobalLexerRegistry.Get(name))
}

// MatchMimeType attempts to find a lexer for the given MIME type.
func MatchMimeType(mimeType string) chroma.Lexer {
	return resolve(GlobalLexerRegistry.MatchMimeType(mimeType))
}

// Match returns the first lexer matching filename.
//
// Note that this iterates over all file patterns in all lexers, so it's not
// particularly efficient.
func Match(filename string) chroma.Lexer {
	return resolve(GlobalLexerRegistry.Match(filename))
}

// Register a Lexer with the global registry.
func Register(lexer chroma.Lexer) chroma.Lexer {
	return GlobalLexerRegistry.Register(lexer)
}

// Analyse text content and return the "best" lexer. It decodes every lexer that has not been.
func Analyse(text string) chroma.Lexer {
	return resolve(GlobalLexerRegistry.Analyse(text))
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
