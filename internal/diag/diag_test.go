package diag

import "testing"

func TestString(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Errorf("content/zh/01-a.md", 12, "bad %s", "thing"), "content/zh/01-a.md:12: bad thing"},
		{Errorf("content/site.yaml", 0, "missing"), "content/site.yaml: missing"},
		{Warnf("content/en/02-b.md", 3, "stale"), "content/en/02-b.md:3: warning: stale"},
		{Warnf("", 0, "cache not saved"), "warning: cache not saved"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q; want %q", got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	l := List{Warnf("b.md", 1, "w"), Errorf("b.md", 9, "e2"), Errorf("a.md", 20, "e1"), Errorf("b.md", 2, "e3")}
	l.Sort()
	want := []string{"a.md:20: e1", "b.md:1: warning: w", "b.md:2: e3", "b.md:9: e2"}
	for i, d := range l {
		if d.String() != want[i] {
			t.Errorf("sorted[%d] = %q; want %q", i, d, want[i])
		}
	}
	if len(l.Errors()) != 3 || len(l.Warnings()) != 1 || l.Err() == nil {
		t.Errorf("Errors, Warnings, Err = %d, %d, %v", len(l.Errors()), len(l.Warnings()), l.Err())
	}
	if (List{Warnf("a", 1, "w")}).Err() != nil {
		t.Error("a list of warnings is an error")
	}
}
