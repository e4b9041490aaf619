// Package roi holds the architect's ROI formula of chapter 4 for a migration
// to Go: annual benefit = (operations staff saved + value of a shorter MTTR)
// - (migration cost + Go training).
//
// roi.go carries Chinese comments and roi_en.go English ones; they hold the
// same code (edition_test.go checks it) and the build tag edition_en selects
// the English file.
package roi
