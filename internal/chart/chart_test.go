package chart

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var (
	update  = flag.Bool("update", false, "rewrite golden files")
	preview = flag.String("preview", "", "write HTML pages showing every test chart into this directory")
)

func readTestData(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", "data", name))
}

func testOptions(name string) Options {
	o := Options{
		Lang:     "en",
		IDPrefix: name + "-",
		ReadData: readTestData,
		DataURL:  func(n string) string { return "/data/" + n },
		ShowData: "Show data",
		Download: "Download CSV",
	}
	if strings.HasSuffix(name, ".zh") {
		o.Lang, o.ShowData, o.Download = "zh", "查看数据", "下载 CSV"
	}
	return o
}

// reportCharts returns the test charts: testdata/charts/NAME.LANG.yaml.
func reportCharts(t testing.TB) map[string][]byte {
	files, err := filepath.Glob(filepath.Join("testdata", "charts", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test charts: %v", err)
	}
	specs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		specs[strings.TrimSuffix(filepath.Base(f), ".yaml")] = b
	}
	return specs
}

func sortedNames(m map[string][]byte) []string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	// file-name order, so that pages and failures come in a stable order
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

// splitTags puts each tag on a line of its own so golden diffs are legible.
func splitTags(b []byte) []byte {
	return append(bytes.ReplaceAll(b, []byte("><"), []byte(">\n<")), '\n')
}

func TestGolden(t *testing.T) {
	specs := reportCharts(t)
	types := map[string]map[string]bool{} // type → languages covered
	for _, name := range sortedNames(specs) {
		t.Run(name, func(t *testing.T) {
			spec := specs[name]
			res, err := Render(spec, testOptions(name))
			if err != nil {
				t.Fatalf("Render(%s): %v", name, err)
			}
			s, _ := ParseSpec(spec)
			lang := name[strings.LastIndexByte(name, '.')+1:]
			if types[s.Type] == nil {
				types[s.Type] = map[string]bool{}
			}
			types[s.Type][lang] = true

			got := splitTags(res.HTML)
			path := filepath.Join("testdata", "golden", name+".html")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Render(%s) differs from %s:\n%s", name, path, firstDiff(got, want))
			}
			if len(res.Files) != 1 || res.Files[0] != s.Data {
				t.Errorf("Render(%s).Files = %q; want [%q]", name, res.Files, s.Data)
			}
		})
	}
	for _, typ := range chartTypes {
		if !types[typ]["zh"] || !types[typ]["en"] {
			t.Errorf("no golden test of a %s chart in both languages (have %v)", typ, types[typ])
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return "(no line differs)"
}

// TestRenderDeterministic renders each chart twice: same bytes.
func TestRenderDeterministic(t *testing.T) {
	for name, spec := range reportCharts(t) {
		a, err1 := Render(spec, testOptions(name))
		b, err2 := Render(spec, testOptions(name))
		if err1 != nil || err2 != nil {
			t.Fatalf("Render(%s): %v, %v", name, err1, err2)
		}
		if !bytes.Equal(a.HTML, b.HTML) {
			t.Errorf("Render(%s) twice gave different output", name)
		}
	}
}

// TestPreview writes pages with every test chart, in both languages and
// both themes, to look at in a browser:
//
//	go test ./internal/chart -run TestPreview -preview /tmp/charts
func TestPreview(t *testing.T) {
	if *preview == "" {
		t.Skip("no -preview directory")
	}
	css, err := os.ReadFile(filepath.Join("..", "..", "assets", "css", "50-chart.css"))
	if err != nil {
		t.Fatal(err)
	}
	specs := reportCharts(t)
	for _, lang := range []string{"zh", "en"} {
		for _, theme := range []string{"light", "dark"} {
			var b bytes.Buffer
			fmt.Fprintf(&b, "<!doctype html><html lang=%q data-theme=%q><head><meta charset=utf-8>"+
				"<meta name=viewport content=\"width=device-width,initial-scale=1\"><style>%s\n%s</style></head><body><main>",
				lang, theme, previewBase, css)
			for _, name := range sortedNames(specs) {
				if !strings.HasSuffix(name, "."+lang) {
					continue
				}
				res, err := Render(specs[name], testOptions(name))
				if err != nil {
					t.Fatalf("Render(%s): %v", name, err)
				}
				b.Write(res.HTML)
			}
			b.WriteString("</main></body></html>\n")
			out := filepath.Join(*preview, lang+"-"+theme+".html")
			if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// previewBase stands in for the site's base stylesheet: the theme
// variables the chart stylesheet builds on.
const previewBase = `:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--surface:#f6f8fa;--accent:#0969da;--accent-fg:#fff;--code-bg:#f6f8fa;
--font-sans:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;--font-mono:ui-monospace,monospace}
:root[data-theme="dark"]{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--surface:#151b23;--accent:#4493f8;--accent-fg:#0d1117;--code-bg:#151b23}
body{margin:0;background:var(--bg);color:var(--fg);font-family:var(--font-sans);line-height:1.6}
main{max-width:44rem;margin:0 auto;padding:1rem}`
