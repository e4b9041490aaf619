package extension

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	upstream "github.com/yuin/goldmark/extension"
)

// converters returns a goldmark with every extension of this package and one with goldmark's,
// in the same order, each with the same options.
func converters(linkify ...LinkifyOption) (ours, theirs goldmark.Markdown) {
	var up []upstream.LinkifyOption
	for _, o := range linkify {
		if w, ok := o.(*withLinkifyURLRegexp); ok {
			up = append(up, upstream.WithLinkifyURLRegexp(w.value))
		}
	}
	ours = goldmark.New(goldmark.WithExtensions(NewLinkify(linkify...), Table, Strikethrough, TaskList, Footnote, DefinitionList, Typographer, CJK))
	theirs = goldmark.New(goldmark.WithExtensions(upstream.NewLinkify(up...), upstream.Table, upstream.Strikethrough, upstream.TaskList, upstream.Footnote, upstream.DefinitionList, upstream.Typographer, upstream.CJK))
	return ours, theirs
}

// same reports whether both converters make the same HTML of src, or fail the same way.
func same(t *testing.T, ours, theirs goldmark.Markdown, src []byte) {
	t.Helper()
	a, errA := convert(ours, src)
	b, errB := convert(theirs, src)
	if fmt.Sprint(errA) != fmt.Sprint(errB) || a != b {
		t.Errorf("%q:\nours:   %q (%v)\ntheirs: %q (%v)", src, a, errA, b, errB)
	}
}

// convert is md's HTML of src, or its error; a panic is an error. goldmark has inputs it panics
// on (CJK's line breaks, testdata/fuzz): the copy must panic on them too.
func convert(md goldmark.Markdown, src []byte) (html string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	var b bytes.Buffer
	err = md.Convert(src, &b)
	return b.String(), err
}

// TestSameAsGoldmark: on the examples of goldmark's own tests of these extensions, the copy
// makes the HTML goldmark's package makes, with Linkify's expressions its own or an option's.
func TestSameAsGoldmark(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldmarkDir(t), "extension", "_test", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var inputs [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// An example: its number, a separator, the input, a separator, the HTML.
		parts := strings.Split(string(b), "//- - - - - - - - -//\n")
		for i := 1; i < len(parts); i += 2 {
			inputs = append(inputs, []byte(parts[i]))
		}
	}
	if len(inputs) < 50 {
		t.Fatalf("%d examples read, want more: has the format of goldmark's tests changed?", len(inputs))
	}
	for _, opts := range [][]LinkifyOption{nil, {WithLinkifyURLRegexp(regexp.MustCompile(`^https://[a-z.]+`))}} {
		ours, theirs := converters(opts...)
		for _, in := range inputs {
			same(t, ours, theirs, in)
		}
	}
}

// FuzzSameAsGoldmark: on any input, the copy makes the HTML goldmark's package makes.
func FuzzSameAsGoldmark(f *testing.F) {
	for _, s := range []string{
		"Visit www.commonmark.org/help or https://example.com/a?b=(c), mail a@b.org.",
		"| a | b |\n| :- | -: |\n| ~~x~~ | [^1] |\n\n[^1]: note\n\n- [x] done\n",
		"Term\n:   definition -- with \"quotes\"...\n",
	} {
		f.Add([]byte(s))
	}
	ours, theirs := converters()
	f.Fuzz(func(t *testing.T, src []byte) {
		same(t, ours, theirs, src)
	})
}
