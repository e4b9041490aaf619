package chart

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// dataset is the data of one chart, checked against its type and in the
// order it is drawn.
type dataset struct {
	rows     []row    // in drawing order (sorted if the spec asks)
	csvOrder []int    // indexes into rows in CSV order, for the data table
	series   []series // one per y column
	xHeader  string   // heading of the category column in the table
	numericX bool     // x is a number axis (scatter; line and area when every x is a number)
	xDec     int      // decimals of numeric x values
	xYears   bool     // numeric x values look like years: no thousands separator
	hl       int      // index in rows of the highlighted category, or -1
}

// maxValue bounds the values a chart accepts, far above any report's
// numbers, so that scales stay finite.
const maxValue = 1e15

// maxRows bounds the rows of a chart: beyond it no mark or label is
// legible, and label placement (quadratic in labels) would slow the build.
const maxRows = 1000

type row struct {
	key  string  // the x value as written
	name string  // the display name (label column, else key)
	x    float64 // numeric x, if numericX
	line int     // CSV line, for errors
}

type series struct {
	name string
	col  string
	vals []float64
	ok   []bool // false: missing value
	raw  []string
	dec  int // decimals used in the CSV
}

func newDataset(s *Spec, t *Table, l lang) (*dataset, error) {
	col := func(key, name string) (int, error) {
		i, ok := t.Column(name)
		if !ok {
			msg := fmt.Sprintf("no column %q", name)
			if near := nearest(name, t.Header); near != "" {
				msg += fmt.Sprintf(", did you mean %q?", near)
			} else {
				msg += " (columns: " + strings.Join(t.Header, ", ") + ")"
			}
			return 0, &Error{Line: s.Line(key), File: t.Name, Msg: msg}
		}
		return i, nil
	}
	if len(t.Rows) == 0 {
		return nil, &Error{Line: s.Line("data"), File: t.Name, Msg: "empty data set: no rows under the header"}
	}
	if len(t.Rows) > maxRows {
		return nil, &Error{Line: s.Line("data"), File: t.Name,
			Msg: fmt.Sprintf("%d rows are more than a chart can show (at most %d)", len(t.Rows), maxRows)}
	}
	xi, err := col("x", s.X)
	if err != nil {
		return nil, err
	}
	li := xi
	if s.Label != "" {
		if li, err = col("label", s.Label); err != nil {
			return nil, err
		}
	}
	d := &dataset{hl: -1, xHeader: t.Header[li]}
	if s.XTitle != "" {
		d.xHeader = s.XTitle
	}
	for r, rec := range t.Rows {
		key := strings.TrimSpace(rec[xi])
		name := strings.TrimSpace(rec[li])
		if name == "" {
			name = key
		}
		d.rows = append(d.rows, row{key: key, name: name, line: t.Lines[r]})
	}
	for i, y := range s.Y {
		yi, err := col("y", y)
		if err != nil {
			return nil, err
		}
		se := series{name: t.Header[yi], col: y}
		if len(s.Series) == len(s.Y) {
			se.name = s.Series[i]
		}
		for r, rec := range t.Rows {
			raw := strings.TrimSpace(rec[yi])
			se.raw = append(se.raw, raw)
			if raw == "" {
				se.vals = append(se.vals, 0)
				se.ok = append(se.ok, false)
				continue
			}
			v, ok := parseNumber(raw)
			if !ok {
				return nil, &Error{File: t.Name, Row: t.Lines[r], Col: yi + 1, Msg: notNumber(rec[yi])}
			}
			if math.Abs(v) > maxValue {
				return nil, &Error{File: t.Name, Row: t.Lines[r], Col: yi + 1, Msg: fmt.Sprintf("%q is too large to chart", raw)}
			}
			se.vals = append(se.vals, v)
			se.ok = append(se.ok, true)
			se.dec = max(se.dec, min(decimalsOf(raw), maxDec))
		}
		d.series = append(d.series, se)
	}
	if err := d.check(s, t, xi); err != nil {
		return nil, err
	}
	d.csvOrder = make([]int, len(d.rows))
	for i := range d.csvOrder {
		d.csvOrder[i] = i
	}
	if err := d.sort(s); err != nil {
		return nil, err
	}
	if s.Highlight != "" {
		for i, r := range d.rows {
			if r.key == s.Highlight || r.name == s.Highlight {
				d.hl = i
				break
			}
		}
		if d.hl < 0 {
			return nil, &Error{Line: s.Line("highlight"), File: t.Name,
				Msg: fmt.Sprintf("highlight %q is not a value of column %q", s.Highlight, s.X)}
		}
	}
	return d, nil
}

