package search

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"folio/internal/weight"
)

func terms(toks []Token) string {
	var s []string
	for _, t := range toks {
		s = append(s, t.Term)
	}
	return strings.Join(s, " ")
}

func TestTokenize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"调度器", "调度 度器 器"},
		{"Go 调度器的实现", "go 调度 度器 器的 的实 实现 现"},
		{"内存泄漏", "内存 存泄 泄漏 漏"},
		{"云原生人才", "云原 原生 生人 人才 才"},
		{"中", "中"},
		{"The Scheduler schedules goroutines", "scheduler schedul goroutin"},
		{"running, runs, ran", "run run ran"},
		{"policies and processes", "policy process"},
		{"ＧＯ１２３ is fullwidth", "go123 fullwidth"},
		{"I/O a b 7 x", "7"},
		{"sync/atomic.AddInt64", "sync atomic addint64"},
		{"eBPF、WASM 与 Service Mesh", "ebpf wasm 与 servic mesh"},
		{"Go's CI/CD", "go ci cd"},
		{"カタカナ 한국어", "カタ タカ カナ ナ 한국 국어 어"},
		{"", ""},
		{"  —— …… ", ""},
	}
	for _, tt := range tests {
		if got := terms(Tokenize(tt.in)); got != tt.want {
			t.Errorf("Tokenize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	in := "Go 调度器 Schedulers"
	want := []string{"Go", "调度", "度器", "器", "Schedulers"}
	toks := Tokenize(in)
	if len(toks) != len(want) {
		t.Fatalf("Tokenize(%q) = %v; want spans %q", in, toks, want)
	}
	for i, tok := range toks {
		if got := in[tok.Start:tok.End]; got != want[i] {
			t.Errorf("Tokenize(%q)[%d] spans %q; want %q", in, i, got, want[i])
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"schedule", "schedul"}, {"scheduled", "schedul"}, {"schedules", "schedul"}, {"scheduling", "schedul"},
		{"scheduler", "scheduler"}, {"schedulers", "scheduler"},
		{"running", "run"}, {"stopped", "stop"}, {"installed", "install"}, {"passing", "pass"},
		{"policies", "policy"}, {"classes", "class"}, {"status", "status"}, {"analysis", "analysis"},
		{"go", "go"}, {"goes", "goe"}, {"bed", "bed"}, {"sing", "sing"}, {"king", "king"},
		{"services", "servic"}, {"service", "servic"}, {"ebpf", "ebpf"}, {"naïve", "naïve"}, {"k8s", "k8s"},
	}
	for _, tt := range tests {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want string // term/prefix ...
		runs string
	}{
		{"调度器", "调度/ 度器/", "调度器"},
		{"调", "调/调", ""},
		{"调度", "调度/", ""},
		{"sched", "sched/sched", ""},
		{"sched ", "sched/", ""},
		{"Scheduling Go", "schedul/ go/go", ""},
		{"go 调", "go/ 调/调", ""},
		{"云原生人才", "云原/ 原生/ 生人/ 人才/", "云原生人才"},
		{"the of", "", ""},
		{"go go", "go/", ""},
	}
	for _, tt := range tests {
		pq := ParseQuery(tt.in)
		var got []string
		for _, qt := range pq.Terms {
			got = append(got, qt.Term+"/"+qt.Prefix)
		}
		if g := strings.Join(got, " "); g != tt.want || strings.Join(pq.Runs, " ") != tt.runs {
			t.Errorf("ParseQuery(%q) = %q runs %q; want %q runs %q", tt.in, g, pq.Runs, tt.want, tt.runs)
		}
	}
}

func TestSections(t *testing.T) {
	html := `<p>Intro &amp; more.</p>` +
		`<h2 id="one">One <a class="anchor" href="#one" aria-hidden="true">#</a></h2><p>First <code>go</code> text.</p>` +
		`<figure class="diagram"><svg><text>node label</text><g><svg></svg></g></svg><figcaption>Caption</figcaption></figure>` +
		`<div class="code"><pre><code>secret := 1</code></pre><button>Copy</button></div>` +
		`<h3 id="two">Two &lt;b&gt;</h3><ul><li>a</li><li>b</li></ul>` +
		`<h4 id="four">Four</h4><p>still two</p>` +
		`<h2>No id</h2><p>tail</p><!-- comment <h2 id="x"> -->`
	got := Sections([]byte(html))
	want := []Section{
		{ID: "", Heading: "", Level: 0, Text: "Intro & more."},
		{ID: "one", Heading: "One", Level: 2, Text: "First go text. Caption"},
		{ID: "two", Heading: "Two <b>", Level: 3, Text: "a b Four still two No id tail"},
	}
	if len(got) != len(want) {
		t.Fatalf("Sections = %+v; want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("section %d = %+v; want %+v", i, got[i], want[i])
		}
	}
	if s := Sections([]byte(`<h2 id="a">A</h2><p>x</p>`)); len(s) != 1 || s[0].ID != "a" {
		t.Errorf("Sections without intro = %+v; want one section #a", s)
	}
}

// report is a small edition in both languages, shaped like the bundled report.
var report = []Doc{
	{Title: "Go 人才图谱", URL: "/competency/", Text: "本章讨论面试中的基础知识。"},
	{Title: "Go 人才图谱", URL: "/competency/", ID: "scheduling", Heading: "调度器的可观测性", Text: "用 runtime/trace 观察 goroutine 如何被调度。"},
	{Title: "Go 人才图谱", URL: "/competency/", ID: "memory", Heading: "内存模型", Text: "排查内存泄漏时，pprof 是首选工具；调度与度器是两回事。"},
	{Title: "成长路径", URL: "/growth/", ID: "runtime", Heading: "深入运行时", Text: "阅读调度器源码：GMP 模型中调度器负责把 goroutine 分配给线程。"},
	{Title: "The Skill Map", URL: "/en/competency/", ID: "scheduling", Heading: "Making goroutine scheduling visible", Text: "Trace how the runtime schedules goroutines."},
	{Title: "The Skill Map", URL: "/en/competency/", ID: "memory", Heading: "Memory model", Text: "The scheduler is not the only suspect in a memory leak; the Scheduler's queue is short."},
	{Title: "Growth", URL: "/en/growth/", ID: "runtime", Heading: "The Go scheduler, inside out", Text: "Read the runtime source."},
}

func TestSearchRanking(t *testing.T) {
	ix := Build("mixed", report)
	tests := []struct {
		q    string
		want []string // hrefs, best first
	}{
		// A heading match outranks body matches; the body match with the whole phrase
		// outranks the one with its bigrams apart (调度 … 度器).
		{"调度器", []string{"/competency/#scheduling", "/growth/#runtime"}},
		{"内存泄漏", []string{"/competency/#memory"}},
		{"scheduler", []string{"/en/growth/#runtime", "/en/competency/#memory"}},
		{"Scheduling", []string{"/en/competency/#scheduling"}},
		{"sched", []string{"/en/competency/#scheduling", "/en/growth/#runtime", "/en/competency/#memory"}},
		{"memory leak", []string{"/en/competency/#memory"}},
		{"人才", []string{"/competency/", "/competency/#scheduling", "/competency/#memory"}},
		{"nothing here", nil},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range ix.Search(tt.q, 10) {
			got = append(got, ix.Docs[h.Doc].Href())
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Search(%q) = %v; want %v", tt.q, got, tt.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words here ", 10) + "the Go scheduler runs goroutines " + strings.Repeat("more filler ", 10)
	tests := []struct {
		text, q string
		width   int
		want    string // marks in [brackets]
	}{
		{"The scheduler schedules goroutines.", "schedule ", 90, "The scheduler [schedules] goroutines."},
		{"The scheduler schedules goroutines.", "sched", 90, "The [scheduler] [schedules] goroutines."},
		{"阅读调度器源码：调度器负责分配。", "调度器", 90, "阅读[调度器]源码：[调度器]负责分配。"},
		{"调度与度器是两回事", "调度器", 90, "[调度]与[度器]是两回事"},
		{"一个调字", "调", 90, "一个[调]字"},
		{long, "scheduler", 30, "…Go [scheduler] runs goroutines…"},
		{"No match at all in this text", "zzz", 12, "No match at…"},
	}
	for _, tt := range tests {
		var b strings.Builder
		for _, s := range Snippet(tt.text, ParseQuery(tt.q), tt.width) {
			if s.Mark {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		if b.String() != tt.want {
			t.Errorf("Snippet(%q, %q, %d) = %q; want %q", tt.text, tt.q, tt.width, b.String(), tt.want)
		}
	}
}

// corpus returns n sections with varied words, so the index has many terms.
func corpus(n int) []Doc {
	topics := []string{"scheduler", "channels", "profiling", "modules", "generics", "testing", "调度器", "通道", "性能剖析", "泛型"}
	var docs []Doc
	for i := range n {
		t := topics[i%len(topics)]
		docs = append(docs, Doc{
			Title:   fmt.Sprintf("Chapter %d", i/4),
			URL:     fmt.Sprintf("/c%d/", i/4),
			ID:      fmt.Sprintf("s%d", i%4),
			Heading: fmt.Sprintf("%s part %d", t, i%4),
			Text:    fmt.Sprintf("Section %d talks about %s and word%d, word%d and 词%d%d. 这一节讨论%s。", i, t, i, i%97, i%13, i%7, t),
		})
	}
	return docs
}

func TestPartsAnswerLikeTheWholeIndex(t *testing.T) {
	ix := Build("en", corpus(4000))
	const budget = 8 << 10
	files, err := ix.Files(budget)
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	r, err := Open(func(name string) ([]byte, error) {
		data, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("no file %s", name)
		}
		return data, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m = r.m
	if len(m.Terms) < 4 || len(m.Docs) < 4 {
		t.Fatalf("index of 4000 sections in %d term parts and %d doc parts; want it split", len(m.Terms), len(m.Docs))
	}
	for name, data := range files {
		if n := gzipLen(data); n > budget {
			t.Errorf("part %s is %d bytes gzipped; want at most %d", name, n, budget)
		}
	}
	for _, q := range []string{"scheduler", "word42", "word4", "调度器", "性能", "调", "section 17", "泛型 part", "zzz"} {
		want := ix.Search(q, 10)
		before := len(r.Fetched)
		got, err := r.Search(q, 10)
		if err != nil {
			t.Fatalf("Reader.Search(%q): %v", q, err)
		}
		if len(got) != len(want) {
			t.Fatalf("Reader.Search(%q) = %d results; Index.Search gives %d", q, len(got), len(want))
		}
		for i := range want {
			if got[i].Hit != want[i] || got[i].Doc != ix.Docs[want[i].Doc] {
				t.Errorf("Reader.Search(%q)[%d] = %+v; want %+v", q, i, got[i].Hit, want[i])
			}
		}
		// At most two term parts a term (a prefix may straddle two) and a document part
		// per result shown.
		if fetched, most := len(r.Fetched)-before, 2*len(ParseQuery(q).Terms)+len(got); fetched > most {
			t.Errorf("Reader.Search(%q) fetched %d files of %d term and %d doc parts; want at most %d", q, fetched, len(m.Terms), len(m.Docs), most)
		}
	}
}

func TestFilesOfASmallIndex(t *testing.T) {
	ix := Build("zh", report)
	files, err := ix.Files(60 << 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Errorf("files of a small index = %d; want a manifest, one term part, one document part", len(files))
	}
	for name := range files {
		if name != ManifestName && !strings.HasSuffix(name, ".json") {
			t.Errorf("file %q; want content-hashed .json parts", name)
		}
	}
	again, _ := Build("zh", report).Files(60 << 10)
	for name, data := range files {
		if string(again[name]) != string(data) {
			t.Errorf("file %s differs between two builds of the same docs", name)
		}
	}
}

func TestLess16(t *testing.T) {
	// U+FF5E sorts before U+20000 in UTF-8 but after it in UTF-16 (a surrogate pair, 0xD840…).
	if !less16("𠀀", "～") || less16("～", "𠀀") || !less16("a", "ab") || less16("b", "ab") {
		t.Error("less16 does not order by UTF-16 code units")
	}
}

// FuzzSortJS holds sortJS, which sorts by bytes when it can, to less16's order. The input
// is terms separated by spaces.
func FuzzSortJS(f *testing.F) {
	for _, s := range []string{"b a ab", "～ 𠀀 x", "\xc0 é a", "调度 调 z", "\xef\xbf\xbd \xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := strings.Split(s, " ")
		sortJS(terms)
		for i := 1; i < len(terms); i++ {
			if less16(terms[i], terms[i-1]) {
				t.Fatalf("%q sorts before %q by UTF-16, not after it", terms[i], terms[i-1])
			}
		}
	})
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"调度器 scheduler", "ＧＯ１２３", "Go's CI/CD", "\xff\xfe", "a\u0301b", "𠀀𠀁 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, tok := range Tokenize(s) {
			if tok.Term == "" || tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End || tok.Start < end-len(s) {
				t.Fatalf("Tokenize(%q): bad token %+v", s, tok)
			}
			if !utf8.ValidString(s[tok.Start:tok.End]) && utf8.ValidString(s) {
				t.Fatalf("Tokenize(%q): token %+v splits a character", s, tok)
			}
			end = tok.End
		}
		if got, want := Tokenize(s), tokenizeRunes(s); !slices.Equal(got, want) {
			t.Fatalf("Tokenize(%q) = %v; the rune-by-rune reference gives %v", s, got, want)
		}
		pq := ParseQuery(s)
		for _, m := range Matches(s, pq) {
			if m[0] < 0 || m[1] > len(s) || m[0] >= m[1] {
				t.Fatalf("Matches(%q) = bad range %v", s, m)
			}
		}
		_ = Snippet(s, pq, 20)
	})
}

// tokenizeRunes is Tokenize written plainly, rune by rune, with no fast path: the reference
// FuzzTokenize holds the fast one to.
func tokenizeRunes(text string) []Token {
	var toks []Token
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isCJK(r):
			j := i
			var starts []int
			for j < len(text) {
				r, n := utf8.DecodeRuneInString(text[j:])
				if !isCJK(r) {
					break
				}
				starts = append(starts, j)
				j += n
			}
			starts = append(starts, j)
			for k := 0; k+2 < len(starts); k++ {
				toks = append(toks, Token{Term: text[starts[k]:starts[k+2]], Start: starts[k], End: starts[k+2]})
			}
			last := len(starts) - 2
			toks = append(toks, Token{Term: text[starts[last]:j], Start: starts[last], End: j})
			i = j
		case isWord(r):
			j := i
			var w strings.Builder
			for j < len(text) {
				r, n := utf8.DecodeRuneInString(text[j:])
				if !isWord(r) || isCJK(r) {
					break
				}
				w.WriteRune(fold(r))
				j += n
			}
			if t := wordTerm(w.String()); t != "" {
				toks = append(toks, Token{Term: t, Start: i, End: j})
			}
			i = j
		default:
			i += n
		}
	}
	return toks
}

