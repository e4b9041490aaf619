package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/output"
)

// TestPublishedGolden compares the site-wide files of the fixture site, built for GitHub
// Pages, with testdata/published/. Run with -update after an intended change.
func TestPublishedGolden(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{BaseURL: "https://example.github.io/report/"})
	for _, name := range []string{sitemapFile, robotsFile, llmsFile, "en/intro/index.md", "more/index.md"} {
		got := res.Files[name]
		golden := filepath.Join("testdata", "published", filepath.FromSlash(name))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%s: %v (run go test ./internal/site -run TestPublishedGolden -update)", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update if intended):\n%s", name, golden, diffLines(string(want), string(got)))
		}
	}
}

// TestSitemap checks the sitemap's shape: every page once, absolute URLs, and for a page with
// translations an xhtml:link per language plus x-default; none for a page in one language.
func TestSitemap(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{BaseURL: "https://example.github.io/report/"})
	var set struct {
		XMLName xml.Name
		URLs    []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				XMLName  xml.Name
				Rel      string `xml:"rel,attr"`
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(res.Files[sitemapFile], &set); err != nil {
		t.Fatalf("sitemap.xml does not parse: %v", err)
	}
	if set.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || set.XMLName.Local != "urlset" {
		t.Errorf("root element = %v; want the sitemaps.org urlset", set.XMLName)
	}
	alts := map[string]string{}
	for _, u := range set.URLs {
		var hl []string
		for _, l := range u.Links {
			if l.Rel != "alternate" || !strings.HasPrefix(l.Href, "https://example.github.io/report/") {
				t.Errorf("%s: link %+v; want rel=alternate and an absolute href", u.Loc, l)
			}
			hl = append(hl, l.HrefLang+"="+strings.TrimPrefix(l.Href, "https://example.github.io"))
		}
		if _, dup := alts[u.Loc]; dup {
			t.Errorf("%s is listed twice", u.Loc)
		}
		alts[u.Loc] = strings.Join(hl, " ")
	}
	for loc, want := range map[string]string{
		"https://example.github.io/report/":         "zh=/report/ en=/report/en/ x-default=/report/",
		"https://example.github.io/report/en/":      "zh=/report/ en=/report/en/ x-default=/report/",
		"https://example.github.io/report/intro/":   "zh=/report/intro/ en=/report/en/intro/ x-default=/report/intro/",
		"https://example.github.io/report/en/more/": "zh=/report/more/ en=/report/en/more/ x-default=/report/more/",
		"https://example.github.io/report/only/":    "", // no translation: no alternates
	} {
		got, ok := alts[loc]
		if !ok {
			t.Errorf("sitemap lacks %s", loc)
			continue
		}
		if got != want {
			t.Errorf("alternates of %s = %q; want %q", loc, got, want)
		}
	}
	if len(set.URLs) != len(res.Pages) {
		t.Errorf("sitemap lists %d URLs; the site has %d pages", len(set.URLs), len(res.Pages))
	}
	if !strings.Contains(string(res.Files[robotsFile]), "\nSitemap: https://example.github.io/report/sitemap.xml\n") {
		t.Errorf("robots.txt = %q; want it to point to the sitemap", res.Files[robotsFile])
	}
}

// A site built for a bare path cannot write absolute URLs: no sitemap, and robots.txt does
// not point to one.
func TestSitemapNeedsOrigin(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{})
	if res.Files[sitemapFile] != nil {
		t.Errorf("sitemap.xml written for base URL /")
	}
	if got := string(res.Files[robotsFile]); strings.Contains(got, "Sitemap:") {
		t.Errorf("robots.txt = %q; want no Sitemap line", got)
	}
}

