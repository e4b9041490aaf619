package chart

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// lang is the page language as far as charts care: zh or en.
type lang int

const (
	en lang = iota
	zh
)

func language(s string) lang {
	if strings.HasPrefix(strings.ToLower(s), "zh") {
		return zh
	}
	return en
}

// text holds the words a chart writes itself, per language.
type text struct {
	source, showData, download, missing string
	colon, listSep, open, close         string
	kinds                               map[string]string
	categories, series, from            string
}

var words = map[lang]text{
	en: {
		source: "Source: ", showData: "Show data", download: "Download CSV", missing: "–",
		colon: ": ", listSep: ", ", open: " (", close: ")",
		kinds: map[string]string{
			"bar": "Bar chart", "hbar": "Horizontal bar chart", "grouped": "Grouped bar chart",
			"stacked": "Stacked bar chart", "line": "Line chart", "area": "Area chart",
			"pie": "Pie chart", "donut": "Donut chart", "range": "Range chart", "scatter": "Scatter plot",
		},
		categories: "%d categories", series: "series", from: "values from %s to %s",
	},
	zh: {
		source: "来源：", showData: "查看数据", download: "下载 CSV", missing: "–",
		colon: "：", listSep: "、", open: "（", close: "）",
		kinds: map[string]string{
			"bar": "柱状图", "hbar": "条形图", "grouped": "分组柱状图",
			"stacked": "堆叠柱状图", "line": "折线图", "area": "面积图",
			"pie": "饼图", "donut": "环形图", "range": "区间图", "scatter": "散点图",
		},
		categories: "%d 个类别", series: "系列", from: "数值从 %s 到 %s",
	},
}

// numFormat formats the values of one chart.
type numFormat struct {
	kind string // number, percent or thousands
	lang lang
	unit string
}

// label formats v for the drawing with the given decimals, without unit.
func (f numFormat) label(v float64, decimals int) string {
	switch f.kind {
	case "percent":
		return formatNumber(v, decimals, true) + "%"
	case "thousands":
		return formatNumber(v/1000, decimals, true) + "k"
	}
	return formatNumber(v, decimals, true)
}

// exact formats v for the data table: every digit the CSV has.
func (f numFormat) exact(v float64, decimals int) string {
	if f.kind == "percent" {
		return formatNumber(v, decimals, true) + "%"
	}
	return formatNumber(v, decimals, true)
}

// withUnit appends the unit to a formatted value, by the page language's
// convention (see the package comment).
func (f numFormat) withUnit(s string) string {
	return withUnit(s, f.unit, f.lang)
}

func withUnit(s, unit string, l lang) string {
	if unit == "" {
		return s
	}
	r := []rune(unit)[0]
	if strings.ContainsRune("%°×‰", r) || (l == zh && isWide(r)) {
		return s + unit
	}
	return s + " " + unit
}

// thousandsDecimals picks decimals for format: thousands when the author
// did not: one if any value is not a whole number of thousands.
func thousandsDecimals(vals []float64) int {
	for _, v := range vals {
		if math.Mod(v, 1000) != 0 {
			return 1
		}
	}
	return 0
}

// formatNumber writes v with the given decimals, a comma between groups of
// thousands when group is set, and a minus sign for negatives.
func formatNumber(v float64, decimals int, group bool) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	neg := v < 0 && strings.Trim(s, "0.") != ""
	if group {
		intPart, frac := s, ""
		if dot := strings.IndexByte(s, '.'); dot >= 0 {
			intPart, frac = s[:dot], s[dot:]
		}
		if len(intPart) > 3 {
			var b strings.Builder
			lead := len(intPart) % 3
			if lead > 0 {
				b.WriteString(intPart[:lead])
			}
			for i := lead; i < len(intPart); i += 3 {
				if b.Len() > 0 {
					b.WriteByte(',')
				}
				b.WriteString(intPart[i : i+3])
			}
			s = b.String() + frac
		}
	}
	if neg {
		return "−" + s
	}
	return s
}

// stepDecimals is the number of decimals needed to tell ticks step apart.
func stepDecimals(step float64) int {
	if step <= 0 || step >= 1 {
		return 0
	}
	d := int(math.Ceil(-math.Log10(step) - 1e-9))
	// steps such as 0.25 need one more digit than their magnitude
	for d < maxDec && math.Abs(step*math.Pow10(d)-math.Round(step*math.Pow10(d))) > 1e-6 {
		d++
	}
	return d
}

// isWide reports whether r is drawn full-width (CJK and friends).
func isWide(r rune) bool {
	if r < 0x1100 { // Latin, Greek, Cyrillic, symbols: the common case
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK punctuation
		(r >= 0xFF01 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6) || // full-width forms
		(r >= 0x2E80 && r <= 0x2FDF) || (r >= 0x3100 && r <= 0x31FF) || (r >= 0x1F300 && r <= 0x1FAFF)
}
