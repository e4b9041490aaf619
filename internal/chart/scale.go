package chart

import (
	"math"
	"strconv"
)

// scale maps values to pixels along one axis.
type scale struct {
	d0, d1 float64 // domain: the first and last tick
	p0, p1 float64 // pixels of d0 and d1
	log    bool
	ticks  []float64
	dec    int // decimals of tick labels
}

func (s *scale) pos(v float64) float64 {
	var f float64
	if s.log {
		f = (math.Log10(v) - math.Log10(s.d0)) / (math.Log10(s.d1) - math.Log10(s.d0))
	} else {
		f = (v - s.d0) / (s.d1 - s.d0)
	}
	return s.p0 + f*(s.p1-s.p0)
}

// frac returns where v falls in the domain, 0 to 1.
func (s *scale) frac(v float64) float64 {
	if s.log {
		return (math.Log10(v) - math.Log10(s.d0)) / (math.Log10(s.d1) - math.Log10(s.d0))
	}
	return (v - s.d0) / (s.d1 - s.d0)
}

// base returns the value bars grow from: zero, or the bottom of a log axis.
func (s *scale) base() float64 {
	if s.log {
		return s.d0
	}
	return math.Max(s.d0, math.Min(0, s.d1))
}

// newScale returns a scale whose ticks cover lo..hi with about count ticks.
func newScale(lo, hi float64, count int, log bool) *scale {
	var ticks []float64
	dec := 0
	if log {
		ticks = logTicks(lo, hi, count)
		for _, t := range ticks {
			dec = max(dec, stepDecimals(t))
		}
	} else {
		var step float64
		ticks, step = linearTicks(lo, hi, count)
		dec = stepDecimals(step)
	}
	return &scale{d0: ticks[0], d1: ticks[len(ticks)-1], log: log, ticks: ticks, dec: dec}
}

// linearTicks returns evenly spaced round ticks (steps of 1, 2 or 5 times a
// power of ten), about count of them, the first at or below lo and the last
// at or above hi.
func linearTicks(lo, hi float64, count int) ([]float64, float64) {
	if count < 2 {
		count = 2
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		switch {
		case lo == 0:
			hi = 1
		case lo > 0:
			lo = 0
		default:
			hi = 0
		}
	}
	step := niceStep((hi - lo) / float64(count-1))
	start := math.Floor(lo/step+1e-9) * step
	n := int(math.Ceil((hi-start)/step - 1e-9))
	if n < 1 {
		n = 1
	}
	ticks := make([]float64, n+1)
	for i := range ticks {
		ticks[i] = roundTo(start+float64(i)*step, step)
	}
	// guard against rounding leaving the data outside
	for i := 0; ticks[0] > lo && i < 2; i++ {
		ticks = append([]float64{roundTo(ticks[0]-step, step)}, ticks...)
	}
	for i := 0; ticks[len(ticks)-1] < hi && i < 2; i++ {
		ticks = append(ticks, roundTo(ticks[len(ticks)-1]+step, step))
	}
	// a step below the precision of the values (1e15 + 0.01) cannot be
	// drawn evenly: fall back to the data's own ends
	if ticks[0] > lo || ticks[len(ticks)-1] < hi || ticks[0] == ticks[len(ticks)-1] {
		if lo == hi {
			hi = lo + 1
		}
		return []float64{lo, hi}, hi - lo
	}
	return ticks, step
}

// niceStep rounds raw up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	e := math.Floor(math.Log10(raw))
	mag := pow10(int(e))
	f := raw / mag
	switch {
	case f <= 1+1e-9:
		return mag
	case f <= 2+1e-9:
		return 2 * mag
	case f <= 5+1e-9:
		return 5 * mag
	}
	return 10 * mag
}

// logTicks returns powers of ten covering lo..hi (and 2 and 5 times them
// when the range spans few decades), at most about count.
func logTicks(lo, hi float64, count int) []float64 {
	e0 := int(math.Floor(math.Log10(lo) + 1e-9))
	e1 := int(math.Ceil(math.Log10(hi) - 1e-9))
	if e1 <= e0 {
		e1 = e0 + 1
	}
	var ticks []float64
	if e1-e0 <= 1 {
		for e := e0; e < e1; e++ {
			for _, m := range []float64{1, 2, 5} {
				ticks = append(ticks, m*pow10(e))
			}
		}
		ticks = append(ticks, pow10(e1))
		// trim the extra ticks outside the data, keeping it covered
		for len(ticks) > 2 && ticks[1] <= lo {
			ticks = ticks[1:]
		}
		for len(ticks) > 2 && ticks[len(ticks)-2] >= hi {
			ticks = ticks[:len(ticks)-1]
		}
		return ticks
	}
	every := 1
	for (e1-e0)/every+1 > max(count, 2) {
		every++
	}
	e0 = e1 - (e1-e0+every-1)/every*every // keep the top decade, cover the bottom
	for e := e0; e <= e1; e += every {
		ticks = append(ticks, pow10(e))
	}
	return ticks
}

// pow10 returns 10^e exactly as its decimal literal would.
func pow10(e int) float64 {
	v, _ := strconv.ParseFloat("1e"+strconv.Itoa(e), 64)
	return v
}

// roundTo removes floating-point noise from a multiple of step.
func roundTo(v, step float64) float64 {
	d := stepDecimals(step)
	p := math.Pow10(d)
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}
