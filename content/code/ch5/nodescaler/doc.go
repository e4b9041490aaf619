// Package nodescaler is the production excerpt of chapter 5, rewritten with
// the standard library: one reconcile step of a node-pool autoscaler that asks
// the cloud's OpenAPI which instance types a pool's family offers.
//
// It keeps the three points of the excerpt: HTTP clients reused through a
// sync.Pool, a context that bounds every call so the control loop never
// blocks, and a timeout that is counted and skipped rather than failed.
// NodePool stands in for the ACK NodePool resource and a counter for the
// OpenTelemetry metric.
//
// reconcile.go carries Chinese comments and reconcile_en.go English ones; they
// hold the same code (edition_test.go checks it) and the build tag edition_en
// selects the English file.
package nodescaler
