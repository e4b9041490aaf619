package backup

import "time"

// BackupReconciler reconciles Backup objects. Like a controller-runtime
// reconciler it embeds its API client.
type BackupReconciler struct {
	Client
	// Now returns the current time; nil means time.Now. Tests set it so
	// that schedules are computed from a fixed instant.
	Now func() time.Time
}

func (r *BackupReconciler) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}
