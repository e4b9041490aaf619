package backup

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule is a parsed cron expression.
type Schedule interface {
	// Next returns the first activation strictly after t, or the zero time
	// if there is none within five years (e.g. "0 0 30 2 *").
	Next(t time.Time) time.Time
}

// ParseStandard parses a standard cron expression as robfig/cron's
// function of the same name does:
//
//	expr     = fields | descriptor
//	fields   = minute hour day-of-month month day-of-week   (separated by blanks)
//	field    = item { "," item }
//	item     = ( "*" | value | value "-" value ) [ "/" step ]
//	descriptor = "@yearly" | "@annually" | "@monthly" | "@weekly" | "@daily"
//	           | "@midnight" | "@hourly" | "@every" duration
//
// Ranges: minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week
// 0-6 (0 is Sunday; 7 is accepted as Sunday too). When both day fields are
// restricted, a day matches if either matches, as in Vixie cron. Times are
// in the location of the time passed to Next.
func ParseStandard(expr string) (Schedule, error) {
	expr = strings.TrimSpace(expr)
	if strings.HasPrefix(expr, "@") {
		return parseDescriptor(expr)
	}
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return nil, fmt.Errorf("parse schedule %q: want 5 fields (minute hour day month weekday), got %d", expr, len(fields))
	}
	var s spec
	for i, b := range bounds {
		set, err := parseField(fields[i], b)
		if err != nil {
			return nil, fmt.Errorf("parse schedule %q: %s field: %w", expr, b.name, err)
		}
		s.fields[i] = set
	}
	if s.fields[dow]&(1<<7) != 0 { // 7 is another name for Sunday
		s.fields[dow] |= 1
	}
	s.domStar = strings.HasPrefix(fields[dom], "*")
	s.dowStar = strings.HasPrefix(fields[dow], "*")
	return &s, nil
}

const (
	minute = iota
	hour
	dom
	month
	dow
)

type bound struct {
	name     string
	min, max int
}

var bounds = [5]bound{
	{"minute", 0, 59},
	{"hour", 0, 23},
	{"day-of-month", 1, 31},
	{"month", 1, 12},
	{"day-of-week", 0, 7},
}

// spec holds one bit set per field: bit n set means value n matches.
type spec struct {
	fields           [5]uint64
	domStar, dowStar bool
}

func parseField(field string, b bound) (uint64, error) {
	var set uint64
	for item := range strings.SplitSeq(field, ",") {
		lo, hi, step := b.min, b.max, 1
		rng, stepText, hasStep := strings.Cut(item, "/")
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n <= 0 {
				return 0, fmt.Errorf("bad step %q", stepText)
			}
			step = n
		}
		if rng != "*" {
			first, last, isRange := strings.Cut(rng, "-")
			var err error
			if lo, err = value(first, b); err != nil {
				return 0, err
			}
			switch {
			case isRange:
				if hi, err = value(last, b); err != nil {
					return 0, err
				}
			case hasStep:
				hi = b.max // "5/15" means 5-max/15
			default:
				hi = lo
			}
			if lo > hi {
				return 0, fmt.Errorf("range %q runs backwards", rng)
			}
		}
		for v := lo; v <= hi; v += step {
			set |= 1 << v
		}
	}
	return set, nil
}

func value(text string, b bound) (int, error) {
	n, err := strconv.Atoi(text)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", text)
	}
	if n < b.min || n > b.max {
		return 0, fmt.Errorf("%d is outside %d-%d", n, b.min, b.max)
	}
	return n, nil
}

func parseDescriptor(expr string) (Schedule, error) {
	if d, ok := strings.CutPrefix(expr, "@every "); ok {
		dur, err := time.ParseDuration(strings.TrimSpace(d))
		if err != nil {
			return nil, fmt.Errorf("parse schedule %q: %w", expr, err)
		}
		if dur <= 0 {
			return nil, fmt.Errorf("parse schedule %q: interval must be positive", expr)
		}
		return every(dur), nil
	}
	fields, ok := map[string]string{
		"@yearly":   "0 0 1 1 *",
		"@annually": "0 0 1 1 *",
		"@monthly":  "0 0 1 * *",
		"@weekly":   "0 0 * * 0",
		"@daily":    "0 0 * * *",
		"@midnight": "0 0 * * *",
		"@hourly":   "0 * * * *",
	}[expr]
	if !ok {
		return nil, fmt.Errorf("parse schedule %q: unknown descriptor", expr)
	}
	return ParseStandard(fields)
}

type every time.Duration

func (e every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

func (s *spec) Next(t time.Time) time.Time {
	loc := t.Location()
	t = t.Truncate(time.Minute).Add(time.Minute)
	limit := t.AddDate(5, 0, 0)
	for t.Before(limit) {
		switch {
		case !s.has(month, int(t.Month())):
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, loc)
		case !s.dayMatches(t):
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
		case !s.has(hour, t.Hour()):
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, loc)
		case !s.has(minute, t.Minute()):
			t = t.Add(time.Minute)
		default:
			return t
		}
	}
	return time.Time{}
}

func (s *spec) has(field, v int) bool { return s.fields[field]&(1<<v) != 0 }

func (s *spec) dayMatches(t time.Time) bool {
	d, w := s.has(dom, t.Day()), s.has(dow, int(t.Weekday()))
	if s.domStar || s.dowStar {
		return d && w
	}
	return d || w
}
