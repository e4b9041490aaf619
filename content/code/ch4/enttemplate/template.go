// Package enttemplate is the ent extension sample of chapter 4, rewritten with
// the standard library: a code-generation template whose data is ent's schema
// graph plus an extra field, the OpenAPI version, so the generated file can
// carry it.
//
// Graph and Type are small stand-ins for entc/gen's Graph and Type; Template
// plays the part of gen.Template around a text/template.
//
// The Chinese edition of the report shows region "execute" of this file;
// the English edition shows the same code with English comments from
// template_en.go, which is not compiled (edition_test.go keeps them in step).
package enttemplate

import (
	"fmt"
	"io"
	"text/template"
)

// Graph is the schema graph handed to every code-generation template.
type Graph struct {
	Nodes []*Type
}

// Type is one schema (one entity) of the graph.
type Type struct {
	Name   string
	Fields []string
}

// Template is a code-generation template.
type Template struct {
	T *template.Template
}

// START execute OMIT
// Execute 执行模板：在 ent 传入的 *Graph 之外注入 OpenAPI 版本号，
// 生成的 openapi.gen.go 因此带上这条元信息。
func (t *Template) Execute(w io.Writer, data any) error {
	// data 是 ent 的 *gen.Graph 结构体
	g, ok := data.(*Graph)
	if !ok {
		return fmt.Errorf("execute %s: data is %T, want *Graph", t.T.Name(), data)
	}
	return t.T.Execute(w, struct {
		Graph   *Graph
		Version string `json:"version"` // 新增元信息
	}{g, "1.2.0"})
}

// END execute OMIT
