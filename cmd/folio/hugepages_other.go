//go:build !linux

package main

// preferHugePages asks for huge pages only on Linux, where a fresh heap page is a page fault.
func preferHugePages(n int64) {}
