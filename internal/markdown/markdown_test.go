package markdown

import (
	"strings"
	"testing"
	"testing/fstest"
)

func convert(t *testing.T, lang, body string) *Result {
	t.Helper()
	c := New(Options{Lang: lang, FS: fstest.MapFS{}})
	res, ds := c.Convert(Source{File: "content/zh/01-a.md", Body: []byte(body), FirstLine: 4,
		Resolve: func(target string) (string, bool) {
			if target == "02-b.md" {
				return "/b/", true
			}
			return "", false
		}})
	if ds.Err() != nil {
		t.Fatalf("Convert(%q): %v", body, ds)
	}
	return res
}

func TestHeadingIDs(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"## 主流行业应用场景 {#industries}", []string{"industries"}},
		{"## 主流行业应用场景", []string{"主流行业应用场景"}},
		{"## Go 在调度器中的轻量协程优势", []string{"go-在调度器中的轻量协程优势"}},
		{"## Hello, World!\n\n## Hello, World!", []string{"hello-world", "hello-world-1"}},
		{"## **Bold** `code` text", []string{"bold-code-text"}},
		{"## ！？", []string{"section"}},
		{"### A {#a}\n\n## A", []string{"a", "a-1"}},
	}
	for _, tt := range tests {
		res := convert(t, "zh", tt.body)
		var got []string
		for _, h := range res.Headings {
			got = append(got, h.ID)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("ids of %q = %v; want %v", tt.body, got, tt.want)
		}
	}
}

func TestHeadingsAndLines(t *testing.T) {
	res := convert(t, "en", "Intro.\n\n## One {#one}\n\ntext\n\n### Sub *em*\n")
	want := []Heading{{2, "one", "One", 6}, {3, "sub-em", "Sub em", 10}}
	if len(res.Headings) != len(want) {
		t.Fatalf("headings = %+v; want %+v", res.Headings, want)
	}
	for i, h := range res.Headings {
		if h != want[i] {
			t.Errorf("heading %d = %+v; want %+v", i, h, want[i])
		}
	}
	if !strings.Contains(string(res.HTML), `<h2 id="one">One <a class="anchor" href="#one"`) {
		t.Errorf("HTML lacks the heading with its self-link:\n%s", res.HTML)
	}
}

func TestLinksRewritten(t *testing.T) {
	res := convert(t, "en", "See [b](02-b.md#x), [missing](03-c.md) and [web](https://go.dev).\n")
	html := string(res.HTML)
	if !strings.Contains(html, `href="/b/#x"`) {
		t.Errorf("link to 02-b.md#x not rewritten:\n%s", html)
	}
	if !strings.Contains(html, `href="03-c.md"`) {
		t.Errorf("unresolvable link changed:\n%s", html)
	}
	if len(res.Links) != 3 || res.Links[0].Line != 4 || res.Links[0].URL != "/b/#x" {
		t.Errorf("links = %+v", res.Links)
	}
}

func TestTypographerPerLanguage(t *testing.T) {
	en := string(convert(t, "en", `He said "go" -- then... left`).HTML)
	if !strings.Contains(en, "&ldquo;go&rdquo;") || !strings.Contains(en, "&ndash;") || !strings.Contains(en, "&hellip;") {
		t.Errorf("en typographer: %s", en)
	}
	zh := string(convert(t, "zh", `他说 "go" -- 然后...`).HTML)
	if strings.Contains(zh, "&ndash;") || strings.Contains(zh, "&hellip;") || !strings.Contains(zh, "&ldquo;") {
		t.Errorf("zh typographer should curl quotes only: %s", zh)
	}
}

func TestGFM(t *testing.T) {
	html := string(convert(t, "en", "| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n").HTML)
	for _, want := range []string{"<table>", "<del>old</del>", `type="checkbox"`, `class="footnotes"`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s:\n%s", want, html)
		}
	}
}

