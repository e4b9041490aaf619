package content

import (
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
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

// changingFS gives a different version of every file each time it is read, after a pause
// in which another read can begin.
type changingFS struct {
	fstest.MapFS
	reads atomic.Int64
}

func (c *changingFS) ReadFile(name string) ([]byte, error) {
	n := c.reads.Add(1)
	time.Sleep(time.Millisecond)
	return []byte(fmt.Sprintf("version %d of %s", n, name)), nil
}

// TestHandoverReadsAtOnce: two reads of a file at once (a first build's fingerprint beside its
// load) read it once and have the same bytes, whatever the file becomes meanwhile.
func TestHandoverReadsAtOnce(t *testing.T) {
	disk := &changingFS{}
	h := Handover(disk)
	names := []string{"a.md", "b.md", "c.md", "d.md"}
	got := make([][2][]byte, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		for j := range 2 {
			wg.Go(func() {
				b, err := fs.ReadFile(h, name)
				if err != nil {
					t.Error(err)
				}
				got[i][j] = b
			})
		}
	}
	wg.Wait()
	for i, name := range names {
		if string(got[i][0]) != string(got[i][1]) {
			t.Errorf("%s: the two reads had %q and %q", name, got[i][0], got[i][1])
		}
	}
	if n := disk.reads.Load(); n != int64(len(names)) {
		t.Errorf("the disk was read %d times for %d files, want once each", n, len(names))
	}
}
