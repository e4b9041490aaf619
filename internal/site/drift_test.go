package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"folio/internal/search"
)

const driftYAML = "title: {zh: 报告, en: Report}\nlanguages: [zh, en]\nbase_url: /report/\n"

const zhChapter = "---\ntitle: 调度\n---\n开篇。\n\n## 调度器 {#scheduler}\n\nGo 调度器把 goroutine 分配给线程。\n\n" +
	"```mermaid\nflowchart LR\n  A --> B\n```\n\n### 细节 {#details}\n\n细节。\n\n## 内存 {#memory}\n\n排查内存泄漏。\n"

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:12]
}

// driftSite is a two-language site whose English chapter is edited by each test case.
func driftSite(en string) fstest.MapFS {
	return fstest.MapFS{
		"site.yaml":          {Data: []byte(driftYAML)},
		"zh/_index.md":       {Data: []byte("---\ntitle: 封面\n---\n封面。\n")},
		"en/_index.md":       {Data: []byte("---\ntitle: Cover\n---\nCover.\n")},
		"zh/01-scheduler.md": {Data: []byte(zhChapter)},
		"en/01-scheduler.md": {Data: []byte(en)},
	}
}

func enChapter(hash, body string) string {
	fm := "---\ntitle: Scheduling\n"
	if hash != "" {
		fm += "source_hash: " + hash + "\n"
	}
	return fm + "---\n" + body
}

const enBody = "Opening.\n\n## The scheduler {#scheduler}\n\nThe Go scheduler assigns goroutines to threads.\n\n" +
	"```mermaid\nflowchart LR\n  A --> B\n```\n\n### Details {#details}\n\nDetails.\n\n## Memory {#memory}\n\nHunting a memory leak.\n"

