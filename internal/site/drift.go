package site

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	"folio/internal/content"
	"folio/internal/diag"
)

// drift reports how translations have drifted from their originals (the pages of the default
// language): their structure (translationDrift) and their age (staleness). A chapter that
// exists in one language only is reported when the site loads.
func drift(site *content.Site, pages []*Page) diag.List {
	ds := translationDrift(site, pages)
	ds.Add(staleness(site)...)
	return ds
}

// blockKinds are the fenced blocks a translation must carry as many of as its original.
var blockKinds = []struct{ kind, name string }{
	{"mermaid", "diagram"},
	{"chart", "chart"},
	{"include", "code sample"},
}

// translationDrift compares every translated page with its original: the same section ids in
// the same order (the language switcher and cross-links rely on them), and as many diagrams,
// charts and code samples.
func translationDrift(site *content.Site, pages []*Page) diag.List {
	def := site.Config.DefaultLang()
	byFile := map[string]*Page{}
	for _, p := range pages {
		byFile[p.File] = p
	}
	var ds diag.List
	for _, p := range pages {
		if p.Lang == def || p.Doc == nil {
			continue
		}
		o := byFile[def+"/"+p.Name]
		if o == nil || o.Doc == nil {
			continue
		}
		ds.Add(compareSections(p, o)...)
		for _, k := range blockKinds {
			if n, m := p.Doc.Blocks[k.kind], o.Doc.Blocks[k.kind]; n != m {
				ds.Add(diag.Warnf(p.Path(), 0, "translation drift: %s, the original %s has %s", count(n, k.name), o.Path(), count(m, k.name)))
			}
		}
	}
	return ds
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// compareSections reports each section id the translation lacks or adds, then, if both hold
// the same ids, the first one out of order.
func compareSections(p, o *Page) diag.List {
	var ds diag.List
	ours, theirs := headingLines(p), headingLines(o)
	for _, h := range o.Doc.Headings {
		if _, ok := ours[h.ID]; !ok && h.ID != "" {
			ds.Add(diag.Warnf(p.Path(), 0, "translation drift: no section #%s, which the original has at %s:%d (give the translated heading {#%s})", h.ID, o.Path(), h.Line, h.ID))
		}
	}
	for _, h := range p.Doc.Headings {
		if _, ok := theirs[h.ID]; !ok && h.ID != "" {
			ds.Add(diag.Warnf(p.Path(), h.Line, "translation drift: section #%s is not in the original %s", h.ID, o.Path()))
		}
	}
	if len(ds) > 0 {
		return ds
	}
	for i, h := range p.Doc.Headings {
		if i < len(o.Doc.Headings) && o.Doc.Headings[i].ID != h.ID {
			want := o.Doc.Headings[i]
			ds.Add(diag.Warnf(p.Path(), h.Line, "translation drift: section #%s comes where the original %s has #%s (line %d): sections are in a different order", h.ID, o.Path(), want.ID, want.Line))
			break
		}
	}
	return ds
}

func headingLines(p *Page) map[string]int {
	m := map[string]int{}
	for _, h := range p.Doc.Headings {
		m[h.ID] = h.Line
	}
	return m
}

// staleness reports each translated chapter whose source_hash is missing or no longer the
// hash of its original, with the command that records the current one.
func staleness(site *content.Site) diag.List {
	def := site.Edition(site.Config.DefaultLang())
	var ds diag.List
	for _, ed := range site.Editions {
		if ed == def {
			continue
		}
		for _, p := range ed.Chapters {
			o := def.Chapter(p.Name)
			if o == nil {
				continue
			}
			stamp := "folio stamp " + p.File
			switch p.SourceHash {
			case "":
				ds.Add(diag.Warnf(p.Path(), 1, "no source_hash: once this translation matches %s, run `%s` to record which version it translates", o.Path(), stamp))
			case o.ShortHash():
			default:
				ds.Add(diag.Warnf(p.Path(), keyLine(site.FS, p.File, "source_hash"), "stale translation: %s changed since it was translated (source_hash %s, now %s); bring the translation up to date, then run `%s`", o.Path(), p.SourceHash, o.ShortHash(), stamp))
			}
		}
	}
	return ds
}

// keyLine is the line of a front matter key in a file, or 1 when it cannot be found.
func keyLine(fsys fs.FS, file, key string) int {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return 1
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), key+":") {
			return n
		}
	}
	return 1
}