func FuzzSections(f *testing.F) {
	f.Add(`<h2 id="a">A <a class="anchor" href="#a">#</a></h2><p>x</p><svg><svg></svg></svg>`)
	f.Add(`<pre><pre></pre>`)
	f.Add(`<h3 id="b">unclosed`)
	f.Add(`<<>><!--`)
	f.Fuzz(func(t *testing.T, html string) {
		for _, s := range Sections([]byte(html)) {
			if s.Level != 0 && s.Level != 2 && s.Level != 3 {
				t.Fatalf("Sections(%q): level %d", html, s.Level)
			}
			if strings.TrimSpace(s.Text) != s.Text || strings.TrimSpace(s.Heading) != s.Heading {
				t.Fatalf("Sections(%q): untrimmed section %+v", html, s)
			}
		}
	})
}

func BenchmarkBuild(b *testing.B) {
	docs := corpus(2000)
	for b.Loop() {
		if _, err := Build("en", docs).Files(60 << 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := Build("en", corpus(2000))
	for _, q := range []string{"scheduler", "调度器", "sched", "word4 section"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				ix.Search(q, 10)
			}
		})
	}
}

// largeCorpus is 25,000 sections: a 5,000-page site of five sections a page.
func largeCorpus() []Doc {
	words := strings.Fields("scheduler goroutine channel profiling module generic testing tracing network storage deployment security observability kubernetes operator controller reconcile gateway latency throughput")
	zh := []string{"调度器", "协程", "通道", "性能剖析", "模块", "泛型", "测试", "链路追踪", "网络", "存储", "部署", "安全", "可观测性", "云原生人才", "内存泄漏"}
	var docs []Doc
	for i := range 25000 {
		var t strings.Builder
		for k := range 40 {
			fmt.Fprintf(&t, "%s %s%d ", words[(i*7+k*3)%len(words)], zh[(i+k)%len(zh)], (i*k)%500)
		}
		docs = append(docs, Doc{Title: fmt.Sprintf("Chapter %d", i/5), URL: fmt.Sprintf("/c%d/", i/5), ID: fmt.Sprintf("s%d", i%5), Heading: words[i%len(words)] + " " + zh[i%len(zh)], Text: t.String()})
	}
	return docs
}

