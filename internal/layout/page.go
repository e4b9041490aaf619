package layout

import (
	"fmt"
	"html/template"
)

// Page is what a template sees.
type Page struct {
	Kind        string // "cover", "chapter", "404"
	Lang        string
	Title       string
	Description string
	SiteTitle   string
	Num         int
	Content     template.HTML
	TOC         []TOCItem
	Nav         []NavItem // the edition's chapters, in order
	Prev, Next  *NavItem
	Home        string // the edition's cover
	URL         string // this page, base path included
	Canonical   string // absolute URL when the site has an origin
	// Translations lists this page in every language (the current one included); Switch lists
	// the others, for the language switcher.
	Translations []Alt
	Switch       []Alt
	XDefault     string
	CSS          string   // stylesheet URL
	Scripts      []string // deferred script URLs

	Base     string         // the site's base path, for site-wide files: "/report/"
	Print    string         // the print edition of this page's language
	Image    string         // absolute URL of the social card, when the site has an origin
	Chapters []PrintChapter // the print edition: every chapter, in order
	Online   string         // the print edition's web edition (the cover), absolute when possible
	NoIndex  bool           // ask search engines not to index (the print edition repeats the chapters)

	Search     string          // directory of this language's search index: "/search/en/"
	SearchPage string          // the plain search page the search field links to
	Stale      string          // for a translation older than its original: the original's URL
	Contents   []SearchChapter // the search page: every chapter with its sections
	More       int             // the search page: chapters of a long edition left out of Contents

	strings map[string]string
	lang    string
}

// TOCItem is an h2 with its h3s.
type TOCItem struct {
	ID, Text string
	Children []TOCItem
}

// NavItem is a chapter in the sidebar or pager.
type NavItem struct {
	Num         int
	Title       string
	Description string
	URL         string
	Current     bool
}

// SearchChapter is a chapter as the plain search page lists it.
type SearchChapter struct {
	Num      int
	Title    string
	URL      string
	Sections []TOCItem // empty for a long edition, to keep the page light
}

// PrintChapter is one chapter of the print edition.
type PrintChapter struct {
	ID          string // anchor of the chapter on the print page
	Num         int
	Title       string
	Description string
	URL         string // the chapter's web page
	TOC         []TOCItem
	Content     template.HTML
}

// Alt is the same page in another language.
type Alt struct {
	Lang      string
	Name      string // the language's name in itself: "English", "中文"
	URL       string
	AbsURL    string
	Home      string
	SiteTitle string
}

// T returns the UI string for key in the page language; a missing key is an error that names
// the file to add it to.
func (p *Page) T(key string) (string, error) {
	s, ok := p.strings[key]
	if !ok {
		return "", fmt.Errorf("missing UI string %q: add it to layouts/i18n/%s.yaml", key, p.lang)
	}
	return s, nil
}
