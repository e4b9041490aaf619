package site

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"folio/internal/output"
)

// TestBasePath builds the fixture site and the bundled report at the root of a host and under
// a sub-path, the way GitHub Pages serves a project site, and resolves every URL the site
// names — href, src, srcset, meta content, data-index, CSS url(), search index parts and the
// pages they point to, sitemap and robots.txt, llms.txt — against the built files. A link
// that would work only at one base path fails here.
func TestBasePath(t *testing.T) {
	for _, tc := range []struct{ dir, base string }{
		{"testdata/site", "/"},
		{"testdata/site", "https://example.github.io/report/"},
		{"testdata/site", "/deep/sub/path/"},
		{"../../content", "/"},
		{"../../content", "https://example.github.io/report/"},
	} {
		t.Run(filepath.Base(tc.dir)+" at "+tc.base, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(tc.dir, "site.yaml")); err != nil {
				t.Skip("no content at", tc.dir)
			}
			res := build(t, fixture(tc.dir), Options{BaseURL: tc.base})
			cfg := res.Site.Config
			s := &siteLinks{files: res.Files, origin: cfg.Origin(), base: cfg.BasePath()}
			refs := s.collect(t)
			t.Logf("%d URLs in %d files resolved", refs, len(res.Files))
			if refs < len(res.Pages)*10 {
				t.Errorf("found only %d URLs in %d pages: is the scanner still matching the pages?", refs, len(res.Pages))
			}
			for _, e := range s.errs {
				t.Error(e)
			}
		})
	}
}

// siteLinks resolves URLs found in built files as a static file server under base would.
type siteLinks struct {
	files        output.Files
	origin, base string
	ids          map[string]map[string]bool
	errs         []string
}

var (
	urlAttr = regexp.MustCompile(`\s(href|src|srcset|poster|action|content|data-index|xlink:href)="([^"]*)"`)
	cssURL  = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)
	mdLink  = regexp.MustCompile(`\]\((\S+?)\)`)
)

