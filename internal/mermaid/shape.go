package mermaid

import "math"

// pt is a point in SVG user units.
type pt struct{ X, Y float64 }

// Node padding around the label, in px.
const (
	padX = 16.0
	padY = 12.0
)

// nodeSize returns the outer size of a node drawn around a text block.
func nodeSize(s Shape, t textBlock) (w, h float64) {
	tw, th := t.W, t.H
	w, h = tw+2*padX, th+2*padY
	switch s {
	case ShapeStadium:
		w = tw + h
	case ShapeSubroutine:
		w += 16
	case ShapeAsymmetric:
		w += h / 4
	case ShapeCylinder:
		h += 2 * cylinderRY(w)
	case ShapeCircle:
		d := math.Hypot(tw, th) + 16
		return d, d
	case ShapeDoubleCircle:
		d := math.Hypot(tw, th) + 26
		return d, d
	case ShapeDiamond:
		// A 2:1 rhombus holding the padded text box: bw/W + bh/H = 1.
		bw, bh := tw+12, th+8
		w = bw + 2*bh
		h = max(w/2, bh+16)
	case ShapeHexagon:
		w += h / 2
	case ShapeLeanRight, ShapeLeanLeft, ShapeTrapezoid, ShapeTrapezoidDown:
		w += skew(h)
	}
	return w, h
}

func cylinderRY(w float64) float64 { return (w / 2) / (2.5 + w/50) }

func skew(h float64) float64 { return h * 0.45 }

// outline is the border of a node centred on c, as a closed polygon; curved
// borders are sampled finely enough for clipping edges to them.
func outline(s Shape, c pt, w, h float64) []pt {
	x0, x1, y0, y1 := c.X-w/2, c.X+w/2, c.Y-h/2, c.Y+h/2
	poly := func(ps ...float64) []pt {
		out := make([]pt, len(ps)/2)
		for i := range out {
			out[i] = pt{ps[2*i], ps[2*i+1]}
		}
		return out
	}
	switch s {
	case ShapeCircle, ShapeDoubleCircle:
		return ellipse(c, w/2, h/2, 48)
	case ShapeStadium:
		r := h / 2
		var out []pt
		for i := 0; i <= 12; i++ {
			a := -math.Pi/2 + math.Pi*float64(i)/12
			out = append(out, pt{x1 - r + r*math.Cos(a), c.Y + r*math.Sin(a)})
		}
		for i := 0; i <= 12; i++ {
			a := math.Pi/2 + math.Pi*float64(i)/12
			out = append(out, pt{x0 + r + r*math.Cos(a), c.Y + r*math.Sin(a)})
		}
		return out
	case ShapeDiamond:
		return poly(c.X, y0, x1, c.Y, c.X, y1, x0, c.Y)
	case ShapeHexagon:
		f := h / 4
		return poly(x0+f, y0, x1-f, y0, x1, c.Y, x1-f, y1, x0+f, y1, x0, c.Y)
	case ShapeLeanRight:
		k := skew(h)
		return poly(x0+k, y0, x1, y0, x1-k, y1, x0, y1)
	case ShapeLeanLeft:
		k := skew(h)
		return poly(x0, y0, x1-k, y0, x1, y1, x0+k, y1)
	case ShapeTrapezoid:
		k := skew(h) / 2
		return poly(x0+k, y0, x1-k, y0, x1, y1, x0, y1)
	case ShapeTrapezoidDown:
		k := skew(h) / 2
		return poly(x0, y0, x1, y0, x1-k, y1, x0+k, y1)
	case ShapeAsymmetric:
		return poly(x0, y0, x1, y0, x1, y1, x0, y1, x0+h/4, c.Y)
	}
	return poly(x0, y0, x1, y0, x1, y1, x0, y1)
}

func ellipse(c pt, rx, ry float64, n int) []pt {
	out := make([]pt, n)
	for i := range out {
		a := 2 * math.Pi * float64(i) / float64(n)
		out[i] = pt{c.X + rx*math.Cos(a), c.Y + ry*math.Sin(a)}
	}
	return out
}

// clip returns where the segment from the polygon's inside point c towards
// q first crosses the polygon, or c when it does not.
func clip(poly []pt, c, q pt) pt {
	best := math.Inf(1)
	dx, dy := q.X-c.X, q.Y-c.Y
	for i := range poly {
		a, b := poly[i], poly[(i+1)%len(poly)]
		ex, ey := b.X-a.X, b.Y-a.Y
		den := dx*ey - dy*ex
		if math.Abs(den) < 1e-12 {
			continue
		}
		t := ((a.X-c.X)*ey - (a.Y-c.Y)*ex) / den
		u := ((a.X-c.X)*dy - (a.Y-c.Y)*dx) / den
		if t >= 0 && u >= -1e-9 && u <= 1+1e-9 && t < best {
			best = t
		}
	}
	if math.IsInf(best, 1) || best > 1 {
		if best > 1 && !math.IsInf(best, 1) {
			return q // q lies inside: the edge ends where it is
		}
		return c
	}
	return pt{c.X + dx*best, c.Y + dy*best}
}

// distToPolygon is the distance from p to the polygon's border.
func distToPolygon(poly []pt, p pt) float64 {
	best := math.Inf(1)
	for i := range poly {
		a, b := poly[i], poly[(i+1)%len(poly)]
		ex, ey := b.X-a.X, b.Y-a.Y
		l2 := ex*ex + ey*ey
		t := 0.0
		if l2 > 0 {
			t = math.Max(0, math.Min(1, ((p.X-a.X)*ex+(p.Y-a.Y)*ey)/l2))
		}
		best = math.Min(best, math.Hypot(p.X-a.X-t*ex, p.Y-a.Y-t*ey))
	}
	return best
}
