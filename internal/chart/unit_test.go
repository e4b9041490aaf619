package chart

import (
	"strconv"
	"strings"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v     float64
		dec   int
		group bool
		want  string
	}{
		{1240, 0, true, "1,240"},
		{980, 0, true, "980"},
		{1234567.891, 2, true, "1,234,567.89"},
		{68.1, 1, true, "68.1"},
		{41, 1, true, "41.0"},
		{-1240, 0, true, "−1,240"},
		{-0.0001, 2, true, "0.00"},
		{2019, 0, false, "2019"},
		{0.3, 2, true, "0.30"},
		{100000, 0, true, "100,000"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.v, tt.dec, tt.group); got != tt.want {
			t.Errorf("formatNumber(%v, %d, %v) = %q; want %q", tt.v, tt.dec, tt.group, got, tt.want)
		}
	}
}

func TestNumFormat(t *testing.T) {
	tests := []struct {
		kind, unit string
		lang       lang
		v          float64
		dec        int
		label      string
		tooltip    string
	}{
		{"number", "个/月", zh, 1240, 0, "1,240", "1,240个/月"},
		{"number", "jobs/month", en, 1240, 0, "1,240", "1,240 jobs/month"},
		{"number", "MB", zh, 12, 0, "12", "12 MB"},
		{"number", "ms", en, 50, 0, "50", "50 ms"},
		{"percent", "", zh, 68.1, 1, "68.1%", "68.1%"},
		{"percent", "", en, 41, 1, "41.0%", "41%"},
		{"percent", "", en, 68.1, 1, "68.1%", "68.1%"},
		{"thousands", "", en, 28400, 1, "28.4k", "28,400"},
		{"thousands", "元/月", zh, 28000, 0, "28k", "28,000元/月"},
		{"number", "%", en, 18.7, 1, "18.7", "18.7%"},
	}
	for _, tt := range tests {
		f := numFormat{kind: tt.kind, lang: tt.lang, unit: tt.unit}
		if got := f.label(tt.v, tt.dec); got != tt.label {
			t.Errorf("%+v.label(%v) = %q; want %q", f, tt.v, got, tt.label)
		}
		exactDec := decimalsOf(strconv.FormatFloat(tt.v, 'f', -1, 64)) // as a CSV cell would have it
		if got := f.withUnit(f.exact(tt.v, exactDec)); got != tt.tooltip {
			t.Errorf("%+v tooltip of %v = %q; want %q", f, tt.v, got, tt.tooltip)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1240", 1240, true},
		{"68.1", 68.1, true},
		{"-13", -13, true},
		{"+5", 5, true},
		{".5", 0.5, true},
		{"5.", 5, true},
		{"1e3", 1000, true},
		{"2.5E-2", 0.025, true},
		{"1,240", 0, false},
		{"68.1%", 0, false},
		{"<50", 0, false},
		{"0x10", 0, false},
		{"1_000", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{"1e", 0, false},
		{"１２", 0, false},
		{"1e400", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDecimalsOf(t *testing.T) {
	for in, want := range map[string]int{"1240": 0, "68.1": 1, "41.0": 1, "1.82": 2, "1e3": 0, "1.5e-2": 3, "5.": 0} {
		if got := decimalsOf(in); got != want {
			t.Errorf("decimalsOf(%q) = %d; want %d", in, got, want)
		}
	}
}

func TestNearest(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tittle", "title"},
		{"titel", "title"},
		{"hight", "height"},
		{"Sort", "sort"},
		{"serie", "series"},
		{"colour", ""},
		{"z", ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.in, specKeys); got != tt.want {
			t.Errorf("nearest(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		maxW  float64
		lines int
	}{
		{"北京", 100, 1},
		{"Envoy (control plane)", 130, 2},
		{"金融（持牌/类金融）", 100, 2},
		{"Average SRE debugging time (person-days)", 90, 3},
		{"Supercalifragilisticexpialidocious", 120, 3},
	}
	for _, tt := range tests {
		got := wrap(tt.in, tt.maxW, fontSize)
		if len(got) != tt.lines {
			t.Errorf("wrap(%q, %g) = %q; want %d lines", tt.in, tt.maxW, got, tt.lines)
		}
		for _, l := range got {
			if w := textWidth(l, fontSize); w > tt.maxW && len([]rune(l)) > 1 {
				t.Errorf("wrap(%q, %g): line %q is %g wide", tt.in, tt.maxW, l, w)
			}
		}
		joined := strings.Join(got, "")
		if !strings.HasSuffix(joined, "…") && strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(tt.in, " ", "") {
			t.Errorf("wrap(%q, %g) = %q; lost text", tt.in, tt.maxW, got)
		}
	}
}

func TestParseSpec(t *testing.T) {
	src := `type: grouped   # side by side
data: ch5-go-vs-rust.csv
x: metric
y: [go, rust]
label: metric_en
series: [Go 1.21, Rust 1.75]
title: "Go: fast builds"
unit: s
format: thousands
decimals: 1
sort: asc
highlight: P99
log: true
horizontal: true
height: 400
`
	s, err := ParseSpec([]byte(src))
	if err != nil {
		t.Fatalf("ParseSpec: %v", err)
	}
	got := []any{s.Type, s.Data, s.X, strings.Join(s.Y, "|"), s.Label, strings.Join(s.Series, "|"), s.Title,
		s.Unit, s.Format, s.Decimals, s.Sort, s.Highlight, s.Log, s.Horizontal, s.Height, s.Line("height")}
	want := []any{"grouped", "ch5-go-vs-rust.csv", "metric", "go|rust", "metric_en", "Go 1.21|Rust 1.75", "Go: fast builds",
		"s", "thousands", 1, "asc", "P99", true, true, 400, 15}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ParseSpec field %d = %v; want %v", i, got[i], want[i])
		}
	}
	s, err = ParseSpec([]byte("type: range\ndata: a.csv\nx: a\ny: [b, c]\n"))
	if err != nil || !s.Horizontal || s.Decimals != -1 || s.Format != "number" || s.Sort != "none" {
		t.Errorf("ParseSpec(range) = %+v, %v; want horizontal with default format, sort and decimals", s, err)
	}
}

// TestLanguages checks the words a chart writes itself in each edition.
func TestLanguages(t *testing.T) {
	files := map[string]string{"c.csv": cityCSV}
	spec := []byte("type: hbar\ndata: c.csv\nx: city\ny: jobs\nlabel: city_en\nsource: Lagou\nunit: jobs/month\n")
	res, err := Render(spec, Options{Lang: "en", ReadData: memData(files), DataURL: func(n string) string { return "/data/" + n }})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Source: Lagou", "<summary>Show data</summary>", `<a href="/data/c.csv" download>Download CSV</a>`,
		"<title>Beijing: 1,240 jobs/month</title>", "Horizontal bar chart, 3 categories; values from 760 to 1,240 jobs/month."} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("Render(en) lacks %q:\n%s", want, res.HTML)
		}
	}
	spec = []byte("type: hbar\ndata: c.csv\nx: city\ny: jobs\nsource: 拉勾\nunit: 个/月\n")
	res, err = Render(spec, Options{Lang: "zh", ReadData: memData(files)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"来源：拉勾", "<summary>查看数据</summary>", "<title>北京：1,240个/月</title>", "条形图，3 个类别；数值从 760 到 1,240个/月。"} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("Render(zh) lacks %q:\n%s", want, res.HTML)
		}
	}
}