// check validates the values against the chart type and axis.
func (d *dataset) check(s *Spec, t *Table, xi int) error {
	at := func(r int, y int, msg string) error {
		yi, _ := t.Column(s.Y[y])
		return &Error{File: t.Name, Row: d.rows[r].line, Col: yi + 1, Msg: msg}
	}
	found := false
	for y, se := range d.series {
		for r, v := range se.vals {
			if !se.ok[r] {
				continue
			}
			found = true
			raw := se.raw[r]
			switch {
			case (s.Type == "pie" || s.Type == "donut") && v < 0:
				return at(r, y, fmt.Sprintf("%q is negative; a %s chart needs values of 0 or more", raw, s.Type))
			case s.Type == "stacked" && v < 0:
				return at(r, y, fmt.Sprintf("%q is negative; stacked bars need values of 0 or more", raw))
			case s.Log && v <= 0:
				return at(r, y, fmt.Sprintf("%q cannot be shown on a log axis (values must be above 0)", raw))
			}
		}
	}
	if !found {
		return &Error{Line: s.Line("y"), File: t.Name, Msg: "empty data set: no values in " + strings.Join(s.Y, ", ")}
	}
	if s.Type == "range" {
		lo, hi := d.series[0], d.series[1]
		for r := range d.rows {
			if lo.ok[r] && hi.ok[r] && lo.vals[r] > hi.vals[r] {
				return at(r, 0, fmt.Sprintf("minimum %s is above maximum %s", lo.raw[r], hi.raw[r]))
			}
		}
	}
	if s.Type == "pie" || s.Type == "donut" {
		total := 0.0
		for r, v := range d.series[0].vals {
			if d.series[0].ok[r] {
				total += v
			}
		}
		if total <= 0 {
			return &Error{Line: s.Line("y"), File: t.Name, Msg: "empty data set: the values add up to 0"}
		}
		if len(d.rows) > maxMarks {
			return &Error{Line: s.Line("type"), File: t.Name,
				Msg: fmt.Sprintf("%d slices are too many to tell apart (at most %d); use type: hbar", len(d.rows), maxMarks)}
		}
	}
	for _, r := range d.rows {
		if r.key == "" && s.Type != "scatter" {
			return &Error{File: t.Name, Row: r.line, Col: xi + 1, Msg: "empty category"}
		}
	}
	// Numeric x: always for scatter, and for line or area when every x is
	// a number (years, sizes), so that gaps between x values show.
	numeric := s.Type == "scatter" || s.Type == "line" || s.Type == "area"
	xs := make([]float64, len(d.rows))
	allYears := true
	for i, r := range d.rows {
		if !numeric {
			break
		}
		v, ok := parseNumber(r.key)
		if !ok {
			if s.Type == "scatter" {
				return &Error{File: t.Name, Row: r.line, Col: xi + 1, Msg: notNumber(r.key) + "; a scatter plot needs a numeric x"}
			}
			numeric = false
			break
		}
		if math.Abs(v) > maxValue {
			return &Error{File: t.Name, Row: r.line, Col: xi + 1, Msg: fmt.Sprintf("%q is too large to chart", r.key)}
		}
		xs[i] = v
		d.xDec = max(d.xDec, min(decimalsOf(r.key), maxDec))
		if v != math.Trunc(v) || v < 1000 || v > 2999 {
			allYears = false
		}
	}
	if numeric {
		d.numericX = true
		d.xYears = allYears
		for i := range d.rows {
			d.rows[i].x = xs[i]
		}
	}
	return nil
}

// sort orders the rows by the first series, missing values last.
func (d *dataset) sort(s *Spec) error {
	if s.Sort == "none" {
		return nil
	}
	if d.numericX {
		return &Error{Line: s.Line("sort"), Msg: "sort applies to categories; this chart has a numeric x axis"}
	}
	first := d.series[0]
	idx := make([]int, len(d.rows))
	for i := range idx {
		idx[i] = i
	}
	desc := s.Sort == "desc"
	sort.SliceStable(idx, func(a, b int) bool {
		ia, ib := idx[a], idx[b]
		if first.ok[ia] != first.ok[ib] {
			return first.ok[ia]
		}
		if desc {
			return first.vals[ia] > first.vals[ib]
		}
		return first.vals[ia] < first.vals[ib]
	})
	rows := make([]row, len(idx))
	pos := make([]int, len(idx)) // old index → new index
	for n, o := range idx {
		rows[n] = d.rows[o]
		pos[o] = n
	}
	d.rows = rows
	for i := range d.series {
		se := &d.series[i]
		vals, ok, raw := make([]float64, len(idx)), make([]bool, len(idx)), make([]string, len(idx))
		for n, o := range idx {
			vals[n], ok[n], raw[n] = se.vals[o], se.ok[o], se.raw[o]
		}
		se.vals, se.ok, se.raw = vals, ok, raw
	}
	for i := range d.csvOrder {
		d.csvOrder[i] = pos[i]
	}
	return nil
}

// valueRange returns the smallest and largest present value over series.
func (d *dataset) valueRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, se := range d.series {
		for r, v := range se.vals {
			if se.ok[r] {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi
}
