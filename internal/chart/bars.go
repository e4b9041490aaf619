package chart

import (
	"math"
)

// barMode is how the series of a bar chart share a category.
type barMode int

const (
	single  barMode = iota // one bar per category
	grouped                // bars side by side
	stacked                // bars on top of each other
	ranged                 // one floating bar from the first series to the second
)

func (c *chart) barMode() barMode {
	switch {
	case c.spec.Type == "range":
		return ranged
	case len(c.data.series) == 1:
		return single
	case c.spec.Type == "stacked":
		return stacked
	}
	return grouped
}

// barEnd is where a bar ends: its value, its label and whether the label
// goes past the end on the low side (negative bars).
type barEnd struct {
	v     float64
	label string
	neg   bool
}

// bars draws bar, hbar, grouped, stacked and range charts, vertical or
// horizontal.
func (c *chart) bars() *canvas {
	s, d := c.spec, c.data
	mode := c.barMode()
	n, k := len(d.rows), len(d.series)
	horizontal := s.Horizontal

	// The ends of the bars, where value labels go.
	var ends []barEnd
	lo, hi := math.Inf(1), math.Inf(-1)
	note := func(v float64) { lo, hi = math.Min(lo, v), math.Max(hi, v) }
	for r := range d.rows {
		switch mode {
		case stacked:
			total, has := 0.0, false
			for y := range d.series {
				if d.series[y].ok[r] {
					total += d.series[y].vals[r]
					has = true
				}
			}
			if has {
				note(total)
				ends = append(ends, barEnd{v: total, label: c.valueText(0, total)})
			}
		case ranged:
			a, b := d.series[0], d.series[1]
			if a.ok[r] && b.ok[r] {
				note(a.vals[r])
				note(b.vals[r])
				ends = append(ends, barEnd{v: b.vals[r], label: c.rangeText(a.vals[r], b.vals[r])})
			}
		default:
			for y, se := range d.series {
				if se.ok[r] {
					note(se.vals[r])
					ends = append(ends, barEnd{v: se.vals[r], label: c.valueText(y, se.vals[r]), neg: se.vals[r] < 0})
				}
			}
		}
	}
	if !s.Log {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}

	// Totals on stacked bars, unless they are all alike (shares of 100%).
	sameTotals := mode == stacked
	for _, e := range ends {
		sameTotals = sameTotals && e.v == ends[0].v
	}
	if sameTotals {
		ends = nil
	}

	// Room needed past the bar ends for their labels.
	labHi, labLo := 0.0, 0.0
	for _, e := range ends {
		need := fontSize + 6
		if horizontal {
			need = textWidth(e.label, fontSize) + 8
		}
		if e.neg {
			labLo = math.Max(labLo, need)
		} else {
			labHi = math.Max(labHi, need)
		}
	}
	dataHi, dataLo := hi, lo

	cv := &canvas{w: width}
	var sc *scale
	var cats [][]string // wrapped category labels
	var step, catStart float64
	var catTop float64         // top of the category labels of vertical bars
	var labelX float64         // right edge of the labels left of the plot
	var plotLo, plotHi float64 // category axis extent (y for horizontal bars, x for vertical)
	if horizontal {
		maxW := width * 0.38
		cats = make([][]string, n)
		left := 0.0
		maxL := 1
		for r, row := range d.rows {
			cats[r] = wrap(row.name, maxW, fontSize)
			left = math.Max(left, widest(cats[r], fontSize)*boldFactor(r == d.hl))
			maxL = max(maxL, len(cats[r]))
		}
		left = math.Max(left+12, 24)
		top := 6.0
		bottom := 8 + tickSize*1.2
		if c.axisTitle() != "" {
			bottom += tickSize * 1.5
		}
		need := float64(maxL)*fontSize*lineH + 10
		switch mode {
		case grouped:
			need = math.Max(need, float64(k)*20+14)
		default:
			need = math.Max(need, 36)
		}
		if s.Height > 0 {
			step = (float64(s.Height) - top - bottom) / float64(n)
			cv.h = float64(s.Height)
		} else {
			step = need
			cv.h = math.Round(top + step*float64(n) + bottom)
		}
		catStart, labelX = top, left-8
		plotLo, plotHi = top, top+step*float64(n)
		lastHalf := textWidth(c.tickText(newScale(lo, hi, 5, s.Log), hi), tickSize)/2 + 2
		sc = c.fitScale(lo, hi, dataLo, dataHi, width-left-lastHalf, true, labHi, labLo, left)
	} else {
		cv.h = 320
		if s.Height > 0 {
			cv.h = float64(s.Height)
		}
		top := 10.0
		if c.axisTitle() != "" {
			top += tickSize * 1.6
		}
		bottom := 8 + fontSize*lineH
		left := 0.0
		for range 2 { // the left margin and the label wrapping depend on each other
			sc = c.fitScale(lo, hi, dataLo, dataHi, cv.h-top-bottom, false, labHi, labLo, cv.h-bottom)
			left = 0
			for _, t := range sc.ticks {
				left = math.Max(left, textWidth(c.tickText(sc, t), tickSize))
			}
			left += 10
			step = (width - left - 6) / float64(n)
			cats = make([][]string, n)
			maxL := 1
			for r, row := range d.rows {
				cats[r] = wrap(row.name, (step-8)/boldFactor(r == d.hl), fontSize)
				maxL = max(maxL, len(cats[r]))
			}
			bottom = 14 + float64(maxL)*fontSize*lineH
		}
		catStart, labelX = left, left-8
		catTop = cv.h - bottom
		plotLo, plotHi = left, width-6
	}

	cv.open("chart-grid")
	for _, t := range sc.ticks {
		p := sc.pos(t)
		if horizontal {
			cv.line("chart-gridline", p, plotLo, p, plotHi)
		} else {
			cv.line("chart-gridline", plotLo, p, plotHi, p)
		}
	}
	cv.close()

	// Tick labels and the axis title.
	cv.open("chart-axis")
	for _, t := range sc.ticks {
		p := sc.pos(t)
		if horizontal {
			cv.text(p, plotHi+6+0.8*tickSize, tickSize, "middle", "chart-tick", c.tickText(sc, t))
		} else {
			cv.text(labelX, p+0.35*tickSize, tickSize, "end", "chart-tick", c.tickText(sc, t))
		}
	}
	if title := c.axisTitle(); title != "" {
		if horizontal {
			cv.text(width-2, plotHi+6+2.3*tickSize, tickSize, "end", "chart-axis-title", title)
		} else {
			cv.text(0, tickSize, tickSize, "start", "chart-axis-title", title)
		}
	}
	cv.close()

	// Category labels.
	cv.open("chart-cats")
	for r := range d.rows {
		class := "chart-cat"
		if r == d.hl {
			class += " chart-strong"
		}
		mid := catStart + step*(float64(r)+0.5)
		for i, l := range cats[r] {
			if horizontal {
				y := mid + (float64(i)-float64(len(cats[r])-1)/2)*fontSize*lineH + 0.35*fontSize
				cv.text(labelX, y, fontSize, "end", class, l)
			} else {
				y := catTop + 12 + 0.8*fontSize + float64(i)*fontSize*lineH
				cv.text(mid, y, fontSize, "middle", class, l)
			}
		}
	}
	cv.close()

	// The bars, then their labels on top.
	geo := barGeom{horizontal: horizontal, cv: cv}
	var labels []func()
	cv.open("chart-marks")
	for r := range d.rows {
		c0 := catStart + step*float64(r)
		switch mode {
		case single, ranged:
			thick := math.Min(step*0.62, 56)
			b0 := c0 + (step-thick)/2
			class := c.markClass("chart-bar", 0, r)
			var v0, v1 float64
			var title, label string
			if mode == single {
				se := d.series[0]
				if !se.ok[r] {
					continue
				}
				v0, v1 = sc.pos(sc.base()), sc.pos(se.vals[r])
				title = c.markTitle(r, 0, c.cellText(0, r))
				label = c.valueText(0, se.vals[r])
			} else {
				a, b := d.series[0], d.series[1]
				if !a.ok[r] || !b.ok[r] {
					continue
				}
				v0, v1 = sc.pos(a.vals[r]), sc.pos(b.vals[r])
				if math.Abs(v1-v0) < 3 { // a range of one value still shows
					mid := (v0 + v1) / 2
					v0, v1 = mid-1.5, mid+1.5
					if !horizontal {
						v0, v1 = mid+1.5, mid-1.5
					}
				}
				title = d.rows[r].name + words[c.lang].colon + c.fmt().withUnit(c.joinRange(c.cellText(0, r), c.cellText(1, r)))
				label = c.rangeText(a.vals[r], b.vals[r])
			}
			geo.rect(class, b0, b0+thick, v0, v1, title)
			strong := r == d.hl
			labels = append(labels, func() { geo.endLabel(v1, v0, b0, thick, label, strong) })
		case grouped:
			group := step * 0.8
			sub := group / float64(k)
			for y, se := range d.series {
				if !se.ok[r] {
					continue
				}
				b0 := c0 + (step-group)/2 + sub*float64(y)
				v0, v1 := sc.pos(sc.base()), sc.pos(se.vals[r])
				geo.rect(c.markClass("chart-bar", y, r), b0+1, b0+sub-1, v0, v1, c.markTitle(r, y, c.cellText(y, r)))
				label := c.valueText(y, se.vals[r])
				strong := r == d.hl
				labels = append(labels, func() { geo.endLabel(v1, v0, b0+1, sub-2, label, strong) })
			}
		case stacked:
			thick := math.Min(step*0.62, 56)
			b0 := c0 + (step-thick)/2
			acc := 0.0
			for y, se := range d.series {
				if !se.ok[r] || se.vals[r] == 0 {
					continue
				}
				v0, v1 := sc.pos(acc), sc.pos(acc+se.vals[r])
				acc += se.vals[r]
				geo.rect(c.markClass("chart-bar", y, r), b0, b0+thick, v0, v1, c.markTitle(r, y, c.cellText(y, r)))
				label := c.valueText(y, se.vals[r])
				labels = append(labels, func() { geo.insideLabel(v0, v1, b0, thick, label) })
			}
			if acc > 0 && !sameTotals {
				end, label, strong := sc.pos(acc), c.valueText(0, acc), r == d.hl
				base := sc.pos(0)
				labels = append(labels, func() { geo.endLabel(end, base, b0, thick, label, strong) })
			}
		}
	}
	cv.close()

	// The zero line (or the bottom of a log axis) over the bars.
	cv.open("chart-axis")
	bp := sc.pos(sc.base())
	if horizontal {
		cv.line("chart-baseline", bp, plotLo, bp, plotHi)
	} else {
		cv.line("chart-baseline", plotLo, bp, plotHi, bp)
	}
	cv.close()

	cv.open("chart-values")
	for _, f := range labels {
		f()
	}
	cv.close()
	return cv
}

