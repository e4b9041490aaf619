// Package chart draws charts from CSV data as inline SVG at build time.
//
// A chart is described by a small YAML spec (the body of a ```chart block):
//
//	type: hbar                  # bar | hbar | grouped | stacked | line | area | pie | donut | range | scatter
//	data: ch1-city-jobs.csv     # a CSV file, read through Options.ReadData
//	x: city                     # category column (numeric for scatter, optionally for line/area)
//	y: go_jobs_per_month        # one column or a list [a, b]; range: [min_col, max_col]
//	label: city_en              # optional: display names of the categories in the page language
//	x_title: City               # optional: heading of the category column in the data table
//	series: [Go, Java]          # optional: display names of the y columns (default: the header)
//	title: ...                  # heading of the figure and the SVG <title>
//	caption: ...                # optional note under the chart
//	source: ...                 # "Source: ..." note under the chart
//	unit: 个/月                  # unit of the values: value axis title, tooltips, table header
//	format: number              # number | percent | thousands
//	decimals: 1                 # optional: decimals of value labels (default: as in the data)
//	sort: desc                  # none | asc | desc, by the first series
//	highlight: 北京              # optional: an x (or label) value to emphasise
//	log: true                   # optional: logarithmic value axis
//	horizontal: true            # optional: horizontal grouped, stacked or bar; range is horizontal
//	                            # unless horizontal: false
//	height: 320                 # optional: height of the drawing in px (width is always 480)
//
// Render turns a spec into a <figure class="chart">: the heading, a legend when
// there are several series (or pie slices), the SVG, the caption and source,
// and a <details> element holding the data table and a link to the CSV, so
// every number is in the HTML and readable without the picture.
//
// # Data
//
// CSV files are UTF-8 with a header row (a byte order mark is tolerated).
// Numbers are plain: an optional sign, digits, an optional decimal point and
// exponent. Thousands separators, percent signs and qualifiers such as "<" or
// "~" are errors that name the file, row and column, e.g.
// `city-jobs.csv:3:2: "1,240" is not a number`; qualifiers belong in a text
// column. An empty cell is a missing value: it is skipped in the drawing and
// shown as "–" in the table. Rows are file lines (the header is row 1) and
// columns count fields from 1.
//
// # Numbers
//
// format: number shows values with a comma between thousands and a point
// before decimals, in both languages: 1,240 and 1.82. format: percent expects
// the CSV to hold plain numbers that are already percentages (68.1 means
// 68.1 %) and appends "%" with no space: 68.1%. format: thousands divides by
// 1,000 and appends "k" in both languages (28.4k), as the source report writes
// salaries. Negative numbers use the minus sign "−". Decimals default to the
// most decimals the column uses in the CSV, so 41.0 next to 68.1 keeps its
// ".0"; decimals: N fixes them for the labels of the drawing, while the data
// table always shows the values exactly as precise as the CSV.
//
// Units follow the page language. In English a space separates number and
// unit ("1,240 jobs/month", "12 MB"). In Chinese a unit written in Chinese
// characters follows the number directly ("1,240个/月") and a Latin unit
// keeps its space ("12 MB"). Units starting with "%", "°" or "×" are never
// spaced. Bar and point labels show bare numbers: the unit is the title of
// the value axis, and each mark's tooltip repeats it.
//
// # Output
//
// The SVG uses classes only ("chart-c1" … "chart-c8" for series colours,
// "chart-hl" for the highlight, "chart-grid", "chart-value" …); colours come
// from the --chart-* custom properties in the site stylesheet, so light and
// dark themes apply. Text inherits the page font. Every id starts with
// Options.IDPrefix, every CSV value is escaped, and the output depends only
// on the spec, the data and the options.
package chart

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Options carries what a chart needs from the page that shows it.
type Options struct {
	Lang     string                            // "zh" or "en": number formatting, which label column...
	IDPrefix string                            // prepended to every id in the output; unique per chart on a page, e.g. "ch2-"
	ReadData func(name string) ([]byte, error) // reads a CSV named by `data:` (a file name inside content/data/)
	DataURL  func(name string) string          // the published URL of that CSV, for the download link
	ShowData string                            // UI string for the <details> summary: "查看数据" / "Show data"
	Download string                            // UI string for the CSV link: "下载 CSV" / "Download CSV"
}

// Result is a rendered chart.
type Result struct {
	HTML  []byte   // <figure class="chart">: the <svg>, caption/source note, <details> data table, CSV link
	Files []string // the data files read (for incremental rebuilds)
}

// Error is a problem with a chart spec or its data. Line is 1-based within
// the spec (0 if the problem is not tied to a spec line); File, Row and Col
// name a CSV position (Row is the file line, Col the 1-based field) when the
// problem is in the data.
type Error struct {
	Line     int
	File     string
	Row, Col int
	Msg      string
	err      error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.File != "" {
		b.WriteString(e.File)
		if e.Row > 0 {
			fmt.Fprintf(&b, ":%d", e.Row)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error, such as the one from Options.ReadData.
func (e *Error) Unwrap() error { return e.err }

// Render draws the chart described by spec. Errors are *Error.
func Render(spec []byte, opts Options) (*Result, error) {
	s, err := ParseSpec(spec)
	if err != nil {
		return nil, err
	}
	if opts.ReadData == nil {
		return nil, &Error{Line: s.Line("data"), File: s.Data, Msg: "no data reader configured"}
	}
	raw, err := opts.ReadData(s.Data)
	if err != nil {
		msg := "read data: " + err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			msg = "data file not found"
		}
		return nil, &Error{Line: s.Line("data"), File: s.Data, Msg: msg, err: err}
	}
	t, err := ReadCSV(s.Data, raw)
	if err != nil {
		return nil, err
	}
	lang := language(opts.Lang)
	d, err := newDataset(s, t, lang)
	if err != nil {
		return nil, err
	}
	prefix := opts.IDPrefix
	if prefix == "" {
		// Callers should pass a prefix that is unique on the page; without
		// one, a hash keeps the ids deterministic and unlikely to collide.
		h := sha256.New()
		h.Write(spec)
		h.Write(raw)
		prefix = "chart-" + hex.EncodeToString(h.Sum(nil)[:4]) + "-"
	}
	c := &chart{spec: s, data: d, lang: lang, prefix: prefix}
	var buf bytes.Buffer
	c.figure(&buf, opts)
	return &Result{HTML: buf.Bytes(), Files: []string{s.Data}}, nil
}

// chart is one chart being drawn.
type chart struct {
	spec   *Spec
	data   *dataset
	lang   lang
	prefix string
}
