package site

import (
	"slices"
	"strings"
	"testing"
)

// TestReportEditionsParallel holds the bundled report (content/ at the repository root) to
// its promise that the editions are translations of each other: the same chapter files, the
// same section ids in the same order, as many diagrams, charts and code samples per chapter.
// The language switcher lands on the same section because of it.
func TestReportEditionsParallel(t *testing.T) {
	res := build(t, fixture("../../content"), Options{})
	def := res.Site.Config.DefaultLang()
	names := func(lang string) []string {
		var out []string
		for _, c := range res.Site.Edition(lang).Chapters {
			out = append(out, c.Name)
		}
		return out
	}
	want := names(def)
	if len(want) == 0 {
		t.Fatalf("the %s edition has no chapters", def)
	}
	for _, ed := range res.Site.Editions[1:] {
		if got := names(ed.Lang); !slices.Equal(got, want) {
			t.Errorf("%s chapters = %v; %s has %v", ed.Lang, got, def, want)
		}
	}
	byFile := map[string]*Page{}
	for _, p := range res.Pages {
		byFile[p.File] = p
	}
	for _, p := range res.Pages {
		o := byFile[def+"/"+p.Name]
		if p.Lang == def || o == nil || p.Cover {
			continue
		}
		t.Run(p.File, func(t *testing.T) {
			ids := func(p *Page) []string {
				var out []string
				for _, h := range p.Doc.Headings {
					out = append(out, h.ID)
				}
				return out
			}
			if got, want := ids(p), ids(o); !slices.Equal(got, want) {
				t.Errorf("section ids of %s:\n  %s\nof %s:\n  %s", p.Path(), strings.Join(got, " "), o.Path(), strings.Join(want, " "))
			}
			for _, k := range blockKinds {
				if got, want := p.Doc.Blocks[k.kind], o.Doc.Blocks[k.kind]; got != want {
					t.Errorf("%s has %s; %s has %s", p.Path(), count(got, k.name), o.Path(), count(want, k.name))
				}
			}
		})
	}
	// The check command reports the same findings; a parallel report has none.
	for _, d := range translationDrift(res.Site, res.Pages) {
		t.Errorf("check: %s", d)
	}
}
