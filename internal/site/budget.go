package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"folio/internal/config"
	"folio/internal/diag"
	"folio/internal/output"
	"folio/internal/weight"
)

// Weight is what one page costs a reader on first visit: the gzipped bytes of its HTML and of
// the stylesheets and scripts it loads.
type Weight struct {
	Page          string // site path: "en/landscape/index.html"
	Source        string // the Markdown it came from, "" for generated pages (404)
	HTML, CSS, JS int
}

// Total is HTML + CSS + JS, gzipped.
func (w Weight) Total() int { return w.HTML + w.CSS + w.JS }

// String reads "34.2 KB (HTML 28.1 + CSS 5.0 + JS 1.1)".
func (w Weight) String() string {
	return fmt.Sprintf("%s (HTML %s + CSS %s + JS %s)", kb(w.Total())+" KB", kb(w.HTML), kb(w.CSS), kb(w.JS))
}

func kb(n int) string { return fmt.Sprintf("%.1f", float64(n)/1024) }

// attr returns the value of attribute name in one tag, quoted or (as the minifier may leave
// it) not. A scan rather than a regexp: it runs for every tag of every page.
func attr(tag []byte, name string) (string, bool) {
	for rest := tag; ; {
		i := bytes.Index(rest, []byte(name+"="))
		if i < 0 {
			return "", false
		}
		if i == 0 || !isSpace(rest[i-1]) {
			rest = rest[i+len(name)+1:]
			continue
		}
		v := rest[i+len(name)+1:]
		if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
			end := bytes.IndexByte(v[1:], v[0])
			if end < 0 {
				return "", false
			}
			return string(v[1 : 1+end]), true
		}
		end := bytes.IndexAny(v, " \t\n>")
		if end < 0 {
			end = len(v)
		}
		return string(bytes.TrimSuffix(v[:end], []byte("/"))), true
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// weigh measures every HTML page of the built site, in parallel. Sizes are gzip level 1 first,
// which is fast and never smaller than the default level; a page over its budget is measured
// again at the default level, so only the exact figure can fail a build. Pages handed to the
// sink were measured at level 1 as they were laid out (sunk), and are read back from it for
// their exact figure.
func weigh(ctx context.Context, basePath string, pages []*Page, files output.Files, budget int, gz *gzipSizes, sunk map[string]*sunkPage, sink Sink) ([]Weight, error) {
	source := map[string]string{}
	for _, p := range pages {
		source[p.Out] = p.Path()
	}
	var htmls []string
	for _, name := range files.Paths() {
		if strings.HasSuffix(name, ".html") {
			htmls = append(htmls, name)
		}
	}
	for name := range sunk {
		htmls = append(htmls, name)
	}
	// exact is the default level's figure.
	exact := func(name string) (int, error) {
		s := sunk[name]
		if s == nil {
			return gz.size(files[name], weight.Default), nil
		}
		html, err := sink.Get(name)
		if err != nil {
			return 0, err
		}
		gz.hint(html, s.key)
		return gz.size(html, weight.Default), nil
	}
	assets := &assetSizes{files: files, sizes: map[string]int{}, gz: gz}
	ws := make([]Weight, len(htmls))
	errs := make([]error, len(htmls))
	parallel(ctx, len(htmls), func(i int) {
		name := htmls[i]
		w := Weight{Page: name, Source: source[name]}
		var css, js []string
		if s := sunk[name]; s != nil {
			w.HTML, css, js = s.gz1, s.css, s.js
		} else {
			w.HTML = gz.size(files[name], weight.Fast)
			css, js = gz.refs(files[name])
		}
		for _, href := range css {
			w.CSS += assets.size(sitePath(basePath, name, href))
		}
		for _, src := range js {
			w.JS += assets.size(sitePath(basePath, name, src))
		}
		if w.Total() > budget {
			w.HTML, errs[i] = exact(name)
		}
		ws[i] = w
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	byWeight := func() {
		sort.SliceStable(ws, func(i, j int) bool {
			if ws[i].Total() != ws[j].Total() {
				return ws[i].Total() > ws[j].Total()
			}
			return ws[i].Page < ws[j].Page
		})
	}
	byWeight()
	// The heaviest pages are reported: give them their exact figures too.
	top := min(heaviestShown, len(ws))
	errs = make([]error, top)
	parallel(ctx, top, func(i int) { ws[i].HTML, errs[i] = exact(ws[i].Page) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	byWeight()
	return ws, nil
}

// pageRefs returns the stylesheets (href) and scripts (src) a page loads.
func pageRefs(html []byte) (css, js []string) {
	for _, tag := range tags(html, "<link") {
		if href, ok := attr(tag, "href"); ok {
			if rel, _ := attr(tag, "rel"); rel == "stylesheet" {
				css = append(css, href)
			}
		}
	}
	for _, tag := range tags(html, "<script") {
		if src, ok := attr(tag, "src"); ok {
			js = append(js, src)
		}
	}
	return css, js
}

// heaviestShown is how many pages build lists as the heaviest.
const heaviestShown = 5

// tags returns every tag of html that starts with open ("<link"), up to its ">". Looking for
// the few tags first keeps regular expressions off the bulk of a page.
func tags(html []byte, open string) [][]byte {
	var out [][]byte
	for rest := html; ; {
		i := bytes.Index(rest, []byte(open))
		if i < 0 {
			return out
		}
		rest = rest[i:]
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return out
		}
		if after := rest[len(open)]; after == ' ' || after == '>' || after == '\t' || after == '\n' || after == '/' {
			out = append(out, rest[:end+1])
		}
		rest = rest[end+1:]
	}
}

// checkBudgets turns every page and search index part over its budget into an error.
func checkBudgets(ctx context.Context, b config.Budgets, weights []Weight, files output.Files, gz *gzipSizes) diag.List {
	var ds diag.List
	pageMax := int(b.PageKB * 1024)
	for _, w := range weights {
		if w.Total() <= pageMax {
			continue
		}
		file := w.Source
		if file == "" {
			file = w.Page
		}
		ds.Add(diag.Errorf(file, 0, "page %s weighs %s gzipped, over the budget of %g KB for HTML + CSS + JS (budgets.page_kb in content/site.yaml)", w.Page, w, b.PageKB))
	}
	indexMax := int(b.IndexKB * 1024)
	var parts []string
	for _, name := range files.Paths() {
		if isIndexPart(name) {
			parts = append(parts, name)
		}
	}
	// As for pages: level 1 first, the default level only for a part that level 1 puts over.
	sizes := make([]int, len(parts))
	parallel(ctx, len(parts), func(i int) {
		data := files[parts[i]]
		if sizes[i] = gz.size(data, weight.Fast); sizes[i] > indexMax {
			sizes[i] = gz.size(data, weight.Default)
		}
	})
	for i, name := range parts {
		if n := sizes[i]; n > indexMax {
			ds.Add(diag.Errorf(name, 0, "search index part weighs %s KB gzipped, over the budget of %g KB (budgets.index_kb in content/site.yaml)", kb(n), b.IndexKB))
		}
	}
	ds.Sort()
	return ds
}

// isIndexPart reports whether a site file is a part of the search index: JSON under search/.
func isIndexPart(name string) bool {
	return strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".json")
}

// sitePath resolves a URL found in page (a site path) to a site path, or "" if it is external.
func sitePath(basePath, page, u string) string {
	if strings.Contains(u, "://") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, "data:") {
		return ""
	}
	u, _, _ = strings.Cut(u, "?")
	u, _, _ = strings.Cut(u, "#")
	if strings.HasPrefix(u, "/") {
		return strings.TrimPrefix(u, basePath)
	}
	return path.Join(path.Dir(page), u)
}

// assetSizes gzips each stylesheet and script once, whatever the number of pages loading it.
type assetSizes struct {
	files output.Files
	mu    sync.Mutex
	sizes map[string]int
	gz    *gzipSizes // sizes kept from the last build, or nil
}

func (a *assetSizes) size(name string) int {
	if name == "" {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	n, ok := a.sizes[name]
	if !ok {
		n = a.gz.size(a.files[name], weight.Default)
		a.sizes[name] = n
	}
	return n
}

// Heaviest is a report of the n heaviest pages, one per line.
func (r *Result) Heaviest(n int) string {
	var b strings.Builder
	for i, w := range r.Weights {
		if i == n {
			break
		}
		fmt.Fprintf(&b, "  %-40s %s\n", w.Page, w)
	}
	return b.String()
}
