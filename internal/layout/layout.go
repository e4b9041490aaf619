// Package layout renders full HTML pages from the html/template files in layouts/: each page
// kind names its template explicitly (a chapter uses layouts/chapter.html), and the partials in
// layouts/partials/ are shared. UI strings come from layouts/i18n/<lang>.yaml; a template that
// asks for a missing string fails with the key and the file to add it to.
package layout

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"folio/internal/config"
	"folio/internal/diag"
)

// Kinds are the page kinds and the template each one uses.
var Kinds = []string{"cover", "chapter", "404", "print", "search"}

// Templates are the parsed layouts and UI strings.
type Templates struct {
	pages   map[string]*template.Template
	strings UIStrings
}

// UIStrings are the UI strings of each language: lang → key → text.
type UIStrings map[string]map[string]string

// Load parses layouts from fsys (the layouts directory) for the given languages.
func Load(fsys fs.FS, langs []string) (*Templates, diag.List) {
	strs, sds := LoadStrings(fsys, langs)
	t, ds := Parse(fsys, strs)
	if ds = append(ds, sds...); len(ds) > 0 {
		return nil, ds
	}
	return t, nil
}

// LoadStrings reads the UI strings of the given languages from fsys (the layouts directory):
// what converting pages needs of the layouts, so a build parses the templates beside that.
func LoadStrings(fsys fs.FS, langs []string) (UIStrings, diag.List) {
	strs := UIStrings{}
	var ds diag.List
	for _, l := range langs {
		file := "i18n/" + l + ".yaml"
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			ds.Add(diag.Errorf("layouts/"+file, 0, "missing UI strings for language %q: copy layouts/i18n/en.yaml and translate it", l))
			continue
		}
		m := map[string]string{}
		if errs := config.Decode("layouts/"+file, 1, data, &m); len(errs) > 0 {
			ds.Add(errs...)
			continue
		}
		strs[l] = m
	}
	if len(ds) > 0 {
		return nil, ds
	}
	return strs, nil
}

// Parse parses the templates of fsys (the layouts directory), to render pages with strs.
func Parse(fsys fs.FS, strs UIStrings) (*Templates, diag.List) {
	t := &Templates{pages: map[string]*template.Template{}, strings: strs}
	var ds diag.List
	partials, err := fs.Glob(fsys, "partials/*.html")
	if err != nil {
		return nil, diag.List{diag.Errorf("layouts", 0, "%v", err)}
	}
	base := template.New("").Option("missingkey=error").Funcs(template.FuncMap{"render": unbound})
	for _, p := range partials {
		if err := parse(base, fsys, p); err != nil {
			ds.Add(*err)
		}
	}
	for _, kind := range Kinds {
		name := kind + ".html"
		tt, err := base.Clone()
		if err != nil {
			ds.Add(diag.Errorf("layouts/"+name, 0, "%v", err))
			continue
		}
		tt.Funcs(template.FuncMap{"render": renderer(tt)})
		if err := parse(tt, fsys, name); err != nil {
			ds.Add(*err)
			continue
		}
		t.pages[kind] = tt.Lookup(name)
	}
	if len(ds) > 0 {
		return nil, ds
	}
	return t, nil
}

// renderer is the layouts' render function: {{$list := render "chapterlist" .}} runs a
// partial once and gives its HTML, for a page that shows the same part twice (the sidebar
// and the menu list the same chapters; running a template costs a reflective call per value
// escaped).
func renderer(t *template.Template) func(name string, data any) (template.HTML, error) {
	return func(name string, data any) (template.HTML, error) {
		var b strings.Builder
		if err := t.ExecuteTemplate(&b, name, data); err != nil {
			return "", err
		}
		return template.HTML(b.String()), nil
	}
}

// unbound stands for render while the partials are parsed; each page kind's copy of them binds
// its own.
func unbound(string, any) (template.HTML, error) {
	return "", fmt.Errorf("render is bound per page kind")
}

func parse(t *template.Template, fsys fs.FS, name string) *diag.Diagnostic {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		d := diag.Errorf("layouts/"+name, 0, "missing layout: %v", err)
		return &d
	}
	if _, err := t.New(name).Parse(string(data)); err != nil {
		d := templateError(name, err)
		return &d
	}
	return nil
}

var tmplPos = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`template: ([^:]+):(\d+)(?::\d+)?: (?:executing "[^"]*" at <[^>]*>: )?(.*)`)
})

var callPrefix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^error calling \w+: `) })

// templateError turns html/template's message into file:line form.
func templateError(name string, err error) diag.Diagnostic {
	msg := err.Error()
	if m := tmplPos().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		file := m[1]
		if !strings.HasSuffix(file, ".html") {
			file = name
		}
		// A template function's own error needs no "error calling T:" in front of it.
		msg := callPrefix().ReplaceAllString(m[3], "")
		return diag.Errorf("layouts/"+file, line, "%s", msg)
	}
	return diag.Errorf("layouts/"+name, 0, "%s", msg)
}

// UIStrings returns the UI strings of every language.
func (t *Templates) UIStrings() UIStrings { return t.strings }

// Strings returns the UI strings of a language.
func (t *Templates) Strings(lang string) map[string]string { return t.strings[lang] }

// Render executes the template of p.Kind.
func (t *Templates) Render(p *Page) ([]byte, error) {
	tt := t.pages[p.Kind]
	if tt == nil {
		return nil, fmt.Errorf("no layout for page kind %q", p.Kind)
	}
	p.strings = t.strings[p.Lang]
	p.lang = p.Lang
	var b bytes.Buffer
	n := len(p.Content)
	for _, c := range p.Chapters {
		n += len(c.Content)
	}
	b.Grow(n + 16<<10) // the body, and room for the page around it: no regrowing
	if err := tt.Execute(&b, p); err != nil {
		return nil, templateError(path.Base(tt.Name()), err)
	}
	return b.Bytes(), nil
}
