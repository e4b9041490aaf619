package main

import (
	"reflect"
	"testing"

	"folio/internal/output"
)

// TestRecordRoundTrip: a record decodes to what was encoded, and a record cut anywhere short
// of its end is no record.
func TestRecordRoundTrip(t *testing.T) {
	entry := output.Entry{Stat: output.Stat{Path: "index.html", Mode: 0o644, Size: 12, MTime: 1, CTime: 2, Ino: 3}, Hashed: true, Sum: [32]byte{9}}
	tests := []struct {
		name string
		r    buildRecord
	}{
		{"empty", buildRecord{}},
		{"no warnings", buildRecord{Key: [32]byte{1, 2}, Output: output.Snapshot{Taken: 5, Entries: []output.Entry{entry}}, Summary: "zh: 6 pages", Heaviest: "  index.html 3 KB\n"}},
		{"warnings", buildRecord{Key: [32]byte{3}, Output: output.Snapshot{Entries: []output.Entry{entry, entry}}, Warnings: []string{"a.md:1: warning: x", ""}, Summary: "s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.r.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var got buildRecord
			if err := got.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			if tt.r.Output.Entries == nil {
				tt.r.Output.Entries = []output.Entry{}
			}
			if !reflect.DeepEqual(got, tt.r) {
				t.Errorf("decoded %+v\nwant %+v", got, tt.r)
			}
			for n := range len(b) {
				if got.UnmarshalBinary(b[:n]) == nil {
					t.Fatalf("the first %d of %d bytes decode", n, len(b))
				}
			}
		})
	}
}

// FuzzRecordUnmarshal feeds UnmarshalBinary any bytes (the record is a file in the cache,
// which can be cut short or damaged): it fails or decodes, never panics, and what it decodes
// encodes again to bytes that decode the same.
func FuzzRecordUnmarshal(f *testing.F) {
	r := buildRecord{Key: [32]byte{1}, Output: output.Snapshot{Taken: 7, Entries: []output.Entry{{Stat: output.Stat{Path: "a"}}}}, Warnings: []string{"w"}, Summary: "s", Heaviest: "h"}
	b, err := r.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte(recordMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r buildRecord
		if r.UnmarshalBinary(b) != nil {
			return
		}
		again, err := r.MarshalBinary()
		if err != nil {
			t.Fatalf("decoded, but does not encode again: %v", err)
		}
		var r2 buildRecord
		if err := r2.UnmarshalBinary(again); err != nil || !reflect.DeepEqual(r, r2) {
			t.Fatalf("encoded again, decodes to %+v (%v), want %+v", r2, err, r)
		}
	})
}
