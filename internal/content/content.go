// Package content loads the site model from the content directory: the configuration, and for
// each language an edition made of a cover and numbered chapters, paired across languages by
// file name.
//
// Layout of the content directory:
//
//	site.yaml            the configuration (see package config)
//	<lang>/_index.md     the cover of an edition
//	<lang>/NN-slug.md    a chapter; NN orders the chapters, slug names its URL
//	data/, code/         chart data and Go samples, read by later stages
//	*.md at the top      notes for authors (e.g. GLOSSARY.md), never built
package content

import (
	"cmp"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"folio/internal/config"
	"folio/internal/diag"
)

// Site is everything loaded from content/.
type Site struct {
	Config   *config.Config
	Editions []*Edition // in the order of config languages; the first is the default
	FS       fs.FS      // the content directory, for later stages (data, code), each file read once (readonce.go)
}

// Edition is one language's cover and chapters.
type Edition struct {
	Lang     string
	Cover    *Page
	Chapters []*Page // ordered by number
}

// Options change what Load includes.
type Options struct {
	Drafts bool  // include pages marked draft: true
	Memo   *Memo // parsed pages kept between loads; nil parses every page
}

// isChapterName reports whether name is a chapter file name, ^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$,
// without a regexp: it runs for every file of every load, and a preview of thousands of
// chapters loads on every save.
func isChapterName(name string) bool {
	num, rest, ok := strings.Cut(name, "-")
	slug, md := strings.CutSuffix(rest, ".md")
	if !ok || !md || num == "" || slug == "" {
		return false
	}
	for _, c := range []byte(num) {
		if c < '0' || c > '9' {
			return false
		}
	}
	for i, c := range []byte(slug) {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && i > 0 && i < len(slug)-1 && slug[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

var looksLikeLang = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]+)*$`) })

// reserved top-level folders are read by other stages.
var reserved = map[string]bool{"data": true, "code": true}

// Load reads the whole site. It returns every problem it finds, not only the first: errors and
// warnings (a chapter missing in one language) in one sorted list.
func Load(fsys fs.FS, opts Options) (*Site, diag.List) {
	cfg, errs := config.Load(fsys)
	if len(errs) > 0 {
		return nil, errs
	}
	return LoadWith(fsys, cfg, opts)
}

// LoadWith is Load with an already parsed configuration (the CLI may override the base URL).
func LoadWith(fsys fs.FS, cfg *config.Config, opts Options) (*Site, diag.List) {
	var ds diag.List
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, diag.List{diag.Errorf("content", 0, "cannot read the content directory: %v", err)}
	}
	langs := map[string]bool{}
	for _, l := range cfg.Languages {
		langs[l] = true
	}
	for _, e := range top {
		name := e.Name()
		if !e.IsDir() || reserved[name] || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if !langs[name] {
			if looksLikeLang().MatchString(name) {
				ds.Add(diag.Errorf("content/"+name, 0, "unknown language folder %q: add it to `languages:` in content/site.yaml or rename the folder", name))
			} else {
				ds.Add(diag.Errorf("content/"+name, 0, "unexpected folder %q: content/ holds language folders (%s), data/ and code/", name, strings.Join(cfg.Languages, ", ")))
			}
		}
	}

	opts.Memo.next()
	site := &Site{Config: cfg, FS: newReadOnce(fsys)}
	for _, lang := range cfg.Languages {
		ed, errs := loadEdition(fsys, lang, opts)
		ds.Add(errs...)
		if ed != nil {
			site.Editions = append(site.Editions, ed)
		}
	}
	if len(ds.Errors()) == 0 {
		ds.Add(pairTranslations(site)...)
	}
	ds.Sort()
	if len(ds.Errors()) > 0 {
		return nil, ds
	}
	return site, ds
}

func loadEdition(fsys fs.FS, lang string, opts Options) (*Edition, diag.List) {
	entries, err := fs.ReadDir(fsys, lang)
	if err != nil {
		return nil, diag.List{diag.Errorf("content/"+lang, 0, "missing edition folder for language %q: create content/%s/_index.md", lang, lang)}
	}
	var ds diag.List
	var names []string
	byName := map[string]fs.DirEntry{}
	for _, e := range entries {
		byName[e.Name()] = e
		name := e.Name()
		file := path.Join(lang, name)
		switch {
		case strings.HasPrefix(name, "."):
		case e.IsDir():
			ds.Add(diag.Errorf("content/"+file, 0, "unexpected folder in an edition: chapters are files named NN-slug.md directly in content/%s/", lang))
		case !strings.HasSuffix(name, ".md"):
			ds.Add(diag.Errorf("content/"+file, 0, "unexpected file: an edition holds only _index.md and NN-slug.md chapters (put data in content/data/, code in content/code/)"))
		case name == "_index.md" || isChapterName(name):
			names = append(names, name)
		default:
			ds.Add(diag.Errorf("content/"+file, 0, "chapter file name %q must look like 01-slug.md (number, dash, lowercase words joined by dashes)", name))
		}
	}

	pages := make([]*Page, len(names))
	errs := make([]diag.List, len(names))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	// In runs, one goroutine each: most files of a rebuild are known unchanged in microseconds.
	const run = 64
	for lo := 0; lo < len(names); lo += run {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			for i := lo; i < min(lo+run, len(names)); i++ {
				name := names[i]
				if p, e, ok := opts.Memo.unchanged(path.Join(lang, name), byName[name]); ok {
					pages[i], errs[i] = fill(p, lang, name), e
					continue
				}
				pages[i], errs[i] = readPage(fsys, lang, name, opts.Memo, byName[name])
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		ds.Add(e...)
	}

	ed := &Edition{Lang: lang}
	bySlug := map[string]*Page{}
	byNum := map[int]*Page{}
	for _, p := range pages {
		if p == nil || (p.Draft && !opts.Drafts) {
			continue
		}
		if p.Cover {
			ed.Cover = p
			continue
		}
		if q := bySlug[p.Slug]; q != nil {
			ds.Add(diag.Errorf(p.Path(), 0, "duplicate slug %q: %s has it too; every chapter needs its own slug", p.Slug, q.Path()))
			continue
		}
		if q := byNum[p.Num]; q != nil {
			ds.Add(diag.Errorf(p.Path(), 0, "duplicate chapter number %02d: %s has it too; renumber one of them", p.Num, q.Path()))
			continue
		}
		bySlug[p.Slug], byNum[p.Num] = p, p
		ed.Chapters = append(ed.Chapters, p)
	}
	if ed.Cover == nil && len(ds.Errors()) == 0 {
		ds.Add(diag.Errorf("content/"+lang+"/_index.md", 0, "missing cover of the %q edition: create it with front matter (title, description)", lang))
	}
	slices.SortFunc(ed.Chapters, func(a, b *Page) int { return cmp.Compare(a.Num, b.Num) })
	return ed, ds
}

func readPage(fsys fs.FS, lang, name string, memo *Memo, entry fs.DirEntry) (*Page, diag.List) {
	file := path.Join(lang, name)
	var st fs.FileInfo
	if entry != nil && entry.Type()&fs.ModeSymlink == 0 {
		st, _ = entry.Info() // taken before the read: see Memo
	}
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, diag.List{diag.Errorf("content/"+file, 0, "cannot read: %v (check the file's permissions)", err)}
	}
	p, errs := memo.parse(file, data, st)
	return fill(p, lang, name), errs
}

// fill sets what a page's place says of it: language, name, chapter number and slug.
func fill(p *Page, lang, name string) *Page {
	if p == nil {
		return nil
	}
	p.Lang, p.Name = lang, name
	if name == "_index.md" {
		p.Cover = true
	} else {
		num, rest, _ := strings.Cut(name, "-") // the listing let only chapter names through
		p.Num, _ = strconv.Atoi(num)
		p.Slug = strings.TrimSuffix(rest, ".md")
	}
	return p
}

// pairTranslations warns about chapters that exist in one language only.
func pairTranslations(s *Site) diag.List {
	var ds diag.List
	names := map[*Edition]map[string]bool{} // a set per edition: a scan per chapter is O(N²)
	for _, ed := range s.Editions {
		names[ed] = map[string]bool{}
		for _, p := range ed.Chapters {
			names[ed][p.Name] = true
		}
	}
	for _, ed := range s.Editions {
		for _, p := range ed.Chapters {
			for _, other := range s.Editions {
				if other != ed && !names[other][p.Name] {
					ds.Add(diag.Warnf(p.Path(), 0, "no %s translation: add content/%s/%s (until then the language switcher links to the %s cover)", other.Lang, other.Lang, p.Name, other.Lang))
				}
			}
		}
	}
	return ds
}

// Edition returns the edition of a language, or nil.
func (s *Site) Edition(lang string) *Edition {
	for _, e := range s.Editions {
		if e.Lang == lang {
			return e
		}
	}
	return nil
}

// Chapter returns the chapter with the given file name, or nil.
func (e *Edition) Chapter(name string) *Page {
	for _, p := range e.Chapters {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Pages returns the cover followed by the chapters.
func (e *Edition) Pages() []*Page {
	return append([]*Page{e.Cover}, e.Chapters...)
}
