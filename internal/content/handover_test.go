package content

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// TestHandover checks that a file's second read takes the first's bytes, and a third goes to
// the disk again, so nothing is kept once handed over.
func TestHandover(t *testing.T) {
	disk := &countingFS{MapFS: fstest.MapFS{"a.md": {Data: []byte("# A")}}, file: "a.md"}
	h := Handover(disk)
	for i, want := range []int64{1, 1, 2} {
		b, err := fs.ReadFile(h, "a.md")
		if err != nil || string(b) != "# A" {
			t.Fatalf("read %d = %q, %v; want %q", i+1, b, err, "# A")
		}
		if got := disk.reads.Load(); got != want {
			t.Errorf("after read %d, the disk was read %d times; want %d", i+1, got, want)
		}
	}
	if _, err := fs.ReadFile(h, "missing.md"); err == nil {
		t.Error("reading a missing file: no error")
	}
	if entries, err := fs.ReadDir(h, "."); err != nil || len(entries) != 1 {
		t.Errorf("ReadDir = %v, %v; want a.md", entries, err)
	}
}
