package main

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"folio/internal/hugepage"
)

// TestPreferHugePages checks that the heap's next objects land in huge pages: the kernel
// counts them in AnonHugePages. It runs in a process of its own, whose heap has grown only
// once, as a build's.
func TestPreferHugePages(t *testing.T) {
	if ok, why := hugepage.Advisable(); !ok {
		t.Skip(why)
	}
	if os.Getenv("FOLIO_TEST_HUGE_PAGES") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPreferHugePages$", "-test.v")
		cmd.Env = append(os.Environ(), "FOLIO_TEST_HUGE_PAGES=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		t.Logf("%s", out)
		return
	}
	before := anonHugeKB(t)
	preferHugePages(64 << 20)
	runtime.GC() // the advised region is free for the objects below
	var objs [][]byte
	for range 32 << 10 { // 32 MiB in 1 KiB objects, as a build's heap grows
		b := make([]byte, 1<<10)
		b[0] = 1
		objs = append(objs, b)
	}
	after := anonHugeKB(t)
	runtime.KeepAlive(objs)
	t.Logf("AnonHugePages: %d KiB before, %d KiB after", before, after)
	// The kernel may lack a free huge page for some of them; most must be there.
	if got := after - before; got < 8<<10 {
		t.Errorf("AnonHugePages grew by %d KiB for 32 MiB of objects, want at least 8 MiB", got)
	}
}

func anonHugeKB(t *testing.T) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "AnonHugePages:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skip("no AnonHugePages in /proc/self/smaps_rollup")
	return 0
}