func boldFactor(bold bool) float64 {
	if bold {
		return 1.08
	}
	return 1
}

// fitScale chooses the ticks of the value axis and where it lies: a span
// of avail pixels from start (growing right for horizontal axes, up for
// vertical ones). Values between dataLo and dataHi must leave labLo and
// labHi pixels past the bar ends for their labels, and tick labels must
// not crowd each other.
func (c *chart) fitScale(lo, hi, dataLo, dataHi, avail float64, horizontal bool, labHi, labLo, start float64) *scale {
	per := 48.0
	if horizontal {
		per = 80
	}
	first := min(max(int(avail/per)+1, 2), 8)
	var sc *scale
	var off, length float64
	for count := first; count >= 2; count-- {
		sc = newScale(lo, hi, count, c.spec.Log)
		fHi, fLo := sc.frac(dataHi), sc.frac(dataLo)
		length, off = avail, 0
		for range 3 {
			if dataLo < 0 {
				off = math.Max(0, labLo-fLo*length)
			}
			length = avail - off
			if fHi > 0 && labHi > 0 {
				length = math.Min(length, (avail-labHi-off)/fHi)
			}
		}
		length = math.Max(length, 24)
		spacing := length / float64(len(sc.ticks)-1)
		need := tickSize * 1.6
		if horizontal {
			for _, t := range sc.ticks {
				need = math.Max(need, textWidth(c.tickText(sc, t), tickSize)+14)
			}
		}
		if spacing >= need {
			break
		}
	}
	if horizontal {
		sc.p0, sc.p1 = start+off, start+off+length
	} else {
		sc.p0, sc.p1 = start-off, start-off-length
	}
	return sc
}

