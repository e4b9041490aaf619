package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"folio/internal/site"
)

func TestHeapForAndSmallSite(t *testing.T) {
	for _, tc := range []struct {
		size  int64
		heap  int64
		small bool
	}{
		{-1, 64 << 20, false}, // not known
		{0, 64 << 20, true},
		{4 << 20, 64 << 20, true},
		{4<<20 + 1, 64<<20 + 16, false},
		{70 << 20, 1120 << 20, false},
	} {
		if tc.size >= 0 {
			if got := heapFor(tc.size); got != tc.heap {
				t.Errorf("heapFor(%d) = %d, want %d", tc.size, got, tc.heap)
			}
		}
		if got := smallSite(tc.size); got != tc.small {
			t.Errorf("smallSite(%d) = %v, want %v", tc.size, got, tc.small)
		}
	}
}

// TestBundledReportIsSmall: the report's builds get the small site's settings (huge pages in
// edit builds, raiseGCFloor), which its timings in the README were measured with.
func TestBundledReportIsSmall(t *testing.T) {
	proj := site.Project{Content: os.DirFS("../../content"), Layouts: os.DirFS("../../layouts"), Assets: os.DirFS("../../assets")}
	_, size, err := site.Fingerprint(proj, site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !smallSite(size) {
		t.Errorf("the bundled report's sources are %d bytes: no longer a small site", size)
	}
}

// TestRaiseGCFloor: GOGC is 800 until the second collection, 200 after it.
func TestRaiseGCFloor(t *testing.T) {
	gogc := func() int {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p
	}
	gcs := func() uint32 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.NumGC
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	start := gcs()
	raiseGCFloor()
	if got := gogc(); got != 800 {
		t.Fatalf("GOGC = %d at first, want 800", got)
	}
	for deadline := time.Now().Add(5 * time.Second); gogc() != 200; {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC = %d after collections for 5 s, want 200", gogc())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // finalizers run after the collection, in their goroutine
	}
	if n := gcs() - start; n < 2 {
		t.Errorf("GOGC went back to 200 after %d collections, want 2 or more", n)
	}
}
