package backup

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Backup is the custom resource: a backup policy with a cron schedule.
type Backup struct {
	Name, Namespace string
	Spec            BackupSpec
	Status          BackupStatus
}

// BackupSpec is what the user asks for.
type BackupSpec struct {
	Schedule string // a standard cron expression, e.g. "0 2 * * *"
}

// BackupStatus is what the controller observed and decided.
type BackupStatus struct {
	LastScheduledTime *time.Time
}

// deepCopy returns a copy that shares no memory with b, so callers never
// alias the store's objects.
func (b Backup) deepCopy() Backup {
	if b.Status.LastScheduledTime != nil {
		t := *b.Status.LastScheduledTime
		b.Status.LastScheduledTime = &t
	}
	return b
}

// NamespacedName identifies an object, as in apimachinery's types package.
type NamespacedName struct {
	Namespace, Name string
}

func (n NamespacedName) String() string { return n.Namespace + "/" + n.Name }

// Request is what a controller is asked to reconcile.
type Request struct {
	NamespacedName NamespacedName
}

// Result tells the controller when to call Reconcile again; zero means only
// on the next change event.
type Result struct {
	RequeueAfter time.Duration
}

// ErrNotFound is returned by Get when the object does not exist (any more).
var ErrNotFound = errors.New("not found")

// IgnoreNotFound returns nil for ErrNotFound and err otherwise: an object
// deleted before its event was processed needs no further work.
func IgnoreNotFound(err error) error {
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Client is the part of the API server the reconciler needs.
type Client interface {
	Get(ctx context.Context, key NamespacedName, obj *Backup) error
	Status() StatusWriter
}

// StatusWriter writes the status subresource only.
type StatusWriter interface {
	Update(ctx context.Context, obj *Backup) error
}

// Store is an in-memory API server holding Backup objects. It is safe for
// concurrent use.
type Store struct {
	mu      sync.Mutex
	objects map[NamespacedName]Backup
}

// NewStore returns a Store holding the given objects.
func NewStore(objs ...Backup) *Store {
	s := &Store{objects: make(map[NamespacedName]Backup)}
	for _, o := range objs {
		s.objects[NamespacedName{o.Namespace, o.Name}] = o
	}
	return s
}

// Get copies the object named key into obj.
func (s *Store) Get(ctx context.Context, key NamespacedName, obj *Backup) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("get %s: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.objects[key]
	if !ok {
		return fmt.Errorf("get %s: %w", key, ErrNotFound)
	}
	*obj = o.deepCopy()
	return nil
}

// Delete removes the object named key, as a user deleting the resource would.
func (s *Store) Delete(key NamespacedName) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.objects, key)
}

// Status returns the writer for the status subresource.
func (s *Store) Status() StatusWriter { return statusWriter{s} }

type statusWriter struct{ s *Store }

// Update stores obj.Status and nothing else: like the status subresource of
// the Kubernetes API, it cannot change the spec the user wrote.
func (w statusWriter) Update(ctx context.Context, obj *Backup) error {
	key := NamespacedName{obj.Namespace, obj.Name}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("update status of %s: %w", key, err)
	}
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	o, ok := w.s.objects[key]
	if !ok {
		return fmt.Errorf("update status of %s: %w", key, ErrNotFound)
	}
	o.Status = obj.deepCopy().Status
	w.s.objects[key] = o
	return nil
}
