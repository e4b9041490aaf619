package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// TestStartupHeap: the mapping that holds the package's first object, in the heap as the
// program started, is advised (VmFlags "hg" in /proc/self/smaps).
func TestStartupHeap(t *testing.T) {
	if ok, why := Advisable(); !ok {
		t.Skip(why)
	}
	flags, err := vmFlags(uintptr(unsafe.Pointer(startup)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the startup heap's mapping has VmFlags %q, want hg (advised huge pages)", flags)
	}
}

// vmFlags returns the VmFlags of the mapping that holds p.
func vmFlags(p uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= p && p < hi
		} else if v, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.TrimSpace(v), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping holds %#x", p)
}