// collect checks every file and returns how many URLs it resolved.
func (s *siteLinks) collect(t *testing.T) int {
	n := 0
	check := func(file, ref string) {
		n++
		// GitHub Pages serves 404.html for a missing page at any depth: a relative URL in it
		// would resolve against the missing page's address.
		if file == "404.html" && ref != "" && !strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "#") && !strings.Contains(ref, ":") {
			s.errs = append(s.errs, fmt.Sprintf("%s: %q: relative URL in the page served for every missing path", file, ref))
		}
		if msg := s.resolve(file, ref); msg != "" {
			s.errs = append(s.errs, fmt.Sprintf("%s: %q: %s", file, ref, msg))
		}
	}
	for _, name := range s.files.Paths() {
		data := string(s.files[name])
		switch {
		case strings.HasSuffix(name, ".html"):
			for _, m := range urlAttr.FindAllStringSubmatch(data, -1) {
				val := html.UnescapeString(m[2])
				switch m[1] {
				case "srcset":
					for _, c := range strings.Split(val, ",") {
						if f := strings.Fields(c); len(f) > 0 {
							check(name, f[0])
						}
					}
				case "content":
					if strings.HasPrefix(val, "http") || strings.HasPrefix(val, "/") {
						check(name, val) // og:url, og:image, twitter:image
					}
				case "data-index":
					check(name, val+"index.json")
					n += s.searchIndex(t, name, val)
				default:
					check(name, val)
				}
			}
		case strings.HasSuffix(name, ".css"):
			for _, m := range cssURL.FindAllStringSubmatch(data, -1) {
				if !strings.HasPrefix(m[1], "data:") && !strings.HasPrefix(m[1], "#") {
					check(name, m[1])
				}
			}
		case name == sitemapFile:
			var set struct {
				URLs []struct {
					Loc   string `xml:"loc"`
					Links []struct {
						Href string `xml:"href,attr"`
					} `xml:"link"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal(s.files[name], &set); err != nil {
				t.Fatalf("sitemap.xml: %v", err)
			}
			for _, u := range set.URLs {
				check(name, u.Loc)
				for _, l := range u.Links {
					check(name, l.Href)
				}
			}
		case name == robotsFile:
			for _, line := range strings.Split(data, "\n") {
				if v, ok := strings.CutPrefix(line, "Sitemap: "); ok {
					check(name, v)
				}
			}
		case name == llmsFile || strings.HasSuffix(name, ".md"):
			for _, m := range mdLink.FindAllStringSubmatch(data, -1) {
				if strings.HasPrefix(m[1], s.origin+s.base) {
					check(name, m[1])
				}
			}
		}
	}
	return n
}

// searchIndex resolves the parts a search manifest names and the page URLs and sections in
// its document parts.
func (s *siteLinks) searchIndex(t *testing.T, page, dir string) int {
	file, ok := s.file(page, dir+"index.json")
	if !ok {
		return 0 // reported by the caller
	}
	var manifest struct {
		Terms [][]any `json:"terms"`
		Docs  [][]any `json:"docs"`
	}
	if err := json.Unmarshal(s.files[file], &manifest); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	n := 0
	for _, parts := range [][][]any{manifest.Terms, manifest.Docs} {
		for _, p := range parts {
			name, _ := p[len(p)-1].(string)
			n++
			part, ok := s.file(page, dir+name)
			if !ok {
				s.errs = append(s.errs, fmt.Sprintf("%s: search part %q: no such file", file, name))
				continue
			}
			var docs struct {
				Pages [][]string `json:"pages"`
				Docs  [][]any    `json:"docs"`
			}
			if json.Unmarshal(s.files[part], &docs) != nil || docs.Pages == nil {
				continue // a term part
			}
			for _, d := range docs.Docs {
				i, _ := d[0].(float64)
				id, _ := d[1].(string)
				u := docs.Pages[int(i)][1]
				if id != "" {
					u += "#" + id
				}
				n++
				if msg := s.resolve(page, u); msg != "" {
					s.errs = append(s.errs, fmt.Sprintf("%s: result %q: %s", part, u, msg))
				}
			}
		}
	}
	return n
}

// resolve returns why ref, found in file, does not lead to a built file (or section), or "".
func (s *siteLinks) resolve(file, ref string) string {
	u, err := url.Parse(ref)
	if err != nil {
		return "not a URL"
	}
	switch {
	case u.Scheme == "mailto" || u.Scheme == "data":
		return ""
	case u.Host != "" && (s.origin == "" || u.Scheme+"://"+u.Host != s.origin):
		return "" // external
	case u.Scheme != "" && u.Host == "":
		return "unexpected scheme " + u.Scheme
	}
	target, ok := s.file(file, ref)
	if !ok {
		return "no such file in the site (" + target + ")"
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") && !s.anchors(target)[u.Fragment] {
		return "no id " + u.Fragment + " on " + target
	}
	return ""
}

// file maps a reference on page file to the built file a server under base would send.
func (s *siteLinks) file(from, ref string) (string, bool) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	p := u.Path
	if p == "" {
		return from, true
	}
	if !strings.HasPrefix(p, "/") {
		dir := strings.HasSuffix(p, "/")
		p = path.Join(s.base, path.Dir(from), p)
		if dir {
			p += "/"
		}
	}
	rel, ok := strings.CutPrefix(p, s.base)
	if !ok {
		return p + " is outside the base path " + s.base, false
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if s.files[rel] != nil {
		return rel, true
	}
	return rel, false
}

// idAttr finds ids independently of the scanner the build uses, so this test checks it.
var idAttr = regexp.MustCompile(`\sid="([^"]+)"`)

func (s *siteLinks) anchors(file string) map[string]bool {
	if s.ids == nil {
		s.ids = map[string]map[string]bool{}
	}
	if m, ok := s.ids[file]; ok {
		return m
	}
	m := map[string]bool{}
	for _, sm := range idAttr.FindAllStringSubmatch(string(s.files[file]), -1) {
		m[html.UnescapeString(sm[1])] = true
	}
	s.ids[file] = m
	return m
}

// TestBasePathCatchesRootLinks makes sure the checker above fails a link that ignores the base
// path, so that TestBasePath passing means something.
func TestBasePathCatchesRootLinks(t *testing.T) {
	files := output.Files{
		"index.html":     []byte(`<a href="/report/en/">ok</a> <a href="/en/">root</a> <img src="pic.png"> <a href="#nowhere">x</a>`),
		"en/index.html":  []byte(`<h2 id="s">S</h2>`),
		"css/site.css":   []byte(`a{background:url(/report/img/a.png)}`),
		"img/a.png":      []byte("png"),
		"other.html":     []byte(`<a href="https://elsewhere.example/x">ext</a> <a href="https://example.github.io/report/en/#s">own</a>`),
		"ext/index.html": []byte(`<a href="https://example.github.io/en/">own host, outside base</a>`),
		"404.html":       []byte(`<a href="en/">relative</a>`),
	}
	s := &siteLinks{files: files, origin: "https://example.github.io", base: "/report/"}
	s.collect(t)
	sort.Strings(s.errs)
	want := []string{
		`404.html: "en/": relative URL in the page served for every missing path`,
		`ext/index.html: "https://example.github.io/en/": no such file in the site (/en/ is outside the base path /report/)`,
		`index.html: "#nowhere": no id nowhere on index.html`,
		`index.html: "/en/": no such file in the site (/en/ is outside the base path /report/)`,
		`index.html: "pic.png": no such file in the site (pic.png)`,
	}
	if strings.Join(s.errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(s.errs, "\n"), strings.Join(want, "\n"))
	}
}
