package chart

import (
	"math"
	"strconv"
)

// pie draws pie and donut charts: slices clockwise from twelve o'clock in
// data order, each labelled with its share where the label fits. The
// legend (in the HTML) names the slices.
func (c *chart) pie() *canvas {
	s, d := c.spec, c.data
	se := d.series[0]
	cv := &canvas{w: width, h: 300}
	if s.Height > 0 {
		cv.h = float64(s.Height)
	}
	cx, cy := width/2, cv.h/2
	r := math.Min(cv.h/2-26, 150)
	inner := 0.0
	if s.Type == "donut" {
		inner = r * 0.58
	}
	total := 0.0
	for i, v := range se.vals {
		if se.ok[i] {
			total += v
		}
	}
	shareDec := 0
	if s.Decimals >= 0 {
		shareDec = s.Decimals
	} else if s.Format == "percent" {
		shareDec = se.dec
	}
	for i, v := range se.vals {
		if se.ok[i] && v > 0 && v/total < 0.01 {
			shareDec = max(shareDec, 1) // a sliver still reads as more than 0%
		}
	}

	type slice struct {
		r           int
		a0, a1, mid float64
	}
	var slices []slice
	a := 0.0
	for i, v := range se.vals {
		if !se.ok[i] || v == 0 {
			continue
		}
		a1 := a + v/total*2*math.Pi
		slices = append(slices, slice{r: i, a0: a, a1: a1, mid: (a + a1) / 2})
		a = a1
	}

	point := func(angle, rad float64) (float64, float64) {
		return cx + rad*math.Sin(angle), cy - rad*math.Cos(angle)
	}
	cv.open("chart-marks")
	for _, sl := range slices {
		dx, dy := 0.0, 0.0
		if sl.r == d.hl && len(slices) > 1 {
			dx, dy = point(sl.mid, 8)
			dx, dy = dx-cx, dy-cy
		}
		title := c.markTitle(sl.r, 0, c.cellText(0, sl.r)) +
			" (" + formatNumber(se.vals[sl.r]/total*100, shareDec, true) + "%)"
		cv.path("chart-slice chart-c"+strconv.Itoa(sl.r%maxMarks+1),
			slicePath(cx+dx, cy+dy, r, inner, sl.a0, sl.a1), title)
	}
	cv.close()

	cv.open("chart-values")
	if s.Type == "donut" && d.hl >= 0 && se.ok[d.hl] {
		share := formatNumber(se.vals[d.hl]/total*100, shareDec, true) + "%"
		cv.text(cx, cy+0.1*fontSize, fontSize*1.6, "middle", "chart-value chart-strong", share)
		for i, l := range wrap(d.rows[d.hl].name, inner*1.5, fontSize) {
			if i < 2 {
				cv.text(cx, cy+1.4*fontSize+float64(i)*fontSize*lineH, fontSize, "middle", "chart-value", l)
			}
		}
	}
	for _, sl := range slices {
		v := se.vals[sl.r]
		label := formatNumber(v/total*100, shareDec, true) + "%"
		if s.Type == "donut" && sl.r == d.hl {
			continue // in the hole already
		}
		w := textWidth(label, fontSize)
		mid := (r + inner) / 2
		if inner == 0 {
			mid = r * 0.64
		}
		arc := (sl.a1 - sl.a0) * mid
		class := "chart-value chart-in"
		if sl.r == d.hl {
			class += " chart-strong"
		}
		if arc >= w+6 && (r-inner) >= fontSize*1.6 {
			x, y := point(sl.mid, mid)
			if cv.tryText(x, y+0.35*fontSize, fontSize, "middle", class, label) {
				continue
			}
		}
		// outside, beside the slice
		x, y := point(sl.mid, r+10)
		anchor := "start"
		if math.Sin(sl.mid) < -0.2 {
			anchor = "end"
		} else if math.Abs(math.Sin(sl.mid)) <= 0.2 {
			anchor = "middle"
			if math.Cos(sl.mid) < 0 {
				y += 0.8 * fontSize
			}
		}
		cv.tryText(x, y+0.35*fontSize, fontSize, anchor, "chart-value", label)
	}
	cv.close()
	return cv
}

// slicePath draws a pie slice (inner 0) or a ring segment from angle a0 to
// a1, clockwise from twelve o'clock.
func slicePath(cx, cy, r, inner, a0, a1 float64) string {
	pt := func(a, rad float64) string {
		return num(cx+rad*math.Sin(a)) + " " + num(cy-rad*math.Cos(a))
	}
	if a1-a0 >= 2*math.Pi-1e-9 {
		// a whole circle cannot be one arc: draw two halves
		d := "M" + pt(0, r) + " A" + num(r) + " " + num(r) + " 0 1 1 " + pt(math.Pi, r) +
			" A" + num(r) + " " + num(r) + " 0 1 1 " + pt(0, r) + " Z"
		if inner > 0 {
			d += " M" + pt(0, inner) + " A" + num(inner) + " " + num(inner) + " 0 1 0 " + pt(math.Pi, inner) +
				" A" + num(inner) + " " + num(inner) + " 0 1 0 " + pt(0, inner) + " Z"
		}
		return d
	}
	large := "0"
	if a1-a0 > math.Pi {
		large = "1"
	}
	if inner == 0 {
		return "M" + num(cx) + " " + num(cy) + " L" + pt(a0, r) +
			" A" + num(r) + " " + num(r) + " 0 " + large + " 1 " + pt(a1, r) + " Z"
	}
	return "M" + pt(a0, r) + " A" + num(r) + " " + num(r) + " 0 " + large + " 1 " + pt(a1, r) +
		" L" + pt(a1, inner) + " A" + num(inner) + " " + num(inner) + " 0 " + large + " 0 " + pt(a0, inner) + " Z"
}
