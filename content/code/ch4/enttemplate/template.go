//go:build !edition_en

package enttemplate

import (
	"fmt"
	"io"
)

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
