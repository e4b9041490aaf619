package chart

import (
	"math"
	"strconv"
	"strings"
)

// points draws line, area and scatter charts: a value axis up the left
// and either categories or a number axis along the bottom.
func (c *chart) points() *canvas {
	s, d := c.spec, c.data
	n := len(d.rows)
	cv := &canvas{w: width, h: 320}
	if s.Height > 0 {
		cv.h = float64(s.Height)
	}

	lo, hi := d.valueRange()
	if s.Type == "area" && !s.Log {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	top := 10.0
	if c.axisTitle() != "" {
		top += tickSize * 1.6
	}
	bottom := 14 + fontSize*lineH
	xTitle := ""
	if s.Type == "scatter" {
		xTitle = s.X
		bottom += tickSize * 1.5
	}

	// x axis: a number axis, or one slot per category.
	var xs *scale
	var cats [][]string
	var left, step float64
	var sc *scale
	for range 2 { // the left margin and the x axis depend on each other
		sc = c.fitScale(lo, hi, lo, hi, cv.h-top-bottom, false, fontSize+8, 0, cv.h-bottom)
		left = 0
		for _, t := range sc.ticks {
			left = math.Max(left, textWidth(c.tickText(sc, t), tickSize))
		}
		left += 10
		right := 12.0
		if d.numericX {
			xlo, xhi := math.Inf(1), math.Inf(-1)
			for _, r := range d.rows {
				xlo, xhi = math.Min(xlo, r.x), math.Max(xhi, r.x)
			}
			if s.Type == "scatter" {
				// points and their labels need air at the ends of the axis
				pad := (xhi - xlo) * 0.08
				if pad == 0 {
					pad = math.Max(math.Abs(xlo)*0.1, 1)
				}
				xlo, xhi = xlo-pad, xhi+pad
				if xlo < 0 && d.rowsMinX() >= 0 {
					xlo = 0
				}
			}
			avail := width - left - right
			for count := min(max(int(avail/90)+1, 2), 8); count >= 2; count-- {
				xs = newScale(xlo, xhi, count, false)
				if d.xYears && xs.ticks[1]-xs.ticks[0] < 1 {
					xs = yearScale(xlo, xhi) // no half years
				}
				wide := 0.0
				for _, t := range xs.ticks {
					wide = math.Max(wide, textWidth(c.xText(xs, t), tickSize))
				}
				right = math.Max(12, wide/2+2)
				if (width-left-right)/float64(len(xs.ticks)-1) >= wide+14 {
					break
				}
			}
			xs.p0, xs.p1 = left, width-right
			if s.Type == "scatter" {
				bottom = 14 + tickSize*1.2 + tickSize*1.5
			} else {
				bottom = 14 + tickSize*1.2
			}
		} else {
			step = (width - left - right) / float64(n)
			cats = make([][]string, n)
			maxL := 1
			for r, row := range d.rows {
				cats[r] = wrap(row.name, (step-8)/boldFactor(r == d.hl), fontSize)
				maxL = max(maxL, len(cats[r]))
			}
			bottom = 14 + float64(maxL)*fontSize*lineH
		}
	}
	plotBottom := cv.h - bottom
	xpos := func(r int) float64 {
		if d.numericX {
			return xs.pos(d.rows[r].x)
		}
		return left + step*(float64(r)+0.5)
	}

	cv.open("chart-grid")
	for _, t := range sc.ticks {
		cv.line("chart-gridline", left, sc.pos(t), width-6, sc.pos(t))
	}
	if d.numericX && s.Type == "scatter" {
		for _, t := range xs.ticks {
			cv.line("chart-gridline", xs.pos(t), sc.p1, xs.pos(t), sc.p0)
		}
	}
	cv.close()

	cv.open("chart-axis")
	for _, t := range sc.ticks {
		cv.text(left-8, sc.pos(t)+0.35*tickSize, tickSize, "end", "chart-tick", c.tickText(sc, t))
	}
	if title := c.axisTitle(); title != "" {
		cv.text(0, tickSize, tickSize, "start", "chart-axis-title", title)
	}
	if d.numericX {
		for _, t := range xs.ticks {
			cv.text(xs.pos(t), plotBottom+12+0.8*tickSize, tickSize, "middle", "chart-tick", c.xText(xs, t))
		}
		if xTitle != "" {
			cv.text(width-2, plotBottom+12+2.3*tickSize, tickSize, "end", "chart-axis-title", xTitle)
		}
	}
	cv.close()

	if !d.numericX {
		cv.open("chart-cats")
		for r := range d.rows {
			class := "chart-cat"
			if r == d.hl {
				class += " chart-strong"
			}
			for i, l := range cats[r] {
				cv.text(xpos(r), plotBottom+12+0.8*fontSize+float64(i)*fontSize*lineH, fontSize, "middle", class, l)
			}
		}
		cv.close()
	}

	// Lines and areas first, then the points over them.
	var dots []box
	cv.open("chart-marks")
	if s.Type != "scatter" {
		for y, se := range d.series {
			var line, area strings.Builder
			var run []int // the current stretch of present values
			flush := func() {
				if len(run) == 0 {
					return
				}
				for i, r := range run {
					cmd := " L"
					if i == 0 {
						cmd = " M"
					}
					line.WriteString(cmd + num(xpos(r)) + " " + num(sc.pos(se.vals[r])))
				}
				if s.Type == "area" {
					base := num(sc.pos(sc.base()))
					area.WriteString(" M" + num(xpos(run[0])) + " " + base)
					for _, r := range run {
						area.WriteString(" L" + num(xpos(r)) + " " + num(sc.pos(se.vals[r])))
					}
					area.WriteString(" L" + num(xpos(run[len(run)-1])) + " " + base + " Z")
				}
				run = run[:0]
			}
			for r := range d.rows {
				if se.ok[r] {
					run = append(run, r)
				} else {
					flush()
				}
			}
			flush()
			colour := " chart-c" + strconv.Itoa(y%maxMarks+1)
			if area.Len() > 0 {
				cv.path("chart-area"+colour, strings.TrimSpace(area.String()), "")
			}
			if line.Len() > 0 {
				cv.path("chart-line"+colour, strings.TrimSpace(line.String()), "")
			}
		}
	}
	radius := 4.0
	if s.Type == "scatter" {
		radius = 5.5
	}
	for y, se := range d.series {
		for r := range d.rows {
			if !se.ok[r] {
				continue
			}
			x, yy := xpos(r), sc.pos(se.vals[r])
			rr := radius
			if r == d.hl {
				rr += 2
			}
			title := c.markTitle(r, y, c.cellText(y, r))
			if s.Type == "scatter" {
				title = c.pointTitle(r, y)
			}
			cv.circle(c.markClass("chart-dot", y, r), x, yy, rr, title)
			dots = append(dots, box{x - rr, yy - rr, x + rr, yy + rr})
		}
	}
	cv.close()

	// Labels: values at the points of a line, names next to scatter points;
	// any that would collide are left to the tooltips and the table.
	cv.open("chart-values")
	marks := 0
	for _, se := range d.series {
		for r := range d.rows {
			if se.ok[r] {
				marks++
			}
		}
	}
	for y, se := range d.series {
		for r := range d.rows {
			if !se.ok[r] {
				continue
			}
			x, yy := xpos(r), sc.pos(se.vals[r])
			class := "chart-value"
			if r == d.hl {
				class += " chart-strong"
			}
			if s.Type == "scatter" {
				if s.Label == "" {
					continue // the names would only repeat the x values
				}
				name := d.rows[r].name
				_ = cv.tryText(x+9, yy+0.35*fontSize, fontSize, "start", class, name, dots...) ||
					cv.tryText(x-9, yy+0.35*fontSize, fontSize, "end", class, name, dots...) ||
					cv.tryText(x, yy-10, fontSize, "middle", class, name, dots...)
				continue
			}
			if marks > 24 && r != d.hl {
				continue
			}
			label := c.valueText(y, se.vals[r])
			_ = cv.tryText(x, yy-10, fontSize, "middle", class, label, dots...) ||
				cv.tryText(x, yy+10+0.8*fontSize, fontSize, "middle", class, label, dots...) ||
				cv.tryText(x+8, yy+0.35*fontSize, fontSize, "start", class, label, dots...) ||
				cv.tryText(x-8, yy+0.35*fontSize, fontSize, "end", class, label, dots...)
		}
	}
	cv.close()
	return cv
}

// yearScale ticks every year from lo to hi.
func yearScale(lo, hi float64) *scale {
	a, b := math.Floor(lo), math.Ceil(hi)
	if a == b {
		b++
	}
	var ticks []float64
	for v := a; v <= b; v++ {
		ticks = append(ticks, v)
	}
	return &scale{d0: a, d1: b, ticks: ticks}
}

// rowsMinX is the smallest numeric x.
func (d *dataset) rowsMinX() float64 {
	m := math.Inf(1)
	for _, r := range d.rows {
		m = math.Min(m, r.x)
	}
	return m
}

// xText labels a tick of a numeric x axis; years go without a separator.
func (c *chart) xText(xs *scale, v float64) string {
	dec := 0
	if len(xs.ticks) > 1 {
		dec = stepDecimals(xs.ticks[1] - xs.ticks[0])
	}
	return formatNumber(v, dec, !c.data.xYears)
}

// pointTitle is the tooltip of a scatter point: its name and both values.
func (c *chart) pointTitle(r, y int) string {
	d := c.data
	name := d.rows[r].name
	if len(d.series) > 1 {
		name += " · " + d.series[y].name
	}
	x := formatNumber(d.rows[r].x, d.xDec, !d.xYears)
	return name + words[c.lang].colon + x + words[c.lang].listSep + c.fmt().withUnit(c.cellText(y, r))
}