// BenchmarkBuildLarge is Build alone on the large corpus, where common terms have postings
// in most of 25,000 sections.
func BenchmarkBuildLarge(b *testing.B) {
	docs := largeCorpus()
	for b.Loop() {
		Build("zh", docs)
	}
}

// BenchmarkLargeCorpus indexes the large corpus and reports how the index splits and what a
// query fetches of it.
func BenchmarkLargeCorpus(b *testing.B) {
	docs := largeCorpus()
	var files map[string][]byte
	for b.Loop() {
		var err error
		if files, err = Build("zh", docs).Files(60 << 10); err != nil {
			b.Fatal(err)
		}
	}
	total, largest := 0, 0
	for _, data := range files {
		n := gzipLen(data)
		total += n
		largest = max(largest, n)
	}
	fetched := 0
	queries := []string{"调度器", "内存泄漏", "云原生人才", "scheduler", "sched", "kubernetes operator"}
	for _, q := range queries {
		// A reader that has fetched nothing yet: the first query of a visit.
		r, err := Open(func(name string) ([]byte, error) { return files[name], nil })
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Search(q, 10); err != nil {
			b.Fatal(err)
		}
		for _, name := range r.Fetched {
			fetched += gzipLen(files[name])
		}
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(total)/1024, "total-KB-gz")
	b.ReportMetric(float64(largest)/1024, "largest-part-KB-gz")
	b.ReportMetric(float64(fetched)/1024/float64(len(queries)), "fetched-KB-gz/query")
}

