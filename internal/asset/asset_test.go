package asset

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestBuild(t *testing.T) {
	fsys := fstest.MapFS{
		"css/50-chart.css":   {Data: []byte(".chart{}")},
		"css/00-base.css":    {Data: []byte(":root{}")},
		"js/theme.js":        {Data: []byte("theme()")},
		"static/favicon.svg": {Data: []byte("<svg/>")},
	}
	b, err := Build(fsys, ".chroma{}")
	if err != nil {
		t.Fatal(err)
	}
	css := b.Path("css/style.css")
	if !strings.HasPrefix(css, "css/style.") || len(css) != len("css/style.12345678.css") {
		t.Fatalf("stylesheet path = %q; want css/style.<8 hex>.css", css)
	}
	got := string(b.Files[css])
	base, chroma, chart := strings.Index(got, ":root{}"), strings.Index(got, ".chroma{}"), strings.Index(got, ".chart{}")
	if !(base >= 0 && base < chroma && chroma < chart) {
		t.Errorf("stylesheet order: base %d, code themes %d, chart %d; want base, code themes, then the rest:\n%s", base, chroma, chart, got)
	}
	if s := b.Scripts(); len(s) != 1 || !strings.HasPrefix(s[0], "js/theme.") {
		t.Errorf("scripts = %v", s)
	}
	if string(b.Files["favicon.svg"]) != "<svg/>" {
		t.Errorf("static file not copied to the site root: %v", b.Files)
	}

	// A changed stylesheet gets a new name, so browsers never keep a stale copy.
	fsys["css/00-base.css"] = &fstest.MapFile{Data: []byte(":root{--x:1}")}
	b2, err := Build(fsys, ".chroma{}")
	if err != nil {
		t.Fatal(err)
	}
	if b2.Path("css/style.css") == css {
		t.Errorf("stylesheet name %q did not change with its content", css)
	}
}
