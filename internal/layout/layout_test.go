package layout

import (
	"strings"
	"testing"
	"testing/fstest"
)

func layouts() fstest.MapFS {
	return fstest.MapFS{
		"partials/head.html": {Data: []byte(`{{define "head"}}<title>{{.Title}}</title>{{end}}`)},
		"cover.html":         {Data: []byte(`{{template "head" .}}cover`)},
		"chapter.html":       {Data: []byte("{{template \"head\" .}}\n<p>{{.T \"prev\"}}</p>\n")},
		"404.html":           {Data: []byte(`{{template "head" .}}404`)},
		"search.html":        {Data: []byte(`{{template "head" .}}search`)},
		"print.html":         {Data: []byte(`{{template "head" .}}print`)},
		"i18n/zh.yaml":       {Data: []byte("prev: 上一章\n")},
		"i18n/en.yaml":       {Data: []byte("prev: Previous\n")},
	}
}

func TestRender(t *testing.T) {
	tm, ds := Load(layouts(), []string{"zh", "en"})
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	got, err := tm.Render(&Page{Kind: "chapter", Lang: "en", Title: "A <b>"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "<title>A &lt;b&gt;</title>\n<p>Previous</p>\n"; string(got) != want {
		t.Errorf("Render = %q; want %q", got, want)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(fstest.MapFS)
		render bool
		want   string
	}{
		{"parse error", func(f fstest.MapFS) { f["chapter.html"].Data = []byte("ok\n{{if .Title}\n") }, false, "layouts/chapter.html:2: "},
		{"partial parse error", func(f fstest.MapFS) {
			f["partials/head.html"].Data = []byte("{{define \"head\"}}\n\n{{.Title\n{{end}}")
		}, false, "layouts/partials/head.html:4: unexpected"},
		{"missing layout", func(f fstest.MapFS) { delete(f, "404.html") }, false, "layouts/404.html: missing layout"},
		{"missing strings", func(f fstest.MapFS) { delete(f, "i18n/en.yaml") }, false, `layouts/i18n/en.yaml: missing UI strings for language "en"`},
		{"bad strings", func(f fstest.MapFS) { f["i18n/en.yaml"].Data = []byte("prev: [x\n") }, false, "layouts/i18n/en.yaml:"},
		{"missing key", func(f fstest.MapFS) { f["i18n/en.yaml"].Data = []byte("next: Next\n") }, true, `layouts/chapter.html:2: `},
		{"unknown field", func(f fstest.MapFS) { f["chapter.html"].Data = []byte("\n\n{{.Nope}}") }, true, "layouts/chapter.html:3: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := layouts()
			tt.edit(fsys)
			tm, ds := Load(fsys, []string{"zh", "en"})
			var got string
			if !tt.render {
				if ds.Err() == nil {
					t.Fatalf("Load succeeded; want an error containing %q", tt.want)
				}
				got = ds.Error()
			} else {
				if ds.Err() != nil {
					t.Fatal(ds)
				}
				_, err := tm.Render(&Page{Kind: "chapter", Lang: "en"})
				if err == nil {
					t.Fatalf("Render succeeded; want an error containing %q", tt.want)
				}
				got = err.Error()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("error = %q; want it to contain %q", got, tt.want)
			}
		})
	}
}
