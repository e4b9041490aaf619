// Package atomiccounter is the interview question of chapter 3: a counter
// shared by many goroutines, kept correct with sync/atomic instead of a mutex.
//
// The code exists twice, once per edition of the report: counter.go carries
// Chinese comments and counter_en.go English ones. They differ only in
// comments (edition_test.go checks that token by token); the build tag
// edition_en selects the English file.
package atomiccounter
