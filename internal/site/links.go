package site

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"strings"

	"folio/internal/content"
	"folio/internal/diag"
	"folio/internal/markdown"
	"folio/internal/output"
)

// checkLinks resolves every internal link and #anchor of every page against the built files.
// A broken one is an error at the Markdown line that wrote it. A rebuild checks again only the
// pages whose links or whose targets' ids changed (links_memo.go).
func (b *Builder) checkLinks(ctx context.Context, site *content.Site, pages []*Page, files output.Files) diag.List {
	if b.links == nil {
		b.links = newLinkMemo()
		if b.inc.disk != nil {
			b.links.idsFrom, b.links.idsTo = b.inc.storedIDs, b.inc.keepIDs
		}
	}
	m := b.links
	base := site.Config.BasePath()
	m.begin(base, pages, files)
	for name, s := range b.sunk.pages { // their ids were found as they were laid out
		m.now[name] = &idEntry{ids: &idSet{s.ids}}
	}
	m.prefetch(ctx, files)
	has := func(file string) bool { return files[file] != nil || b.sunk.pages[file] != nil }
	// A section missing from a page but present in its translation is usually a heading that
	// lost its {#id} in one language: say where the id is.
	versions := map[string][]*Page{} // output file → the page in every language
	byName := map[string][]*Page{}
	for _, p := range pages {
		key := p.Name
		if p.Cover {
			key = ""
		}
		byName[key] = append(byName[key], p)
	}
	for _, ps := range byName {
		for _, p := range ps {
			versions[p.Out] = ps
		}
	}
	// Pages are checked on all cores; the memo is read during the checks and written after.
	type check struct {
		key    [32]byte
		reused bool
		looked map[string]*idSet // the id sets the check looked into
		ds     diag.List
	}
	checks := make([]check, len(pages))
	parallel(ctx, len(pages), func(i int) {
		p := pages[i]
		c := &checks[i]
		c.key = m.linkKey(p)
		if last, ok := m.checked(p, c.key, files); ok {
			c.ds, c.reused = last, true
			return
		}
		c.looked = map[string]*idSet{}
		anchors := func(file string) map[string]bool {
			s := m.ids(file, files[file])
			c.looked[file] = s
			return s.ids
		}
		for _, l := range p.Doc.Links {
			if msg := checkLink(base, p, l.URL, has, anchors); msg != "" {
				if file, frag, ok := missingAnchor(base, p, l.URL, has); ok {
					for _, v := range versions[file] {
						if v.Out != file && anchors(v.Out)[frag] {
							msg += fmt.Sprintf(" (the %s edition has it, in %s: give the heading {#%s} in both)", v.Lang, v.Path(), frag)
						}
					}
				}
				c.ds.Add(diag.Errorf(p.Path(), l.Line, "broken link %q: %s", l.Dest, msg))
			}
		}
	})
	keys := make(map[*markdown.Result]keyEntry, len(pages))
	for i, p := range pages {
		keys[p.Doc] = keyEntry{p.Out, p.URL, p.Path(), checks[i].key}
	}
	m.keys = keys
	var ds diag.List
	for i, p := range pages {
		if !checks[i].reused {
			m.keep(p, checks[i].key, checks[i].looked, checks[i].ds)
		}
		ds.Add(checks[i].ds...)
	}
	m.end(pages)
	ds.Sort()
	return ds
}

// checkLink returns why a link is broken, or "".
// has says whether the site has a file.
func checkLink(base string, p *Page, dest string, has func(string) bool, anchors func(string) map[string]bool) string {
	u, err := url.Parse(dest)
	if err != nil {
		return "not a valid URL"
	}
	switch strings.ToLower(u.Scheme) {
	case "javascript", "vbscript":
		// goldmark renders Markdown links as written (raw HTML is on), so stop it here.
		return "a " + strings.ToLower(u.Scheme) + ": link runs code when clicked; link to a page or a web address"
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // external: listed by check, never fetched by default
	}
	if u.Path == "" {
		if u.Fragment != "" && !anchors(p.Out)[u.Fragment] {
			return "no section with id " + u.Fragment + " on this page"
		}
		return ""
	}
	if strings.HasSuffix(u.Path, ".md") {
		return "no such page in content/; link to chapters by file name, like 02-drivers.md#section-id"
	}
	target := u.Path
	if !strings.HasPrefix(target, "/") {
		target = path.Join(p.URL, target)
		if strings.HasSuffix(u.Path, "/") {
			target += "/"
		}
	}
	if !strings.HasPrefix(target, base) {
		return "outside the site (base path " + base + ")"
	}
	file := strings.TrimPrefix(target, base)
	switch {
	case file == "" || strings.HasSuffix(file, "/"):
		file += "index.html"
	case !has(file) && has(file+"/index.html"):
		file += "/index.html"
	}
	if !has(file) {
		return "no such file in the site"
	}
	if u.Fragment != "" && strings.HasSuffix(file, ".html") && !anchors(file)[u.Fragment] {
		return "no section with id " + u.Fragment + " on " + target
	}
	return ""
}

// missingAnchor returns the output file and fragment a link with a #fragment points to.
func missingAnchor(base string, p *Page, dest string, has func(string) bool) (string, string, bool) {
	u, err := url.Parse(dest)
	if err != nil || u.Fragment == "" || u.Scheme != "" || u.Host != "" {
		return "", "", false
	}
	if u.Path == "" {
		return p.Out, u.Fragment, true
	}
	target := u.Path
	if !strings.HasPrefix(target, "/") {
		target = path.Join(p.URL, target) + "/"
	}
	file, ok := strings.CutPrefix(target, base)
	if !ok {
		return "", "", false
	}
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	return file, u.Fragment, has(file)
}
