//go:build !linux

// Package hugepage asks Linux to back parts of the Go heap with 2 MiB pages; elsewhere it does
// nothing.
package hugepage

// Size is the size of a huge page.
const Size = 2 << 20

// Advise does nothing off Linux.
func Advise(lo, hi uintptr) {}

// Advisable reports false off Linux.
func Advisable() (ok bool, why string) { return false, "huge pages are advised on Linux only" }

// Start is 0 off Linux.
func Start() uintptr { return 0 }

// Populate does nothing off Linux.
func Populate(lo, hi uintptr) {}