// TestReaderReadsMinifiedNumbers: the build minifies JSON, which may write 12000 as 12e3.
func TestReaderReadsMinifiedNumbers(t *testing.T) {
	files := map[string][]byte{
		ManifestName: []byte(`{"v":1,"lang":"en","count":12001,"terms":[["","t.json"]],"docs":[[0,"d0.json"],[12e3,"d.json"]]}`),
		"t.json":     []byte(`{"go":[12e3,5e1]}`),
		"d0.json":    []byte(`{"pages":[],"docs":[]}`),
		"d.json":     []byte(`{"pages":[["T","/t/"]],"docs":[[0,"s","Go","text"]]}`),
	}
	r, err := Open(func(name string) ([]byte, error) { return files[name], nil })
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Search("go ", 10)
	if err != nil || len(got) != 1 || got[0].Doc.Href() != "/t/#s" || got[0].Score != 50 {
		t.Errorf("Search(go) over minified parts = %+v, %v; want /t/#s with score 50", got, err)
	}
}

func TestFits(t *testing.T) {
	random := make([]byte, 40000)
	for i := range random {
		random[i] = byte(i*7919 + i/3*31 + i*i)
	}
	for _, tt := range []struct {
		b      []byte
		budget int
	}{
		{[]byte("{}"), 60 << 10},
		{bytes.Repeat([]byte("调度器 scheduler "), 5000), 8 << 10},
		{random, 40100},
		{random, 39000},
		{random, 20000},
	} {
		if got, want := fits(tt.b, tt.budget), gzipLen(tt.b) <= tt.budget; got != want {
			t.Errorf("fits(%d bytes, %d) = %v; gzipped size %d says %v", len(tt.b), tt.budget, got, gzipLen(tt.b), want)
		}
	}
}

// gzipLen is the size fits measures a part by.
func gzipLen(b []byte) int { return weight.Gzipped(b, weight.Fast) }
