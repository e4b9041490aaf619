// Package atomiccounter is the interview question of chapter 3: a counter
// shared by many goroutines, kept correct with sync/atomic instead of a mutex.
//
// The Chinese edition of the report shows region "counter" of this file; the
// English edition shows the same code with English comments from
// counter_en.go, which is not compiled (edition_test.go keeps them in step).
package atomiccounter

import "sync/atomic"

// START counter OMIT
var counter int64

func increment() {
	atomic.AddInt64(&counter, 1) // 原子递增，避免竞态；&counter 为 int64 指针，不可用普通 int 变量
}

func read() int64 {
	return atomic.LoadInt64(&counter) // 保证读取时看到最新写入值，遵循 happens-before 规则
}

// END counter OMIT
