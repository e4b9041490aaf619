// Package extension is goldmark's extension package, as the goldmark version in go.mod has it,
// with one change: Linkify's two regular expressions are compiled when Linkify first meets a
// line that starts like a URL, rather than when the program starts.
//
// Each has a repetition of up to 256 characters, which Go's regexp expands: compiling them took
// 2 ms of every folio command's start (GODEBUG=inittrace=1), and the recursion grew the main
// goroutine's stack, copying it (runtime.morestack: 7.4 → 4.4 % of folio version's samples in
// perf record, without them). A build of the
// report, whose pages have few bare URLs, compiles them in a conversion worker if at all.
//
// The other files are goldmark's, and linkify.go is goldmark's with the regular expressions made
// by lazyRegexp and read through url and www. TestCopiedFromGoldmark holds them to the version
// in go.mod; after changing that, run go test ./internal/extension -update.
package extension

import (
	"regexp"
	"sync"
)

// lazyRegexp returns a function that compiles expr the first time it is called.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// url is the expression Linkify matches URLs with a protocol by: the one its options set, or
// goldmark's.
func (s *linkifyParser) url() *regexp.Regexp {
	if s.LinkifyConfig.URLRegexp != nil {
		return s.LinkifyConfig.URLRegexp
	}
	return urlRegexp()
}

// www is the expression Linkify matches URLs that start with www. by.
func (s *linkifyParser) www() *regexp.Regexp {
	if s.LinkifyConfig.WWWRegexp != nil {
		return s.LinkifyConfig.WWWRegexp
	}
	return wwwURLRegxp()
}
