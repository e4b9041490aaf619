package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"
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

// TestPopulate: the pages of the range are resident after Populate, and those past it are not.
func TestPopulate(t *testing.T) {
	const page, n = 4 << 10, 16
	b, err := syscall.Mmap(-1, 0, n*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(b)
	p := uintptr(unsafe.Pointer(&b[0]))
	Populate(p+page+1, p+5*page-1) // partial pages at both ends count whole
	var in [n]byte
	if _, _, e := syscall.Syscall(syscall.SYS_MINCORE, p, n*page, uintptr(unsafe.Pointer(&in[0]))); e != 0 {
		t.Fatal(e)
	}
	if in[1]&1 == 0 && in[4]&1 == 0 {
		t.Skip("the kernel does not populate (MADV_POPULATE_WRITE is Linux 5.14's)")
	}
	for i, v := range in {
		if want := i >= 1 && i < 5; v&1 == 1 != want {
			t.Errorf("page %d resident = %v, want %v", i, v&1 == 1, want)
		}
	}
}

// BenchmarkFreshPages measures what a fresh 4 KiB page of anonymous memory costs when the
// program touches it (a fault) and when Populate faults it in with the others of its range:
// go test -bench FreshPages ./internal/hugepage. Huge pages are off for the range, as for the
// parts of a heap the kernel lays out in 4 KiB pages.
func BenchmarkFreshPages(b *testing.B) {
	const page, size = 4 << 10, 4 << 20
	for _, bc := range []struct {
		name string
		fill func(p uintptr, mem []byte)
	}{
		{"touch", func(_ uintptr, mem []byte) {
			for i := 0; i < len(mem); i += page {
				mem[i] = 1
			}
		}},
		{"populate", func(p uintptr, mem []byte) { Populate(p, p+uintptr(len(mem))) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
				if err != nil {
					b.Fatal(err)
				}
				p := uintptr(unsafe.Pointer(&mem[0]))
				syscall.Syscall(syscall.SYS_MADVISE, p, size, syscall.MADV_NOHUGEPAGE)
				b.StartTimer()
				bc.fill(p, mem)
				b.StopTimer()
				syscall.Munmap(mem)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(size/page)/1000, "µs/page")
		})
	}
}
