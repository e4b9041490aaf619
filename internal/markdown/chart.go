package markdown

import (
	"errors"
	"io/fs"
	"path"

	"folio/internal/chart"
)

// chart renders a ```chart block: a YAML spec naming a CSV in content/data/, drawn as an
// inline SVG with its data table.
func (c *Converter) chart(f *Fence) (*rendered, *blockError) {
	res, err := chart.Render(f.Body, chart.Options{
		Lang:     c.opts.Lang,
		IDPrefix: f.idPrefix("c"),
		ReadData: func(name string) ([]byte, error) {
			if !fs.ValidPath(name) || path.Dir(name) != "." {
				return nil, errors.New("data: must name a file directly in content/data/, like jobs.csv")
			}
			return fs.ReadFile(c.opts.FS, "data/"+name)
		},
		DataURL:  c.opts.DataURL,
		ShowData: c.opts.Strings["show_data"],
		Download: c.opts.Strings["download_csv"],
	})
	if err != nil {
		var ce *chart.Error
		if errors.As(err, &ce) {
			msg := ce.Msg
			if ce.File != "" {
				msg = err.Error()
				return nil, errorf(0, "chart: content/data/%s", msg)
			}
			return nil, errorf(ce.Line, "chart: %s", msg)
		}
		return nil, errorf(0, "chart: %v", err)
	}
	r := &rendered{kind: "chart", html: res.HTML}
	for _, name := range res.Files {
		r.deps = append(r.deps, "data/"+name)
	}
	return r, nil
}
