package main

import (
	"runtime"
	"runtime/debug"
	"slices"
	"syscall"
	"unsafe"

	"folio/internal/hugepage"
)

// preferHugePages lays out the next n bytes of the Go heap in 2 MiB pages where the kernel
// leaves that to the program (transparent huge pages in "madvise" mode, Debian's and Ubuntu's
// default). A build fills its heap once and exits, so each fresh 4 KiB page is a page fault:
// on a virtual machine each costs about 10 µs, and a cold build of 1,000 pages took 31,000 of
// them, a sixth of its CPU time. The Go runtime leaves huge pages off because a long-lived
// server's heap shrinks and grows; a build's only grows.
//
// It allocates n bytes without touching them (fresh memory is zero already), advises them, and
// lets them go: the runtime keeps the mapping and lays the heap's next objects in it. The
// mapping is only address space until the heap uses it. GODEBUG=disablethp=1, the runtime's
// own switch, turns this off too.
func preferHugePages(n int64) {
	if ok, _ := hugepage.Advisable(); n <= 0 || !ok {
		return
	}
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return
	}
	n = min(n, int64(si.Totalram)*int64(si.Unit)/4)
	// In pieces, because the runtime zeroes an allocation that reuses any freed memory, all of
	// it, and zeroing touches every page: an edit build's one region, begun in the heap's freed
	// tail, was zeroed whole (43,000 faults where it had taken 18,000). A piece that reuses
	// freed memory is resident already: it does not count, and the next piece is taken.
	const piece = 4 << 20
	var pieces []uintptr
	var keep [][]byte
	// No collection while the pieces are held: one that marked them would set the heap's next
	// goal at twice their size, and the build would fill that much. Once they are let go, the
	// next allocation starts a collection that frees them (N = 10,000: 1,137 MB peak with
	// collections free to run here, 842 MB for the region in one piece).
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for fresh := int64(0); fresh < n && len(keep) < int(2*n/piece)+1; {
		b := make([]byte, piece)
		keep = append(keep, b)
		p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		var in [1]byte
		if _, _, e := syscall.Syscall(syscall.SYS_MINCORE, p, 1, uintptr(unsafe.Pointer(&in[0]))); e != 0 {
			return
		}
		if in[0]&1 == 0 {
			pieces = append(pieces, p)
			fresh += piece
		}
	}
	// Fresh pieces lie end to end: each run of them is advised at once.
	slices.Sort(pieces)
	for i := 0; i < len(pieces); {
		lo, hi := pieces[i], pieces[i]+piece
		for i++; i < len(pieces) && pieces[i] == hi; i++ {
			hi += piece
		}
		hugepage.Advise(lo, hi)
	}
	// Below the pieces lies the heap of the start: chunks the runtime mapped after the package
	// hugepage advised the first, and pages of advised ones whose huge page the start had begun
	// in 4 KiB pages. The heap's next objects fill its free pages first, one fault each: 500 to
	// 1,000 in a first build of the report. They are populated here at once.
	if len(pieces) > 0 && hugepage.Start() < pieces[0] {
		hugepage.Populate(max(hugepage.Start(), pieces[0]-16<<20), pieces[0])
	}
	runtime.KeepAlive(keep)
}