// barGeom turns (category axis, value axis) positions into SVG for either
// orientation.
type barGeom struct {
	horizontal bool
	cv         *canvas
}

// rect draws a bar across c0..c1 on the category axis and v0..v1 on the
// value axis.
func (g barGeom) rect(class string, c0, c1, v0, v1 float64, title string) {
	if g.horizontal {
		g.cv.rect(class, v0, c0, v1-v0, c1-c0, title)
	} else {
		g.cv.rect(class, c0, v1, c1-c0, v0-v1, title)
	}
}

// endLabel puts a value label just past the end of a bar (end, grown from
// base), or inside the end when there is no room outside, or nowhere.
func (g barGeom) endLabel(end, base, b0, thick float64, label string, strong bool) {
	class := "chart-value"
	if strong {
		class += " chart-strong"
	}
	mid := b0 + thick/2
	if g.horizontal {
		y := mid + 0.35*fontSize
		if end >= base {
			if g.cv.tryOutside(end+5, y, fontSize, "start", class, label) {
				return
			}
			if end-base > textWidth(label, fontSize)+10 {
				g.cv.tryText(end-5, y, fontSize, "end", class+" chart-in", label)
			}
			return
		}
		g.cv.tryOutside(end-5, y, fontSize, "end", class, label)
		return
	}
	if end <= base {
		g.cv.tryOutside(mid, end-6, fontSize, "middle", class, label)
		return
	}
	g.cv.tryOutside(mid, end+6+0.8*fontSize, fontSize, "middle", class, label)
}

// insideLabel puts a label in the middle of a stacked segment if it fits.
func (g barGeom) insideLabel(v0, v1, b0, thick float64, label string) {
	w := textWidth(label, fontSize)
	length := math.Abs(v1 - v0)
	mid := (v0 + v1) / 2
	if g.horizontal {
		if length >= w+8 && thick >= fontSize+2 {
			g.cv.tryText(mid, b0+thick/2+0.35*fontSize, fontSize, "middle", "chart-value chart-in", label)
		}
		return
	}
	if length >= fontSize+4 && thick >= w+6 {
		g.cv.tryText(b0+thick/2, mid+0.35*fontSize, fontSize, "middle", "chart-value chart-in", label)
	}
}
