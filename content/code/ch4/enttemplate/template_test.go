package enttemplate

import (
	"strings"
	"testing"
	"text/template"
)

func TestExecuteWrongData(t *testing.T) {
	tmpl := &Template{T: template.Must(template.New("openapi.gen.go").Parse("{{ .Version }}"))}
	var b strings.Builder
	err := tmpl.Execute(&b, "not a graph")
	const want = "execute openapi.gen.go: data is string, want *Graph"
	if err == nil || err.Error() != want {
		t.Errorf("Execute(%q) error = %v; want %q", "not a graph", err, want)
	}
	if b.Len() != 0 {
		t.Errorf("Execute with the wrong data wrote %q; want nothing", b.String())
	}
}
