// Package hugepage asks Linux to back parts of the Go heap with 2 MiB pages where the kernel
// leaves that to the program (transparent huge pages in "madvise" mode, Debian's and Ubuntu's
// default). On a virtual machine a page fault costs about 10 µs, and a process that fills its
// heap once, as folio's commands do, takes one per fresh 4 KiB page.
//
// Importing it advises the heap the program starts with. That is done in this package's init
// because the packages folio imports allocate while they are initialised, before main runs:
// 1.6 MB in 9,800 objects (GODEBUG=inittrace=1), most of it chroma's lexers and goldmark's
// tables. Go initialises a package as soon as its imports are, in order of import path among
// those ready, so this package imports only packages that are ready early (runtime/debug is
// not).
package hugepage

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

// Size is the size of a huge page.
const Size = 2 << 20

// startup is the first object this package allocates: the heap's first mapping holds it.
var startup = new([64]byte)

func init() {
	if ok, _ := Advisable(); ok {
		// The runtime maps its heap in 4 MiB chunks. The advice reaches the chunk that holds
		// startup and the next one, of which the objects allocated before main fill most.
		p := uintptr(unsafe.Pointer(startup)) &^ (4<<20 - 1)
		Advise(p, p+8<<20)
		// The huge page the runtime began before this init is in 4 KiB pages already, and so
		// stays: the rest of the chunk is populated at once, where the packages initialised
		// after this one and main's start took a fault a page (folio version: 526 faults in the
		// heap, 147 after; 40 alternating runs, 25.4 -> 24.5 ms).
		Populate(p, p+4<<20)
	}
}

// Advise advises the whole huge pages in [lo, hi). Parts of it the program has not mapped are
// passed over.
func Advise(lo, hi uintptr) {
	if beg, end := (lo+Size-1)&^(Size-1), hi&^(Size-1); beg < end {
		syscall.Syscall(syscall.SYS_MADVISE, beg, end-beg, syscall.MADV_HUGEPAGE)
	}
}

// Start is the start of the 4 MiB chunk of the heap that held the program's first objects.
func Start() uintptr { return uintptr(unsafe.Pointer(startup)) &^ (4<<20 - 1) }

// Populate faults in the pages of [lo, hi) that are not resident, in one call
// (MADV_POPULATE_WRITE, Linux 5.14): on a virtual machine here, 0.7 µs a page where touching
// each took 10 to 14 (BenchmarkFreshPages). Pages it cannot populate (an older kernel, a part not mapped) are left to fault
// as they would have.
func Populate(lo, hi uintptr) {
	const madvPopulateWrite = 23
	if lo, hi = lo&^(4<<10-1), (hi+4<<10-1)&^(4<<10-1); lo < hi {
		syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, madvPopulateWrite)
	}
}

// Advisable reports whether advising huge pages does anything here and is safe, and why not
// when it is not.
func Advisable() (ok bool, why string) {
	if bytes.Contains([]byte(os.Getenv("GODEBUG")), []byte("disablethp=1")) {
		// The runtime's own switch for huge pages.
		return false, "GODEBUG=disablethp=1"
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !bytes.Contains(mode, []byte("[madvise]")) {
		// "always" needs no advice, and "never" takes none.
		return false, fmt.Sprintf("transparent huge pages are not in madvise mode: %q", bytes.TrimSpace(mode))
	}
	// With strict overcommit, even untouched address space is charged, and the runtime dies
	// when it cannot map its heap: leave it be.
	oc, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	if oc = bytes.TrimSpace(oc); err != nil || string(oc) != "0" && string(oc) != "1" {
		return false, fmt.Sprintf("overcommit_memory is %q", oc)
	}
	return true, ""
}
