package markdown

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"

	"folio/internal/chart"
)

// chart renders a ```chart block: a YAML spec naming a CSV in content/data/, drawn as an
// inline SVG with its data table.
func (c *Converter) chart(f *Fence) (*rendered, *blockError) {
	sums := map[string][32]byte{} // of the data as read, for the cache
	res, err := chart.Render(f.Body, chart.Options{
		Lang:     c.opts.Lang,
		IDPrefix: f.idPrefix("c"),
		ReadData: func(name string) ([]byte, error) {
			if !fs.ValidPath(name) || path.Dir(name) != "." {
				return nil, errors.New("data: must name a file directly in content/data/, like jobs.csv")
			}
			data, err := fs.ReadFile(c.opts.FS, "data/"+name)
			if err == nil {
				sums["data/"+name] = sha256.Sum256(data)
			}
			return data, err
		},
		DataURL:  c.opts.DataURL,
		ShowData: c.opts.Strings["show_data"],
		Download: c.opts.Strings["download_csv"],
	})
	if err != nil {
		var ce *chart.Error
		if errors.As(err, &ce) {
			if ce.File != "" {
				// The spec line that named the data (when known), then the place in the CSV.
				pos := "content/data/" + ce.File
				if ce.Row > 0 {
					pos += fmt.Sprintf(":%d", ce.Row)
					if ce.Col > 0 {
						pos += fmt.Sprintf(":%d", ce.Col)
					}
				}
				return nil, errorf(ce.Line, "chart: %s: %s", pos, ce.Msg)
			}
			return nil, errorf(ce.Line, "chart: %s", ce.Msg)
		}
		return nil, errorf(0, "chart: %v", err)
	}
	r := &rendered{kind: "chart", html: res.HTML, sums: sums}
	for _, name := range res.Files {
		r.deps = append(r.deps, "data/"+name)
	}
	return r, nil
}
