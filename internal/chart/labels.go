package chart

import (
	"strconv"
	"strings"
)

// This file holds the words and numbers a chart writes: value labels,
// tooltips, tick labels and class names.

func (c *chart) fmt() numFormat {
	return numFormat{kind: c.spec.Format, lang: c.lang, unit: c.spec.Unit}
}

// decimals returns the decimals of value labels of series y (-1: of all
// series together, for totals and ranges).
func (c *chart) decimals(y int) int {
	if c.spec.Decimals >= 0 {
		return c.spec.Decimals
	}
	list := c.data.series
	if y >= 0 {
		list = list[y : y+1]
	}
	if c.spec.Format == "thousands" {
		var vals []float64
		for _, se := range list {
			vals = append(vals, se.vals...)
		}
		return thousandsDecimals(vals)
	}
	dec := 0
	for _, se := range list {
		dec = max(dec, se.dec)
	}
	return dec
}

// valueText is the label of a value in the drawing.
func (c *chart) valueText(y int, v float64) string {
	if c.barMode() == stacked || c.barMode() == ranged {
		y = -1
	}
	return c.fmt().label(v, c.decimals(y))
}

// cellText is the value of series y in row r exactly as precise as its
// CSV cell, for tooltips and the data table.
func (c *chart) cellText(y, r int) string {
	se := c.data.series[y]
	return c.fmt().exact(se.vals[r], min(decimalsOf(se.raw[r]), maxDec))
}

// rangeText is the label of a range: "12–18", "10–15%".
func (c *chart) rangeText(a, b float64) string {
	return c.joinRange(c.fmt().label(a, c.decimals(-1)), c.fmt().label(b, c.decimals(-1)))
}

// joinRange writes the suffix (% or k) once: "10–15%".
func (c *chart) joinRange(a, b string) string {
	for _, suffix := range []string{"%", "k"} {
		if strings.HasSuffix(a, suffix) && strings.HasSuffix(b, suffix) {
			a = strings.TrimSuffix(a, suffix)
		}
	}
	if a == b {
		return b
	}
	return a + "–" + b
}

// tickText labels a tick of the value axis.
func (c *chart) tickText(sc *scale, v float64) string {
	div := 1.0
	if c.spec.Format == "thousands" {
		div = 1000
	}
	dec := 0
	if sc.log {
		dec = stepDecimals(v / div) // 0.1, 1, 10: each as short as it can be
	} else if len(sc.ticks) > 1 {
		dec = stepDecimals((sc.ticks[1] - sc.ticks[0]) / div)
	}
	return c.fmt().label(v, dec)
}

// axisTitle is the title of the value axis: the unit.
func (c *chart) axisTitle() string { return c.spec.Unit }

// markClass returns the classes of a mark of kind (chart-bar, chart-dot,
// chart-slice...) for series y in row r: its colour, and the highlight.
func (c *chart) markClass(kind string, y, r int) string {
	d := c.data
	colour := "chart-c" + strconv.Itoa(y%maxMarks+1)
	if d.hl < 0 {
		return kind + " " + colour
	}
	if len(d.series) == 1 || c.spec.Type == "range" {
		if r == d.hl {
			return kind + " chart-hl"
		}
		return kind + " " + colour
	}
	if r != d.hl {
		return kind + " " + colour + " chart-dim"
	}
	return kind + " " + colour
}

// markTitle is the tooltip of a mark: "北京：1,240个/月",
// "Kubernetes · Go: 92%".
func (c *chart) markTitle(r, y int, value string) string {
	name := c.data.rows[r].name
	if len(c.data.series) > 1 {
		name += " · " + c.data.series[y].name
	}
	return name + words[c.lang].colon + c.fmt().withUnit(value)
}
