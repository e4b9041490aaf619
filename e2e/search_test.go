package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"folio/internal/search"
)

// jsResult is a result as assets/js/search.js returns it.
type jsResult struct {
	Href    string `json:"href"`
	Score   int    `json:"score"`
	Snippet []struct {
		Text string `json:"text"`
		Mark bool   `json:"mark"`
	} `json:"snippet"`
}

type jsAnswer struct {
	Results []jsResult `json:"results"`
	Took    float64    `json:"took"`
}

// reader opens the built index of a language the way the browser does, from the Go side.
func (e *env) reader(t *testing.T, lang string) *search.Reader {
	t.Helper()
	r, err := search.Open(func(name string) ([]byte, error) {
		data, ok := e.res.Files["search/"+lang+"/"+name]
		if !ok {
			return nil, fmt.Errorf("no file search/%s/%s", lang, name)
		}
		return data, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// cover returns the cover page of a language.
func (e *env) cover(lang string) page {
	for _, p := range e.pages() {
		if p.lang == lang && !p.chapter && !p.notFound {
			return p
		}
	}
	panic("no cover for " + lang)
}

func marked(r jsResult) string {
	var b strings.Builder
	for _, s := range r.Snippet {
		if s.Mark {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func goMarked(r search.Result) string {
	var b strings.Builder
	for _, s := range r.Snippet {
		if s.Mark {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// TestSearchTyping types the queries into the search field of each edition and expects
// the sections that hold them, each with the query marked in its snippet; the results are the
// ones the Go reference (internal/search) gives, in the same order.
func TestSearchTyping(t *testing.T) {
	e := setup(t)
	tests := []struct {
		lang, query string
		mark        string // what the first result's snippet or heading must mark
	}{
		{"zh", "调度器", "调度器"},
		{"zh", "内存泄漏", "内存泄漏"},
		{"zh", "云原生人才", "云原生人才"},
		{"en", "scheduler", "scheduler"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.query, func(t *testing.T) {
			ctx, pr := e.tab(t)
			do(t, ctx, "open the cover", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.cover(tt.lang).url))
			if n := eval[int](t, ctx, `performance.getEntriesByType("resource").filter(r => r.name.includes("/search/")).length`); n != 0 {
				t.Errorf("%d search index files fetched before search was opened; want none", n)
			}
			do(t, ctx, "open search and type", chromedp.Click(chromedp.CSS(".search-open"), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS(".search-input")),
				chromedp.SendKeys(chromedp.CSS(".search-input"), tt.query))
			got := waitResults(t, ctx)
			want, err := e.reader(t, tt.lang).Search(tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatalf("the Go reference finds nothing for %q in the %s edition", tt.query, tt.lang)
			}
			var wantHrefs []string
			for _, w := range want {
				wantHrefs = append(wantHrefs, e.srv.URL+w.Doc.Href())
			}
			if strings.Join(got, " ") != strings.Join(wantHrefs, " ") {
				t.Errorf("results for %q:\n  %s\nwant\n  %s", tt.query, strings.Join(got, "\n  "), strings.Join(wantHrefs, "\n  "))
			}
			first := eval[string](t, ctx, `[...document.querySelectorAll(".search-results [role=option]")[0].querySelectorAll("mark")].map(m => m.textContent).join("|")`)
			if !strings.Contains(first, tt.mark) && !strings.Contains(want[0].Doc.Heading, tt.mark) {
				t.Errorf("first result marks %q; want %q marked", first, tt.mark)
			}
			// Every result is a section that really holds the query, in its heading or text.
			for _, w := range want {
				if !strings.Contains(strings.ToLower(w.Doc.Heading+" "+w.Doc.Text+" "+w.Doc.Title), strings.ToLower(tt.mark)) {
					t.Errorf("result %s does not contain %q", w.Doc.Href(), tt.mark)
				}
			}
			if n := eval[int](t, ctx, `performance.getEntriesByType("resource").filter(r => r.name.includes("/search/`+tt.lang+`/")).length`); n == 0 {
				t.Errorf("no index file of the %s edition was fetched", tt.lang)
			}
			if l := pr.take(); len(l) > 0 {
				t.Errorf("console errors or failed requests:\n  %s", strings.Join(l, "\n  "))
			}
		})
	}
}

// waitResults waits for the listbox to show results and returns their links.
func waitResults(t *testing.T, ctx context.Context) []string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 15e9)
	defer cancel()
	hrefs, err := chromedp.Run(tctx, chromedp.Poll[[]string](`(() => {
		const a = [...document.querySelectorAll(".search-results [role=option] a")].map(a => a.href);
		return a.length ? a : false;
	})()`))
	if err != nil {
		t.Fatalf("no results shown: %v (status %q)", err, eval[string](t, ctx, `document.querySelector(".search-status").textContent`))
	}
	return hrefs
}

// TestSearchMatchesGo runs queries through the browser's search (folio.search.query) and the
// Go reference over the same built files: the same sections, scores and marked snippets.
func TestSearchMatchesGo(t *testing.T) {
	e := setup(t)
	queries := map[string][]string{
		"zh": {"调度器", "内存泄漏", "云原生人才", "调", "Go 调度", "goroutine", "kubernetes 运维", "微服务", "人才缺口", "eBPF"},
		"en": {"scheduler", "Scheduling", "sched", "memory leak", "cloud native", "goroutines", "Kubernetes operator", "talent", "ebpf wasm", "the"},
	}
	for lang, qs := range queries {
		t.Run(lang, func(t *testing.T) {
			ctx, pr := e.tab(t)
			do(t, ctx, "open the cover", chromedp.Navigate(e.cover(lang).url))
			r := e.reader(t, lang)
			for _, q := range qs {
				got := eval[jsAnswer](t, ctx, fmt.Sprintf(`folio.search.query(%q, 10)`, q))
				want, err := r.Search(q, 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Results) != len(want) {
					t.Errorf("%q: browser gives %d results, Go %d", q, len(got.Results), len(want))
					continue
				}
				for i := range want {
					g, w := got.Results[i], want[i]
					if g.Href != w.Doc.Href() || g.Score != w.Score || marked(g) != goMarked(w) {
						t.Errorf("%q result %d: browser %s (%d) %q; Go %s (%d) %q", q, i, g.Href, g.Score, marked(g), w.Doc.Href(), w.Score, goMarked(w))
					}
				}
			}
			// The tokenizers agree on text with every kind of character.
			text := "Go 语言的调度器（GMP）與 goroutines、ＣＰＵ１２ 和 k8s's schedulers running; カタカナ 한국어 naïve İstanbul 𠀀𠀁"
			type tok struct {
				Term string `json:"term"`
			}
			js := eval[[]tok](t, ctx, fmt.Sprintf(`folio.search.tokenize(%q)`, text))
			var jsTerms, goTerms []string
			for _, tk := range js {
				jsTerms = append(jsTerms, tk.Term)
			}
			for _, tk := range search.Tokenize(text) {
				goTerms = append(goTerms, tk.Term)
			}
			if strings.Join(jsTerms, " ") != strings.Join(goTerms, " ") {
				t.Errorf("tokenize(%q):\n  browser %q\n  Go      %q", text, jsTerms, goTerms)
			}
			if l := pr.take(); len(l) > 0 {
				t.Errorf("console errors or failed requests:\n  %s", strings.Join(l, "\n  "))
			}
		})
	}
}

// TestSearchKeyboard uses search with the keyboard only: "/" opens it with the focus in the
// field, arrows move through the options, Enter opens the chosen section, Esc closes and gives
// the focus back.
func TestSearchKeyboard(t *testing.T) {
	e := setup(t)
	ctx, pr := e.tab(t)
	var chapter page
	for _, p := range e.pages() {
		if p.lang == "en" && p.chapter {
			chapter = p
			break
		}
	}
	do(t, ctx, "open a chapter", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(chapter.url))
	do(t, ctx, "press /", chromedp.KeyEvent("/"))
	type state struct {
		Open     bool   `json:"open"`
		Focus    string `json:"focus"`
		Expanded string `json:"expanded"`
		Active   string `json:"active"`
		Selected string `json:"selected"`
	}
	read := `(() => { const i = document.querySelector(".search-input"), s = document.querySelector("[role=option][aria-selected=true]");
		return {open: document.querySelector(".search-dialog").open, focus: document.activeElement.className,
			expanded: i.getAttribute("aria-expanded"), active: i.getAttribute("aria-activedescendant") || "", selected: s ? s.id : ""}; })()`
	if s := eval[state](t, ctx, read); !s.Open || s.Focus != "search-input" {
		t.Fatalf("after /: %+v; want the dialog open with the focus in the field", s)
	}
	do(t, ctx, "type", chromedp.KeyEvent("scheduler"))
	hrefs := waitResults(t, ctx)
	if len(hrefs) < 2 {
		t.Fatalf("results for scheduler = %v; want at least two to move through", hrefs)
	}
	if s := eval[state](t, ctx, read); s.Expanded != "true" || s.Active != "search-option-0" || s.Selected != "search-option-0" {
		t.Errorf("with results: %+v; want expanded, the first option active and selected", s)
	}
	do(t, ctx, "arrow down", chromedp.KeyEvent(kb.ArrowDown))
	if s := eval[state](t, ctx, read); s.Active != "search-option-1" || s.Selected != "search-option-1" || s.Focus != "search-input" {
		t.Errorf("after ↓: %+v; want option 1 active, the focus still in the field", s)
	}
	do(t, ctx, "arrow up twice", chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	last := fmt.Sprintf("search-option-%d", len(hrefs)-1)
	if s := eval[state](t, ctx, read); s.Active != last {
		t.Errorf("after ↓↑↑: active %q; want the last option %q (the list wraps)", s.Active, last)
	}
	do(t, ctx, "arrow down to the second", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if _, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter)); err != nil && !strings.Contains(err.Error(), "navigation") {
		t.Logf("Enter: %v", err)
	}
	tctx, cancel := context.WithTimeout(ctx, 15e9)
	defer cancel()
	loc, err := chromedp.Run(tctx, chromedp.Poll[string](fmt.Sprintf(`location.href === %q && location.href`, hrefs[1])))
	if err != nil {
		t.Fatalf("Enter on the second result: at %s; want %s", eval[string](t, ctx, `location.href`), hrefs[1])
	}
	if id := strings.SplitN(loc, "#", 2); len(id) == 2 {
		if top := eval[float64](t, ctx, fmt.Sprintf(`document.getElementById(%q).getBoundingClientRect().top`, id[1])); top < 0 || top > 900 {
			t.Errorf("section #%s is at %.0f px after opening it; want it in view", id[1], top)
		}
	}
	// Esc closes and the focus returns to where it was.
	do(t, ctx, "focus the search link, open with Enter", chromedp.Focus(chromedp.CSS(".search-open")), chromedp.KeyEvent(kb.Enter))
	if s := eval[state](t, ctx, read); !s.Open || s.Focus != "search-input" {
		t.Errorf("Enter on the search link: %+v; want the dialog open", s)
	}
	do(t, ctx, "Esc", chromedp.KeyEvent(kb.Escape))
	if s := eval[state](t, ctx, read); s.Open || s.Focus != "search-open" {
		t.Errorf("after Esc: %+v; want the dialog closed and the focus back on the search link", s)
	}
	if l := pr.take(); len(l) > 0 {
		t.Errorf("console errors or failed requests:\n  %s", strings.Join(l, "\n  "))
	}
}

// TestSwitchKeepsSection reads a chapter at one of its sections, follows the language
// switcher and expects the translation opened at the same section: once after jumping to the
// section (a table of contents link, a shared URL), once after scrolling to another one.
func TestSwitchKeepsSection(t *testing.T) {
	e := setup(t)
	byFile := map[string]string{}
	for _, p := range e.res.Pages {
		byFile[p.File] = e.srv.URL + p.URL
	}
	for _, p := range e.res.Pages {
		if p.Cover || len(p.Doc.Headings) < 3 {
			continue
		}
		other := "en"
		if p.Lang == "en" {
			other = "zh"
		}
		target, ok := byFile[other+"/"+p.Name]
		if !ok {
			continue
		}
		jump, scrolled := p.Doc.Headings[len(p.Doc.Headings)/2].ID, p.Doc.Headings[1].ID
		t.Run(p.File, func(t *testing.T) {
			ctx, pr := e.tab(t)
			sel := fmt.Sprintf(`header.top a[data-lang-switch][hreflang=%q]`, other)
			link := func(want string) {
				t.Helper()
				tctx, cancel := context.WithTimeout(ctx, 10e9)
				defer cancel()
				if _, err := chromedp.Run(tctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q).href === %q`, sel, want))); err != nil {
					t.Fatalf("switcher link = %q; want %q", eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).href`, sel)), want)
				}
			}
			do(t, ctx, "open the chapter", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(byFile[p.File]))
			link(target)
			do(t, ctx, "scroll to #"+scrolled, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).scrollIntoView()`, scrolled)))
			link(target + "#" + scrolled)

			do(t, ctx, "jump to #"+jump, chromedp.Navigate(byFile[p.File]+"#"+jump))
			link(target + "#" + jump)
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
				t.Fatalf("switch language: %v", err)
			}
			type where struct {
				URL    string  `json:"url"`
				Lang   string  `json:"lang"`
				Top    float64 `json:"top"`
				Height float64 `json:"height"`
			}
			w := eval[where](t, ctx, fmt.Sprintf(`({url: location.href, lang: document.documentElement.lang, top: document.getElementById(%q).getBoundingClientRect().top, height: innerHeight})`, jump))
			if w.URL != target+"#"+jump || w.Lang != other || w.Top < 0 || w.Top >= w.Height {
				t.Errorf("after switching: %s (lang %s), section at %.0f px; want %s#%s (lang %s) with the section in view", w.URL, w.Lang, w.Top, target, jump, other)
			}
			if l := pr.take(); len(l) > 0 {
				t.Errorf("console errors or failed requests:\n  %s", strings.Join(l, "\n  "))
			}
		})
	}
}

// TestSearchMeasure reports what the issue asks to measure: each edition's index, gzipped, and
// the time a query takes in the browser once the index is loaded (performance.now() around
// ranking and snippets). It asserts nothing about time: the figures are for the note.
func TestSearchMeasure(t *testing.T) {
	e := setup(t)
	for lang, n := range e.res.IndexSizes() {
		var parts []string
		for name, data := range e.res.Files {
			if strings.HasPrefix(name, "search/"+lang+"/") {
				parts = append(parts, fmt.Sprintf("%s %.1f KB", strings.TrimPrefix(name, "search/"+lang+"/"), float64(gz(data))/1024))
			}
		}
		sort.Strings(parts)
		t.Logf("index %s: %.1f KB gzipped (%s)", lang, float64(n)/1024, strings.Join(parts, ", "))
	}
	queries := map[string][]string{"zh": {"调度器", "内存泄漏", "云原生人才", "调", "Go"}, "en": {"scheduler", "sched", "memory leak", "cloud native talent", "go"}}
	for lang, qs := range queries {
		ctx, _ := e.tab(t)
		do(t, ctx, "open the cover", chromedp.Navigate(e.cover(lang).url))
		for _, q := range qs {
			ms := eval[[]float64](t, ctx, fmt.Sprintf(`(async () => {
				await folio.search.query(%q, 10);
				const out = [];
				for (let i = 0; i < 200; i++) out.push((await folio.search.query(%q, 10)).took);
				return out.sort((a, b) => a - b);
			})()`, q, q))
			res := eval[jsAnswer](t, ctx, fmt.Sprintf(`folio.search.query(%q, 10)`, q))
			t.Logf("query %s %q: %d results, min %.1f ms, median %.1f ms, p90 %.1f ms over %d runs", lang, q, len(res.Results), ms[0], ms[len(ms)/2], ms[len(ms)*9/10], len(ms))
		}
	}
}

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}
