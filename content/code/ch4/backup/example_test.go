package backup

import (
	"context"
	"fmt"
	"time"
)

// ExampleBackupReconciler_Reconcile reconciles a nightly backup at 22:30 and
// then the same request after the object was deleted.
func ExampleBackupReconciler_Reconcile() {
	key := NamespacedName{Namespace: "default", Name: "nightly"}
	store := NewStore(Backup{
		Namespace: key.Namespace,
		Name:      key.Name,
		Spec:      BackupSpec{Schedule: "0 2 * * *"}, // every day at 02:00
	})
	r := &BackupReconciler{
		Client: store,
		Now:    func() time.Time { return time.Date(2024, 6, 1, 22, 30, 0, 0, time.UTC) },
	}
	ctx := context.Background()

	res, err := r.Reconcile(ctx, Request{NamespacedName: key})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	var got Backup
	if err := store.Get(ctx, key, &got); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("requeue after:", res.RequeueAfter)
	fmt.Println("status.lastScheduledTime:", got.Status.LastScheduledTime.Format(time.RFC3339))

	store.Delete(key)
	res, err = r.Reconcile(ctx, Request{NamespacedName: key})
	fmt.Printf("after delete: requeue after %v, error %v\n", res.RequeueAfter, err)
	// Output:
	// requeue after: 3h30m0s
	// status.lastScheduledTime: 2024-06-02T02:00:00Z
	// after delete: requeue after 0s, error <nil>
}