func TestFenceErrorsNameTheLine(t *testing.T) {
	c := New(Options{Lang: "en", FS: fstest.MapFS{"code/a/a.go": {Data: []byte("package a\n")}}})
	body := "text\n\n```go file=code/a/missing.go\n```\n\n```go hl_lines=x\nx\n```\n"
	_, ds := c.Convert(Source{File: "content/en/01-a.md", Body: []byte(body), FirstLine: 5})
	if len(ds) != 2 {
		t.Fatalf("diagnostics = %v; want 2", ds)
	}
	if !strings.HasPrefix(ds[0].String(), "content/en/01-a.md:7: ") || !strings.HasPrefix(ds[1].String(), "content/en/01-a.md:10: ") {
		t.Errorf("diagnostics = %v; want lines 7 and 10", ds)
	}
}

func TestIncludeAndCache(t *testing.T) {
	fsys := fstest.MapFS{"code/a/a.go": {Data: []byte("package a\n\n// START x OMIT\nfunc X() {}\n// END x OMIT\n")}}
	cache := NewCache()
	c := New(Options{Lang: "en", FS: fsys, Cache: cache})
	src := Source{File: "content/en/01-a.md", Body: []byte("```go file=code/a/a.go region=x caption\n```\n"), FirstLine: 1}
	res, ds := c.Convert(src)
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	if !strings.Contains(string(res.HTML), `<span class="nf">X</span>`) || strings.Contains(string(res.HTML), "OMIT") {
		t.Errorf("included region not shown as highlighted code without markers:\n%s", res.HTML)
	}
	if len(res.Deps) != 1 || res.Deps[0] != "code/a/a.go" || res.Blocks["include"] != 1 {
		t.Errorf("deps, blocks = %v, %v", res.Deps, res.Blocks)
	}
	if cache.Len() != 1 {
		t.Fatalf("cache holds %d blocks; want 1", cache.Len())
	}
	// A change to the included file must not be served from the cache.
	fsys["code/a/a.go"].Data = []byte("package a\n\n// START x OMIT\nfunc Y() {}\n// END x OMIT\n")
	res, _ = c.Convert(src)
	if !strings.Contains(string(res.HTML), `<span class="nf">Y</span>`) {
		t.Errorf("stale include after the file changed:\n%s", res.HTML)
	}
}

func TestParseInfo(t *testing.T) {
	kind, attrs := parseInfo(`go file=x.go hl_lines="2 4-5" linenos`)
	if kind != "go" || attrs["file"] != "x.go" || attrs["hl_lines"] != "2 4-5" {
		t.Errorf("parseInfo = %q, %v", kind, attrs)
	}
	if _, ok := attrs["linenos"]; !ok {
		t.Errorf("bare word linenos missing: %v", attrs)
	}
}

func FuzzConvert(f *testing.F) {
	f.Add("## A {#a}\n\n- [x] t\n\n| a |\n|---|\n| 1 |\n\n```go fragment\nx\n```\n")
	f.Add("> quote\n>\n> ```\n> code\n\n[^1]\n\n[^1]: x")
	f.Add(strings.Repeat("- ", 200) + "deep")
	f.Add("```go file=../../etc/passwd\n```")
	c := New(Options{Lang: "zh", FS: fstest.MapFS{}})
	f.Fuzz(func(t *testing.T, body string) {
		res, ds := c.Convert(Source{File: "content/zh/01-a.md", Body: []byte(body), FirstLine: 1})
		if res == nil && ds.Err() == nil {
			t.Fatalf("Convert(%q) returned neither result nor error", body)
		}
		for _, d := range ds {
			if d.Line < 1 {
				t.Fatalf("Convert(%q): diagnostic without a line: %v", body, d)
			}
		}
	})
}

func TestHeadingTextHasNoEntities(t *testing.T) {
	res := convert(t, "en", "## The ecosystem's \"flywheel\" -- and more\n")
	if got, want := res.Headings[0].Text, "The ecosystem’s “flywheel” – and more"; got != want {
		t.Errorf("heading text = %q; want %q", got, want)
	}
}
