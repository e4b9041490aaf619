// Package backup is the Operator sample of chapter 4, rewritten with the
// standard library: a reconciler for a Backup custom resource that works out
// when the next backup is due, records it in the resource's status and asks
// to be called again at that moment.
//
// The parts controller-runtime, apimachinery and robfig/cron would supply are
// small stand-ins here: an in-memory API server (Store), a Request/Result
// pair, IgnoreNotFound, and a parser for standard five-field cron
// expressions (ParseStandard).
//
// reconcile.go carries Chinese comments and reconcile_en.go English ones;
// they hold the same code (edition_test.go checks it) and the build tag
// edition_en selects the English file.
package backup
