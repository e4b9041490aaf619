package site

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"

	"folio/internal/config"
	"folio/internal/content"
	"folio/internal/output"
	"folio/internal/weight"
)

// noise is n bytes that gzip cannot shrink much, so sizes over a budget are easy to build.
func noise(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%x", sha256.Sum256([]byte{byte(i), byte(i >> 8)}))
	}
	return b.String()[:n]
}

func budgetSite() (output.Files, []*Page) {
	page := func(body string) []byte {
		return []byte(`<!doctype html><link rel="stylesheet" href="/report/css/style.1.css"><script src="/report/js/a.2.js" defer></script><p>` + body)
	}
	files := output.Files{
		"index.html":          page("cover"),
		"heavy/index.html":    page(noise(80 << 10)),
		"light/index.html":    page("light"),
		"404.html":            []byte(`<p>` + noise(90<<10)),
		"css/style.1.css":     []byte("body{color:red}" + strings.Repeat("p{margin:0}", 100)),
		"js/a.2.js":           []byte("console.log(1)"),
		"search/zh-0.json":    []byte(`["` + noise(80<<10) + `"]`),
		"search/en-0.json":    []byte(`["small"]`),
		"data/x.csv":          []byte(noise(100 << 10)),
		"img/not-a-page.html": nil,
	}
	pages := []*Page{
		{Page: &content.Page{File: "zh/01-heavy.md"}, Out: "heavy/index.html"},
		{Page: &content.Page{File: "zh/02-light.md"}, Out: "light/index.html"},
		{Page: &content.Page{File: "zh/_index.md"}, Out: "index.html"},
	}
	return files, pages
}

