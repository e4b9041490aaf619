package backup

import (
	"strings"
	"testing"
	"time"
)

func TestNext(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		expr, from, want string
	}{
		{"0 2 * * *", "2024-06-01 22:30", "2024-06-02 02:00"},
		{"0 2 * * *", "2024-06-02 02:00", "2024-06-03 02:00"}, // strictly after
		{"*/15 * * * *", "2024-06-01 10:07", "2024-06-01 10:15"},
		{"5/15 * * * *", "2024-06-01 10:21", "2024-06-01 10:35"},
		{"0 9-17/4 * * *", "2024-06-01 13:01", "2024-06-01 17:00"},
		{"30 1 1,15 * *", "2024-06-02 00:00", "2024-06-15 01:30"},
		{"0 0 29 2 *", "2024-03-01 00:00", "2028-02-29 00:00"},
		{"0 0 * * 0", "2024-06-01 12:00", "2024-06-02 00:00"},  // 2024-06-02 is a Sunday
		{"0 0 * * 7", "2024-06-01 12:00", "2024-06-02 00:00"},  // 7 is Sunday too
		{"0 0 13 * 5", "2024-06-01 00:00", "2024-06-07 00:00"}, // the 13th OR a Friday
		{"0 0 1 1 *", "2024-12-31 23:59", "2025-01-01 00:00"},
		{"@hourly", "2024-06-01 10:07", "2024-06-01 11:00"},
		{"@daily", "2024-06-01 10:07", "2024-06-02 00:00"},
		{"@weekly", "2024-06-01 10:07", "2024-06-02 00:00"},
		{"@monthly", "2024-06-01 10:07", "2024-07-01 00:00"},
		{"@yearly", "2024-06-01 10:07", "2025-01-01 00:00"},
		{"@every 90m", "2024-06-01 10:07", "2024-06-01 11:37"},
	}
	for _, tt := range tests {
		s, err := ParseStandard(tt.expr)
		if err != nil {
			t.Errorf("ParseStandard(%q) error: %v", tt.expr, err)
			continue
		}
		if got, want := s.Next(at(tt.from)), at(tt.want); !got.Equal(want) {
			t.Errorf("ParseStandard(%q).Next(%s) = %s; want %s", tt.expr, tt.from, got.Format(time.DateTime), want.Format(time.DateTime))
		}
	}
}

func TestNextNever(t *testing.T) {
	s, err := ParseStandard("0 0 30 2 *")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Next(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)); !got.IsZero() {
		t.Errorf(`Next of "0 0 30 2 *" = %s; want the zero time`, got)
	}
}

func TestParseStandardErrors(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"", "want 5 fields"},
		{"0 2 * *", "want 5 fields"},
		{"0 2 * * * *", "want 5 fields"},
		{"60 * * * *", "minute field: 60 is outside 0-59"},
		{"0 24 * * *", "hour field: 24 is outside 0-23"},
		{"0 0 0 * *", "day-of-month field: 0 is outside 1-31"},
		{"0 0 * 13 *", "month field: 13 is outside 1-12"},
		{"0 0 * * 8", "day-of-week field: 8 is outside 0-7"},
		{"x * * * *", `minute field: "x" is not a number`},
		{"*/0 * * * *", `minute field: bad step "0"`},
		{"10-5 * * * *", `minute field: range "10-5" runs backwards`},
		{"@fortnightly", "unknown descriptor"},
		{"@every soon", "invalid duration"},
		{"@every -1h", "interval must be positive"},
	}
	for _, tt := range tests {
		_, err := ParseStandard(tt.expr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseStandard(%q) error = %v; want it to contain %q", tt.expr, err, tt.want)
		}
	}
}

func FuzzParseStandard(f *testing.F) {
	for _, s := range []string{"0 2 * * *", "*/5 1-3 1,15 */2 0-6", "@every 1h", "@daily", "5/15 * * * 7", "0 0 30 2 *"} {
		f.Add(s)
	}
	from := time.Date(2024, 6, 1, 22, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := ParseStandard(expr)
		if err != nil {
			return
		}
		next := s.Next(from)
		if !next.IsZero() && !next.After(from) {
			t.Errorf("ParseStandard(%q).Next(%s) = %s; want a later time", expr, from, next)
		}
	})
}
