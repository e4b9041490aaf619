package site

import (
	"context"
	"html"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"folio/internal/asset"
	"folio/internal/content"
	"folio/internal/layout"
	"folio/internal/markdown"
	"folio/internal/output"
)

func TestPrintEdition(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{BaseURL: "https://example.github.io/report/"})
	for _, tc := range []struct {
		file     string
		chapters []string // chapter anchors in order
		want     []string
	}{
		{"print/index.html", []string{"chapter-intro", "chapter-more", "chapter-only"}, []string{
			`<title>打印版 · 测试报告</title>`,
			`<p>这是封面的<strong>摘要</strong>。</p>`, // the cover's text opens the book
			`<a href="#chapter-intro">`,        // table of contents
			`<a href="#details">下一章</a>`,       // a link to another chapter stays in the book
			`<span class="num">第 3 章</span>`,
		}},
		{"en/print/index.html", []string{"chapter-intro", "chapter-more"}, []string{
			`<html lang="en">`,
			`<a href="#details">the next chapter</a>`,
			`<a href="#background">Background</a>`,
			`<a href="https://example.github.io/report/en/">https://example.github.io/report/en/</a>`, // the web edition, for paper
		}},
	} {
		page := string(res.Files[tc.file])
		if page == "" {
			t.Fatalf("no %s", tc.file)
		}
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", tc.file, w)
			}
		}
		var got []string
		for _, m := range regexp.MustCompile(`<article class="book-chapter" id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, " ") != strings.Join(tc.chapters, " ") {
			t.Errorf("%s chapters = %v; want %v", tc.file, got, tc.chapters)
		}
		seen := map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(page, -1) {
			if seen[m[1]] {
				t.Errorf("%s: id %q appears twice", tc.file, m[1])
			}
			seen[m[1]] = true
		}
		for _, m := range regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(page, -1) {
			if id := html.UnescapeString(m[1]); !seen[id] && !seen[pathUnescape(id)] {
				t.Errorf("%s: link to #%s, which is not on the page", tc.file, id)
			}
		}
	}
}

// pathUnescape decodes a fragment the way a browser does before it looks for the id.
func pathUnescape(s string) string {
	if out, err := url.PathUnescape(s); err == nil {
		return out
	}
	return s
}

// TestBookRenamesRepeatedIDs joins pages whose ids collide (footnotes number from 1 on every
// page): later ones are renamed with the chapter's slug, and links on that page follow.
func TestBookRenamesRepeatedIDs(t *testing.T) {
	page := func(file, slug, url, body string) *Page {
		return &Page{Page: &content.Page{File: file, Slug: slug, Cover: slug == ""}, URL: url, Doc: &markdown.Result{HTML: []byte(body)}}
	}
	cover := page("en/_index.md", "", "/en/", `<p>cover</p>`)
	one := page("en/01-a.md", "a", "/en/a/", `<h2 id="s">S</h2><p><a href="#fn:1" id="fnref:1">1</a> <a href="/en/b/#s">b's s</a></p><li id="fn:1">note</li>`)
	two := page("en/02-b.md", "b", "/en/b/", `<h2 id="s">S</h2><p><a href="#fn:1" id="fnref:1">1</a> <a href="../a/">a</a></p><li id="fn:1">note</li><svg><marker id="m"/><path marker-end="url(#m)"/></svg>`)
	byFile := map[string]*Page{cover.File: cover, one.File: one, two.File: two}
	bk := newBook(cover.Page, []*content.Page{one.Page, two.Page}, byFile)
	got := string(bk.chapters[1].Content)
	for _, w := range []string{`id="b-s"`, `href="#b-fn:1"`, `id="b-fnref:1"`, `id="b-fn:1"`, `href="#chapter-a"`, `id="m"`, `url(#m)`} {
		if !strings.Contains(got, w) {
			t.Errorf("second chapter lacks %s:\n%s", w, got)
		}
	}
	if first := string(bk.chapters[0].Content); !strings.Contains(first, `href="#b-s"`) || !strings.Contains(first, `id="s"`) {
		t.Errorf("first chapter should keep its ids and link to the renamed #b-s:\n%s", first)
	}
}

// FuzzBookLink: a link is either left alone or becomes a link within the book.
func FuzzBookLink(f *testing.F) {
	for _, s := range []string{"#x", "/en/a/", "/en/a/#s", "../a/", "https://go.dev/", "mailto:a@b", "", "//host/p", "a.csv", "/en/a/#"} {
		f.Add(s)
	}
	a := &section{page: &Page{Page: &content.Page{Slug: "a"}, URL: "/en/a/"}, id: "chapter-a", rename: map[string]string{"s": "a-s"}}
	byURL := map[string]*section{"/en/a/": a}
	f.Fuzz(func(t *testing.T, href string) {
		got := a.link(href, byURL)
		if got != href && !strings.HasPrefix(got, "#") {
			t.Errorf("link(%q) = %q; want it unchanged or a #fragment", href, got)
		}
	})
}

// An edition too big to print as one page gets no print edition, and its pages no link to one.
func TestPrintURLsSkipHugeEditions(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{})
	pages := res.Pages
	if got := printURLs(res.Site, pages); got["zh"] != "/print/" || got["en"] != "/en/print/" {
		t.Fatalf("printURLs = %v; want both editions", got)
	}
	for _, p := range pages {
		if p.Lang == "en" && !p.Cover {
			doc := *p.Doc
			doc.HTML = make([]byte, maxPrintBytes)
			p.Doc = &doc
			break
		}
	}
	if got := printURLs(res.Site, pages); got["zh"] != "/print/" || got["en"] != "" {
		t.Errorf("printURLs with %d MB of English chapters = %v; want no en print edition", maxPrintBytes>>20, got)
	}
}

// BenchmarkPrintEditions measures laying out and minifying both print editions of the report.
func BenchmarkPrintEditions(b *testing.B) {
	p := fixture("../../content")
	if _, err := os.Stat("../../content/site.yaml"); err != nil {
		b.Skip("no content")
	}
	res := build(b, p, Options{BaseURL: "https://example.github.io/report/"})
	tmpl, ds := layout.Load(p.Layouts, res.Site.Config.Languages)
	if ds.Err() != nil {
		b.Fatal(ds)
	}
	bundle, err := asset.Build(p.Assets, "")
	if err != nil {
		b.Fatal(err)
	}
	bl := New(p, Options{})
	b.ReportAllocs()
	for b.Loop() {
		files := output.Files{}
		if ds := bl.printEditions(context.Background(), res.Site, res.Pages, tmpl, bundle, files); ds.Err() != nil {
			b.Fatal(ds)
		}
	}
}

// FuzzEachAttr: the scanner never panics and reports only whole, quoted values of the
// attributes it looks for.
func FuzzEachAttr(f *testing.F) {
	for _, s := range []string{`<a href="#x" id="y">`, `<svg><path marker-end="url(#m)" for="a"/>`, `x="`, `="`, ` id=""`, `<p title="a id=&quot;b&quot;">`, " \nid=\"q\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		eachAttr(s, func(name string, start, end int) {
			if !refAttrs[name] || start < 2 || s[start-2:start] != `="` || end >= len(s) || s[end] != '"' || strings.Contains(s[start:end], `"`) {
				t.Errorf("eachAttr(%q) reported %s=[%d:%d]", s, name, start, end)
			}
		})
	})
}
