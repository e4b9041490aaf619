package layout

import (
	"fmt"
	"html/template"
	"os"
	"strings"
	"testing"
)

// BenchmarkRender is the template stage for one chapter page of the report's shape: 30 KB of
// content, a table of contents and a dozen chapters in the navigation.
func BenchmarkRender(b *testing.B) {
	tmpl, ds := Load(os.DirFS("../../layouts"), []string{"zh", "en"})
	if ds.Err() != nil {
		b.Skipf("layouts: %v", ds)
	}
	p := &Page{
		Kind: "chapter", Lang: "en", Title: "Drivers", SiteTitle: "Report", Num: 2,
		Content: template.HTML(strings.Repeat("<p>Go is known for its small syntax and efficient concurrency model.</p>\n", 400)),
		Home:    "/en/", URL: "/en/drivers/", CSS: "/css/style.css", Scripts: []string{"/js/theme.js"},
	}
	for i := 1; i <= 12; i++ {
		item := NavItem{Num: i, Title: fmt.Sprintf("Chapter %d", i), URL: fmt.Sprintf("/en/c%d/", i), Current: i == 2}
		p.Nav = append(p.Nav, item)
		p.TOC = append(p.TOC, TOCItem{ID: fmt.Sprintf("s%d", i), Text: fmt.Sprintf("Section %d", i)})
	}
	p.Prev, p.Next = &p.Nav[0], &p.Nav[2]
	p.Translations = []Alt{{Lang: "zh", Name: "中文", URL: "/drivers/"}, {Lang: "en", Name: "English", URL: "/en/drivers/"}}
	p.Switch = p.Translations[:1]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tmpl.Render(p); err != nil {
			b.Fatal(err)
		}
	}
}