// TestTicksAtTheLimitOfPrecision: values so large that their difference
// is below a float's resolution must still give a usable axis.
func TestTicksAtTheLimitOfPrecision(t *testing.T) {
	for _, c := range [][2]float64{{1e15, 1e15 + 0.125}, {-1e15, -1e15 + 0.25}, {999999999999999.9, 1e15}} {
		ticks, _ := linearTicks(c[0], c[1], 5)
		if ticks[0] > c[0] || ticks[len(ticks)-1] < c[1] || ticks[0] == ticks[len(ticks)-1] {
			t.Errorf("linearTicks(%v, %v) = %v; want distinct ticks covering the data", c[0], c[1], ticks)
		}
	}
	files := map[string]string{"p.csv": "a,v\nx,1000000000000000\ny,999999999999999.9\n"}
	for _, typ := range chartTypes {
		y := "v"
		if typ == "range" {
			y = "[v, v]"
		}
		spec := "type: " + typ + "\ndata: p.csv\nx: a\ny: " + y + "\n"
		if typ == "scatter" {
			spec = "type: scatter\ndata: p.csv\nx: v\ny: v\n"
		}
		res, err := Render([]byte(spec), Options{ReadData: memData(files)})
		if err != nil {
			t.Fatalf("Render(%q): %v", spec, err)
		}
		if strings.Contains(string(res.HTML), "NaN") || strings.Contains(string(res.HTML), "Inf") {
			t.Errorf("Render(%q) draws at NaN or Inf:\n%s", spec, res.HTML)
		}
	}
}

// TestWrapLongWord: a label of one enormous word is cut quickly, not
// measured once per character.
func TestWrapLongWord(t *testing.T) {
	long := strings.Repeat("x", 200000)
	got := wrap(long, 100, fontSize)
	if len(got) != maxLines || !strings.HasSuffix(got[maxLines-1], "…") {
		t.Errorf("wrap(200000 x's) = %d lines ending %q; want %d, the last cut with …", len(got), got[len(got)-1], maxLines)
	}
}