func TestWeigh(t *testing.T) {
	files, pages := budgetSite()
	ws, err := weigh(context.Background(), "/report/", pages, files, 30<<10, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 5 {
		t.Fatalf("weigh gave %d weights; want one per HTML file (5)", len(ws))
	}
	for i := 1; i < len(ws); i++ {
		if ws[i].Total() > ws[i-1].Total() {
			t.Errorf("weights not heaviest first: %v then %v", ws[i-1], ws[i])
		}
	}
	css := weight.Gzipped(files["css/style.1.css"], weight.Default)
	js := weight.Gzipped(files["js/a.2.js"], weight.Default)
	byPage := map[string]Weight{}
	for _, w := range ws {
		byPage[w.Page] = w
	}
	light := byPage["light/index.html"]
	if light.CSS != css || light.JS != js || light.Source != "content/zh/02-light.md" {
		t.Errorf("light page = %+v; want CSS %d, JS %d, source content/zh/02-light.md", light, css, js)
	}
	if nf := byPage["404.html"]; nf.CSS != 0 || nf.JS != 0 || nf.Source != "" {
		t.Errorf("404 page = %+v; want no assets and no source", nf)
	}
	if h := byPage["heavy/index.html"]; h.HTML != weight.Gzipped(files["heavy/index.html"], weight.Default) {
		t.Errorf("heavy page HTML = %d; want the exact default-level size", h.HTML)
	}
}

func TestCheckBudgets(t *testing.T) {
	files, pages := budgetSite()
	tests := []struct {
		budgets config.Budgets
		want    []string // substrings of the errors, in order
	}{
		{config.Budgets{PageKB: 1000, IndexKB: 1000}, nil},
		{config.Budgets{PageKB: 30, IndexKB: 1000}, []string{"404.html: page 404.html weighs", "content/zh/01-heavy.md: page heavy/index.html weighs"}},
		{config.Budgets{PageKB: 1000, IndexKB: 30}, []string{"search/zh-0.json: search index part weighs"}},
	}
	for _, tt := range tests {
		ws, err := weigh(context.Background(), "/report/", pages, files, int(tt.budgets.PageKB*1024), nil, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		ds := checkBudgets(context.Background(), tt.budgets, ws, files, nil)
		if len(ds) != len(tt.want) {
			t.Errorf("checkBudgets(%+v) = %v; want %d errors", tt.budgets, ds, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if got := ds[i].String(); !strings.Contains(got, w) || !strings.Contains(got, "KB") {
				t.Errorf("checkBudgets(%+v)[%d] = %q; want it to contain %q and the figure", tt.budgets, i, got, w)
			}
		}
	}
}

func TestSitePath(t *testing.T) {
	tests := []struct{ base, page, url, want string }{
		{"/", "en/x/index.html", "/css/s.css", "css/s.css"},
		{"/report/", "en/x/index.html", "/report/css/s.css?v=1", "css/s.css"},
		{"/", "en/x/index.html", "../../js/a.js", "js/a.js"},
		{"/", "index.html", "https://cdn.example.com/a.js", ""},
		{"/", "index.html", "//cdn.example.com/a.js", ""},
	}
	for _, tt := range tests {
		if got := sitePath(tt.base, tt.page, tt.url); got != tt.want {
			t.Errorf("sitePath(%q, %q, %q) = %q; want %q", tt.base, tt.page, tt.url, got, tt.want)
		}
	}
}

func TestTags(t *testing.T) {
	html := []byte(`<head><link rel=stylesheet href=/a.css><linkx><link
 href="/b.css" rel="stylesheet"/><script src="/c.js" defer></script><script>x()</script><script`)
	tests := []struct {
		open string
		want []string
	}{
		{"<link", []string{"<link rel=stylesheet href=/a.css>", "<link\n href=\"/b.css\" rel=\"stylesheet\"/>"}},
		{"<script", []string{`<script src="/c.js" defer>`, "<script>"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tag := range tags(html, tt.open) {
			got = append(got, string(tag))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("tags(%q) = %q; want %q", tt.open, got, tt.want)
		}
	}
}

func TestAttr(t *testing.T) {
	tests := []struct {
		tag, name, want string
		ok              bool
	}{
		{`<link rel="stylesheet" href="/s.css">`, "href", "/s.css", true},
		{`<link rel="stylesheet" href="/s.css">`, "rel", "stylesheet", true},
		{`<link rel=stylesheet href=/s.css>`, "href", "/s.css", true},
		{`<link rel=stylesheet href=/s.css/>`, "href", "/s.css", true},
		{`<link href='/a b.css' rel=icon>`, "href", "/a b.css", true},
		{`<script src="/x.js" defer></script>`, "src", "/x.js", true},
		{`<script data-src="/x.js"></script>`, "src", "", false},
		{`<link data-href="/no" href="/yes">`, "href", "/yes", true},
		{`<link href="/broken>`, "href", "", false},
		{`<script></script>`, "src", "", false},
	}
	for _, tt := range tests {
		got, ok := attr([]byte(tt.tag), tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("attr(%s, %s) = %q, %v; want %q, %v", tt.tag, tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRefsCodec(t *testing.T) {
	tests := []struct{ css, js []string }{
		{nil, nil},
		{[]string{"/css/style.1.css"}, []string{"/js/a.2.js", "/js/b.3.js"}},
		{[]string{"", "a\x00b"}, nil},
	}
	for _, tt := range tests {
		css, js, ok := decodeRefs(encodeRefs(tt.css, tt.js))
		if !ok || strings.Join(css, "|") != strings.Join(tt.css, "|") || strings.Join(js, "|") != strings.Join(tt.js, "|") || len(css) != len(tt.css) || len(js) != len(tt.js) {
			t.Errorf("decodeRefs(encodeRefs(%q, %q)) = %q, %q, %v", tt.css, tt.js, css, js, ok)
		}
	}
}

func FuzzDecodeRefs(f *testing.F) {
	f.Add(encodeRefs([]string{"/a.css"}, []string{"/b.js"}))
	f.Add([]byte{0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		css, js, ok := decodeRefs(b)
		if !ok {
			return
		}
		css2, js2, ok := decodeRefs(encodeRefs(css, js))
		if !ok || !slices.Equal(css, css2) || !slices.Equal(js, js2) {
			t.Fatalf("decodeRefs(%x) = %q, %q; encoded again they decode to %q, %q", b, css, js, css2, js2)
		}
	})
}
