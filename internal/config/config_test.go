package config

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	c, ds := Parse([]byte("title: {zh: 标题, en: Title}\nlanguages: [zh, en]\nbase_url: https://example.github.io/report\n"))
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	if c.DefaultLang() != "zh" || c.BasePath() != "/report/" || c.Origin() != "https://example.github.io" {
		t.Errorf("Parse: default %q, base path %q, origin %q", c.DefaultLang(), c.BasePath(), c.Origin())
	}
	if c.Budgets.PageKB != 30 || c.RepoBranch != "main" {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"title: {zh: x}\nlanguages: [zh]\nlanguage: [en]\n", `content/site.yaml:3: unknown key "language", did you mean "languages"?`},
		{"title: {zh: x}\nlanguages: zh\n", "content/site.yaml:2: invalid YAML"},
		{"title: {zh: x}\nlanguages: [zh, zh]\n", `content/site.yaml:2: language "zh" is listed twice`},
		{"title: {zh: x}\nlanguages: [zh, EN]\n", `content/site.yaml:2: language "EN" is not a language code`},
		{"title: {zh: x}\nlanguages: [zh, en]\n", `content/site.yaml:1: no title for language "en"`},
		{"title: {zh: x}\nlanguages: [zh]\nbase_url: ftp://x/\n", "content/site.yaml:3: base_url"},
		{"title: [\n", "content/site.yaml:"},
		{"", "no languages"},
	}
	for _, tt := range tests {
		_, ds := Parse([]byte(tt.in))
		if ds.Err() == nil || !strings.Contains(ds.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v; want an error containing %q", tt.in, ds, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"title", "description", "languages", "base_url"}
	for in, want := range map[string]string{"tittle": "title", "descrption": "description", "baseurl": "base_url", "zzzzzz": ""} {
		if got := Nearest(in, keys); got != want {
			t.Errorf("Nearest(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("title: {zh: x, en: y}\nlanguages: [zh, en]\nbase_url: /r/\n"))
	f.Add([]byte("budgets: {page_kb: -1}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ds := Parse(data)
		if (c == nil) == (ds.Err() == nil) {
			t.Fatalf("Parse(%q) = %v, %v: want exactly one of config and error", data, c, ds)
		}
		if c != nil && (len(c.Languages) == 0 || !strings.HasSuffix(c.BasePath(), "/")) {
			t.Fatalf("Parse(%q) accepted an invalid config: %+v", data, c)
		}
	})
}