func TestDrift(t *testing.T) {
	fresh := shortHash(zhChapter)
	tests := []struct {
		name string
		en   string
		want []string // substrings of the findings, in order; none when nil
	}{
		{"in step", enChapter(fresh, enBody), nil},
		{"no source_hash", enChapter("", enBody), []string{"content/en/01-scheduler.md:1: warning: no source_hash: once this translation matches content/zh/01-scheduler.md, run `folio stamp en/01-scheduler.md`"}},
		{"stale", enChapter("0123456789ab", enBody), []string{"content/en/01-scheduler.md:3: warning: stale translation: content/zh/01-scheduler.md changed since it was translated (source_hash 0123456789ab, now " + fresh + ")"}},
		{"missing section", enChapter(fresh, strings.Replace(enBody, "### Details {#details}\n\nDetails.\n\n", "", 1)), []string{"warning: translation drift: no section #details, which the original has at content/zh/01-scheduler.md:"}},
		{"extra section", enChapter(fresh, enBody+"\n## Extra {#extra}\n\nMore.\n"), []string{"content/en/01-scheduler.md:24: warning: translation drift: section #extra is not in the original"}},
		{"reordered", enChapter(fresh, "## Memory {#memory}\n\nM.\n\n## The scheduler {#scheduler}\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n### Details {#details}\n\nD.\n"), []string{"content/en/01-scheduler.md:5: warning: translation drift: section #memory comes where the original content/zh/01-scheduler.md has #scheduler"}},
		{"diagram missing", enChapter(fresh, strings.Replace(enBody, "```mermaid\nflowchart LR\n  A --> B\n```\n", "", 1)), []string{"warning: translation drift: 0 diagrams, the original content/zh/01-scheduler.md has 1 diagram"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := build(t, Project{Content: driftSite(tt.en), Layouts: fixture("").Layouts, Assets: fixture("").Assets}, Options{})
			var got []string
			for _, d := range drift(res.Site, res.Pages) {
				got = append(got, d.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("drift = %q; want %d findings like %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("drift[%d] = %q; want it to contain %q", i, got[i], w)
				}
			}
			if tt.want == nil && len(Check(res).Diags) != 0 {
				t.Errorf("check of a site in step = %v; want no findings", Check(res).Diags)
			}
		})
	}
}

func TestStaleNote(t *testing.T) {
	for _, tt := range []struct {
		hash string
		note bool
	}{{shortHash(zhChapter), false}, {"0123456789ab", true}, {"", false}} {
		res := build(t, Project{Content: driftSite(enChapter(tt.hash, enBody)), Layouts: fixture("").Layouts, Assets: fixture("").Assets}, Options{})
		html := unquote(res.Files["en/scheduler/index.html"])
		has := strings.Contains(html, `class=stale-note`)
		if has != tt.note || (tt.note && !strings.Contains(html, `href=/report/scheduler/`)) {
			t.Errorf("source_hash %q: stale note shown = %v; want %v, linking to /report/scheduler/", tt.hash, has, tt.note)
		}
		if zh := string(res.Files["scheduler/index.html"]); strings.Contains(zh, "stale-note") {
			t.Errorf("the original shows a stale note")
		}
	}
}

func TestSearchStage(t *testing.T) {
	res := build(t, Project{Content: driftSite(enChapter("", enBody)), Layouts: fixture("").Layouts, Assets: fixture("").Assets}, Options{})
	for _, want := range []string{"search/index.html", "en/search/index.html", "search/zh/index.json", "search/en/index.json"} {
		if res.Files[want] == nil {
			t.Errorf("no %s among %v", want, res.Files.Paths())
		}
	}
	plain := unquote(res.Files["en/search/index.html"])
	for _, want := range []string{`href=/report/en/scheduler/#details`, `hreflang=zh href=/report/search/`, `<h1>Search</h1>`} {
		if !strings.Contains(plain, want) {
			t.Errorf("en/search/index.html lacks %q", want)
		}
	}
	chapter := unquote(res.Files["en/scheduler/index.html"])
	for _, want := range []string{`class=search-open href=/report/en/search/`, `data-index=/report/search/en/`, `role=combobox`, `role=listbox`} {
		if !strings.Contains(chapter, want) {
			t.Errorf("en/scheduler/index.html lacks %q", want)
		}
	}
	r, err := search.Open(func(name string) ([]byte, error) { return res.Files["search/zh/"+name], nil })
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Search("调度器", 10)
	if err != nil || len(got) == 0 || got[0].Doc.Href() != "/report/scheduler/#scheduler" {
		t.Errorf("search 调度器 in the built zh index = %+v, %v; want /report/scheduler/#scheduler first", got, err)
	}
	if sizes := res.IndexSizes(); sizes["zh"] == 0 || sizes["en"] == 0 {
		t.Errorf("IndexSizes = %v; want both languages", sizes)
	}
}

// unquote drops the attribute quotes the minifier may or may not keep.
func unquote(html []byte) string { return strings.ReplaceAll(string(html), `"`, "") }

func TestSearchSlugTaken(t *testing.T) {
	fsys := driftSite(enChapter("", enBody))
	fsys["zh/02-search.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 搜索\n---\n正文。\n")}
	_, ds := New(Project{Content: fsys, Layouts: fixture("").Layouts, Assets: fixture("").Assets}, Options{}).Build(t.Context())
	if !strings.Contains(ds.Error(), `content/zh/02-search.md: the slug "search" belongs to the search page`) {
		t.Errorf("build with a chapter slug search = %v; want an error naming the chapter", ds)
	}
}

func TestSearchPageLongEdition(t *testing.T) {
	fsys := driftSite(enChapter("", enBody))
	n := searchPageChapters + 5
	for i := 2; i <= n; i++ {
		fsys[fmt.Sprintf("zh/%03d-c%d.md", i, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: 第%d章\n---\n## 小节 {#s}\n\n正文。\n", i))}
	}
	res := build(t, Project{Content: fsys, Layouts: fixture("").Layouts, Assets: fixture("").Assets}, Options{})
	html := unquote(res.Files["search/index.html"])
	if got := strings.Count(html, "<span class=num>"); got != searchPageChapters {
		t.Errorf("the search page of a %d-chapter edition lists %d chapters; want %d", n, got, searchPageChapters)
	}
	if !strings.Contains(html, "另有 5 章") || strings.Contains(html, "#s>") {
		t.Errorf("the search page of a long edition should say 5 more chapters and list no sections")
	}
}