// TestPublishedFiles checks what GitHub Pages and link previews need, in every page.
func TestPublishedFiles(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{BaseURL: "https://example.github.io/report/"})
	for _, name := range []string{noJekyll, "404.html", "favicon.svg", touchIcon, socialCard, llmsFull} {
		if _, ok := res.Files[name]; !ok {
			t.Errorf("missing %s", name)
		}
	}
	img, err := png.Decode(bytes.NewReader(res.Files[socialCard]))
	if err != nil {
		t.Fatalf("social.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != cardW || b.Dy() != cardH {
		t.Errorf("social.png is %v; want %dx%d", b, cardW, cardH)
	}
	for _, tc := range []struct {
		page string
		want []string
		not  []string
	}{
		{"en/intro/index.html", []string{
			`<link rel="canonical" href="https://example.github.io/report/en/intro/">`,
			`<meta property="og:type" content="article">`,
			`<meta property="og:title" content="Introduction">`,
			`<meta property="og:description" content="The first chapter's abstract.">`,
			`<meta property="og:site_name" content="Test Report">`,
			`<meta property="og:locale" content="en_US">`,
			`<meta property="og:url" content="https://example.github.io/report/en/intro/">`,
			`<meta property="og:image" content="https://example.github.io/report/social.png">`,
			`<meta name="twitter:card" content="summary_large_image">`,
			`<link rel="icon" href="/report/favicon.svg" type="image/svg+xml">`,
			`<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">`,
			`<meta name="theme-color" content="#16181d" media="(prefers-color-scheme: dark)">`,
			`<a href="/report/en/print/">Print edition</a>`,
		}, []string{`name="robots"`}},
		{"index.html", []string{
			`<meta property="og:type" content="website">`,
			`<meta property="og:locale" content="zh_CN">`,
			`<meta property="og:title" content="测试报告">`,
			`<a href="/report/print/">打印版</a>`,
		}, nil},
		{"print/index.html", []string{
			`<meta name="robots" content="noindex, follow">`,
			`<link rel="canonical" href="https://example.github.io/report/print/">`,
			`<link rel="alternate" hreflang="en" href="https://example.github.io/report/en/print/">`,
			`<a class="lang" href="/report/en/print/" hreflang="en"`,
		}, []string{`<a href="/report/print/">打印版</a>`}},
	} {
		page := string(res.Files[tc.page])
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", tc.page, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(page, n) {
				t.Errorf("%s has %s", tc.page, n)
			}
		}
	}
	// Without an origin there is no absolute image URL to offer.
	res = build(t, fixture("testdata/site"), Options{})
	if page := string(res.Files["en/intro/index.html"]); strings.Contains(page, "og:image") || !strings.Contains(page, `<meta name="twitter:card" content="summary">`) {
		t.Errorf("at base URL /, en/intro has an og:image or lacks the summary card")
	}
}

// TestMarkdownSources checks the Markdown published beside each page for machine readers.
func TestMarkdownSources(t *testing.T) {
	res := build(t, fixture("testdata/site"), Options{BaseURL: "https://example.github.io/report/"})
	for _, tc := range []struct {
		file string
		want []string
		not  []string
	}{
		{"en/intro/index.md", []string{
			"# Introduction\n\n> The first chapter's abstract.\n",
			"[the next chapter](https://example.github.io/report/en/more/index.md#details)",
			"## Background {#background}",
		}, []string{"title: Introduction", "02-more.md"}},
		{"more/index.md", []string{
			"```go\n// code/hello/main.go\nfunc greet(name string) string {\n\treturn \"hello, \" + name // the greeting\n}\n```",
		}, []string{"region=greet", "OMIT"}},
	} {
		got := string(res.Files[tc.file])
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", tc.file, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%s has %q", tc.file, n)
			}
		}
	}
	llms := string(res.Files[llmsFile])
	for _, w := range []string{
		"# 测试报告\n\n> 一个用于测试的小站点。\n",
		"## Test Report (en)\n\n- [Test Report](https://example.github.io/report/en/index.md): The cover abstract.\n- [Introduction](https://example.github.io/report/en/intro/index.md): The first chapter's abstract.\n",
		"(https://example.github.io/report/data/jobs.csv)",
	} {
		if !strings.Contains(llms, w) {
			t.Errorf("llms.txt lacks %q:\n%s", w, llms)
		}
	}
}

// A rebuild reuses the Markdown of unchanged pages, but not of one whose title changed while
// its body stayed the same.
func TestMarkdownSourcesRebuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	b := New(fixture(dir), Options{})
	first, ds := b.Build(context.Background())
	if first == nil {
		t.Fatal(ds)
	}
	f := filepath.Join(dir, "en", "01-intro.md")
	data, _ := os.ReadFile(f)
	if err := os.WriteFile(f, bytes.Replace(data, []byte("title: Introduction"), []byte("title: Opening"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	second, ds := b.Build(context.Background())
	if second == nil {
		t.Fatal(ds)
	}
	if got := string(second.Files["en/intro/index.md"]); !strings.HasPrefix(got, "# Opening\n") {
		t.Errorf("after a title edit, en/intro/index.md starts %q; want the new title", got[:min(len(got), 40)])
	}
	if !bytes.Equal(first.Files["en/more/index.md"], second.Files["en/more/index.md"]) {
		t.Errorf("en/more/index.md changed though its page did not")
	}
}

// BenchmarkPublish measures the publish stage on the bundled report: cold (every page's
// Markdown made again) and warm (a rebuild where no page changed).
func BenchmarkPublish(b *testing.B) {
	p := fixture("../../content")
	if _, err := os.Stat("../../content/site.yaml"); err != nil {
		b.Skip("no content")
	}
	res := build(b, p, Options{BaseURL: "https://example.github.io/report/"})
	for _, warm := range []bool{false, true} {
		name := "cold"
		if warm {
			name = "warm"
		}
		b.Run(name, func(b *testing.B) {
			bl := New(p, Options{})
			files := output.Files{}
			bl.publish(res.Site, res.Pages, files)
			for b.Loop() {
				if !warm {
					bl.pub = nil
				}
				if ds := bl.publish(res.Site, res.Pages, files); ds.Err() != nil {
					b.Fatal(ds)
				}
			}
		})
	}
}
