//go:build ignore

// The English edition's copy of region "execute" of template.go: the same
// code with English comments. It is not compiled; edition_test.go checks
// that its code matches template.go token for token.

package enttemplate

import (
	"fmt"
	"io"
)

// START execute OMIT
// Execute runs the template on the *Graph ent passes in, plus the OpenAPI
// version, so the generated openapi.gen.go carries that metadata.
func (t *Template) Execute(w io.Writer, data any) error {
	// data is ent's *gen.Graph
	g, ok := data.(*Graph)
	if !ok {
		return fmt.Errorf("execute %s: data is %T, want *Graph", t.T.Name(), data)
	}
	return t.T.Execute(w, struct {
		Graph   *Graph
		Version string `json:"version"` // the added metadata
	}{g, "1.2.0"})
}

// END execute OMIT
