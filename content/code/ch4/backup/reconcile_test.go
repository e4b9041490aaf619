package backup

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

var key = NamespacedName{Namespace: "default", Name: "nightly"}

func newReconciler(schedule string) (*BackupReconciler, *Store) {
	store := NewStore(Backup{Namespace: key.Namespace, Name: key.Name, Spec: BackupSpec{Schedule: schedule}})
	now := time.Date(2024, 6, 1, 22, 30, 0, 0, time.UTC)
	return &BackupReconciler{Client: store, Now: func() time.Time { return now }}, store
}

func TestReconcileErrors(t *testing.T) {
	tests := []struct {
		schedule string
		want     string
	}{
		{"not a schedule", "want 5 fields"},
		{"0 0 30 2 *", "never fires"},
	}
	for _, tt := range tests {
		r, store := newReconciler(tt.schedule)
		res, err := r.Reconcile(context.Background(), Request{NamespacedName: key})
		if err == nil || !strings.Contains(err.Error(), tt.want) || res != (Result{}) {
			t.Errorf("schedule %q: Reconcile = %+v, %v; want no requeue and an error containing %q", tt.schedule, res, err, tt.want)
		}
		var got Backup
		if err := store.Get(context.Background(), key, &got); err != nil {
			t.Fatal(err)
		}
		if got.Status.LastScheduledTime != nil {
			t.Errorf("schedule %q: status.lastScheduledTime = %v; want it unset", tt.schedule, got.Status.LastScheduledTime)
		}
	}
}

// A failing API server must surface as an error, not be mistaken for a
// deleted object.
func TestReconcileGetFails(t *testing.T) {
	r, _ := newReconciler("0 2 * * *")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := r.Reconcile(ctx, Request{NamespacedName: key})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Reconcile with a cancelled context: error = %v; want context.Canceled", err)
	}
}

func TestStatusUpdateKeepsSpec(t *testing.T) {
	store := NewStore(Backup{Namespace: key.Namespace, Name: key.Name, Spec: BackupSpec{Schedule: "0 2 * * *"}})
	ctx := context.Background()
	var b Backup
	if err := store.Get(ctx, key, &b); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 6, 2, 2, 0, 0, 0, time.UTC)
	b.Spec.Schedule = "@hourly"
	b.Status.LastScheduledTime = &when
	if err := store.Status().Update(ctx, &b); err != nil {
		t.Fatal(err)
	}
	when = when.Add(time.Hour) // must not reach the stored copy

	var got Backup
	if err := store.Get(ctx, key, &got); err != nil {
		t.Fatal(err)
	}
	if got.Spec.Schedule != "0 2 * * *" {
		t.Errorf("after a status update spec.schedule = %q; want %q", got.Spec.Schedule, "0 2 * * *")
	}
	if want := time.Date(2024, 6, 2, 2, 0, 0, 0, time.UTC); got.Status.LastScheduledTime == nil || !got.Status.LastScheduledTime.Equal(want) {
		t.Errorf("status.lastScheduledTime = %v; want %v", got.Status.LastScheduledTime, want)
	}
}

func TestStatusUpdateMissing(t *testing.T) {
	err := NewStore().Status().Update(context.Background(), &Backup{Namespace: "default", Name: "gone"})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("Update of a missing object: error = %v; want ErrNotFound", err)
	}
}
