//go:build ignore

// The English edition's copy of region "reconcile" of backup.go: the same
// code with English comments. It is not compiled; edition_test.go checks
// that its code matches backup.go token for token.

package backup

import (
	"context"
	"fmt"
)

// START reconcile OMIT
// Reconcile brings one Backup up to date: it computes the next run from the
// schedule, records it in the status and requeues itself for that moment.
func (r *BackupReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	var backup Backup
	if err := r.Get(ctx, req.NamespacedName, &backup); err != nil {
		return Result{}, IgnoreNotFound(err) // deleted in the meantime: nothing to do, leave quietly
	}
	// Work out the next run from backup.Spec.Schedule (a cron expression)
	sched, err := ParseStandard(backup.Spec.Schedule)
	if err != nil {
		return Result{}, fmt.Errorf("reconcile %s: %w", req.NamespacedName, err)
	}
	now := r.now()
	nextTime := sched.Next(now)
	if nextTime.IsZero() {
		return Result{}, fmt.Errorf("reconcile %s: schedule %q never fires", req.NamespacedName, backup.Spec.Schedule)
	}
	// Record it in Status.LastScheduledTime: write the status subresource only, never the user's spec
	backup.Status.LastScheduledTime = &nextTime
	return Result{RequeueAfter: nextTime.Sub(now)}, r.Status().Update(ctx, &backup)
}

// END reconcile OMIT
