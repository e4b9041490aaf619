//go:build ignore

// The English edition's copy of region "counter" of counter.go: the same
// code with English comments. It is not compiled; edition_test.go checks
// that its code matches counter.go token for token.

package atomiccounter

import "sync/atomic"

// START counter OMIT
var counter int64

func increment() {
	atomic.AddInt64(&counter, 1) // atomic increment, no race; &counter must point to an int64, a plain int will not do
}

func read() int64 {
	return atomic.LoadInt64(&counter) // sees the latest write, as the happens-before rules guarantee
}

// END counter OMIT
