package chart

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// figure writes the whole chart: heading, legend, SVG, notes and the data
// table.
func (c *chart) figure(b *bytes.Buffer, opts Options) {
	s := c.spec
	w := words[c.lang]
	var cv *canvas
	switch s.Type {
	case "pie", "donut":
		cv = c.pie()
	case "line", "area", "scatter":
		cv = c.points()
	default:
		cv = c.bars()
	}

	b.WriteString(`<figure class="chart chart-type-` + s.Type + `">`)
	if s.Title != "" {
		b.WriteString(`<figcaption class="chart-title">` + esc(s.Title) + `</figcaption>`)
	}
	c.legend(b)

	desc := c.description()
	title := s.Title
	if title == "" {
		title = w.kinds[s.Type]
	}
	h := num(cv.h)
	fmt.Fprintf(b, `<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" font-size="%s" role="img" aria-roledescription="chart" aria-labelledby="%stitle" aria-describedby="%sdesc">`,
		num(width), h, num(width), h, num(fontSize), esc(c.prefix), esc(c.prefix))
	fmt.Fprintf(b, `<title id="%stitle">%s</title><desc id="%sdesc">%s</desc>`, esc(c.prefix), esc(title), esc(c.prefix), esc(desc))
	b.Write(cv.b.Bytes())
	b.WriteString(`</svg>`)

	if s.Caption != "" {
		b.WriteString(`<p class="chart-caption">` + esc(s.Caption) + `</p>`)
	}
	if s.Source != "" {
		b.WriteString(`<p class="chart-source">` + esc(w.source+s.Source) + `</p>`)
	}
	c.table(b, opts)
	b.WriteString(`</figure>`)
}

// legend names the series (or the slices of a pie) with their colours.
// Several series only: one series is named by the title.
func (c *chart) legend(b *bytes.Buffer) {
	s, d := c.spec, c.data
	item := func(colour int, name string) {
		b.WriteString(`<li><span class="chart-key chart-c` + strconv.Itoa(colour%maxMarks+1) + `"></span>` + esc(name) + `</li>`)
	}
	switch {
	case s.Type == "pie" || s.Type == "donut":
		b.WriteString(`<ul class="chart-legend">`)
		for r, row := range d.rows {
			if d.series[0].ok[r] && d.series[0].vals[r] > 0 {
				item(r, row.name)
			}
		}
		b.WriteString(`</ul>`)
	case len(d.series) > 1 && s.Type != "range":
		b.WriteString(`<ul class="chart-legend">`)
		for y, se := range d.series {
			item(y, se.name)
		}
		b.WriteString(`</ul>`)
	}
}

// description summarises the chart for <desc>: its kind, size and range.
func (c *chart) description() string {
	s, d := c.spec, c.data
	w := words[c.lang]
	comma, semi, stop := ", ", "; ", "."
	if c.lang == zh {
		comma, semi, stop = "，", "；", "。"
	}
	var b strings.Builder
	b.WriteString(w.kinds[s.Type])
	b.WriteString(comma)
	b.WriteString(fmt.Sprintf(w.categories, len(d.rows)))
	if len(d.series) > 1 && s.Type != "range" {
		names := make([]string, len(d.series))
		for i, se := range d.series {
			names[i] = se.name
		}
		b.WriteString(comma + w.series + w.colon + strings.Join(names, w.listSep))
	}
	lo, hi := d.valueRange()
	dec := 0
	for y := range d.series {
		dec = max(dec, d.series[y].dec)
	}
	f := c.fmt()
	b.WriteString(semi + fmt.Sprintf(w.from, f.exact(lo, dec), f.withUnit(f.exact(hi, dec))) + stop)
	return b.String()
}

// table writes the data behind the chart, in CSV order, with every value
// as precise as the CSV has it, and the link to the CSV itself.
func (c *chart) table(b *bytes.Buffer, opts Options) {
	s, d := c.spec, c.data
	w := words[c.lang]
	summary, download := opts.ShowData, opts.Download
	if summary == "" {
		summary = w.showData
	}
	if download == "" {
		download = w.download
	}
	b.WriteString(`<details class="chart-data"><summary>` + esc(summary) + `</summary><div class="chart-table"><table><thead><tr>`)
	th := func(text string) { b.WriteString(`<th scope="col">` + esc(text) + `</th>`) }
	scatter := s.Type == "scatter"
	if scatter {
		if s.Label != "" {
			th(d.xHeader)
		}
		th(s.X)
	} else {
		th(d.xHeader)
	}
	for _, se := range d.series {
		head := se.name
		if s.Unit != "" {
			head += w.open + s.Unit + w.close
		}
		th(head)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range d.csvOrder {
		row := d.rows[r]
		b.WriteString(`<tr>`)
		switch {
		case scatter && s.Label != "":
			b.WriteString(`<th scope="row">` + esc(row.name) + `</th><td class="chart-num">` +
				esc(formatNumber(row.x, d.xDec, !d.xYears)) + `</td>`)
		case scatter:
			b.WriteString(`<th scope="row">` + esc(formatNumber(row.x, d.xDec, !d.xYears)) + `</th>`)
		default:
			b.WriteString(`<th scope="row">` + esc(row.name) + `</th>`)
		}
		for y, se := range d.series {
			v := w.missing
			if se.ok[r] {
				v = c.cellText(y, r)
			}
			b.WriteString(`<td class="chart-num">` + esc(v) + `</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></div>`)
	if opts.DataURL != nil {
		b.WriteString(`<p class="chart-download"><a href="` + esc(opts.DataURL(s.Data)) + `" download>` + esc(download) + `</a></p>`)
	}
	b.WriteString(`</details>`)
}
