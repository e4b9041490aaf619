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
// The Chinese edition of the report shows region "reconcile" of this file;
// the English edition shows the same code with English comments from
// backup_en.go, which is not compiled (edition_test.go keeps them in step).
package backup

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

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

// START reconcile OMIT
// Reconcile 让一个 Backup 对象收敛到期望状态：按调度表达式算出下次执行时间，
// 写入状态，并要求控制器在那一刻再次调用自己。
func (r *BackupReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	var backup Backup
	if err := r.Get(ctx, req.NamespacedName, &backup); err != nil {
		return Result{}, IgnoreNotFound(err) // 对象已删除：无需处理，优雅退出
	}
	// 根据 backup.Spec.Schedule 计算下次执行时间（Cron 表达式解析）
	sched, err := ParseStandard(backup.Spec.Schedule)
	if err != nil {
		return Result{}, fmt.Errorf("reconcile %s: %w", req.NamespacedName, err)
	}
	now := r.now()
	nextTime := sched.Next(now)
	if nextTime.IsZero() {
		return Result{}, fmt.Errorf("reconcile %s: schedule %q never fires", req.NamespacedName, backup.Spec.Schedule)
	}
	// 更新 Status.LastScheduledTime 字段：只写状态子资源，不动用户的 Spec
	backup.Status.LastScheduledTime = &nextTime
	return Result{RequeueAfter: nextTime.Sub(now)}, r.Status().Update(ctx, &backup)
}

// END reconcile OMIT

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

// Schedule is a parsed cron expression.
type Schedule interface {
	// Next returns the first activation strictly after t, or the zero time
	// if there is none within five years (e.g. "0 0 30 2 *").
	Next(t time.Time) time.Time
}

// ParseStandard parses a standard cron expression as robfig/cron's
// function of the same name does:
//
//	expr     = fields | descriptor
//	fields   = minute hour day-of-month month day-of-week   (separated by blanks)
//	field    = item { "," item }
//	item     = ( "*" | value | value "-" value ) [ "/" step ]
//	descriptor = "@yearly" | "@annually" | "@monthly" | "@weekly" | "@daily"
//	           | "@midnight" | "@hourly" | "@every" duration
//
// Ranges: minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week
// 0-6 (0 is Sunday; 7 is accepted as Sunday too). When both day fields are
// restricted, a day matches if either matches, as in Vixie cron. Times are
// in the location of the time passed to Next.
func ParseStandard(expr string) (Schedule, error) {
	expr = strings.TrimSpace(expr)
	if strings.HasPrefix(expr, "@") {
		return parseDescriptor(expr)
	}
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return nil, fmt.Errorf("parse schedule %q: want 5 fields (minute hour day month weekday), got %d", expr, len(fields))
	}
	var s spec
	for i, b := range bounds {
		set, err := parseField(fields[i], b)
		if err != nil {
			return nil, fmt.Errorf("parse schedule %q: %s field: %w", expr, b.name, err)
		}
		s.fields[i] = set
	}
	if s.fields[dow]&(1<<7) != 0 { // 7 is another name for Sunday
		s.fields[dow] |= 1
	}
	s.domStar = strings.HasPrefix(fields[dom], "*")
	s.dowStar = strings.HasPrefix(fields[dow], "*")
	return &s, nil
}

const (
	minute = iota
	hour
	dom
	month
	dow
)

type bound struct {
	name     string
	min, max int
}

var bounds = [5]bound{
	{"minute", 0, 59},
	{"hour", 0, 23},
	{"day-of-month", 1, 31},
	{"month", 1, 12},
	{"day-of-week", 0, 7},
}

// spec holds one bit set per field: bit n set means value n matches.
type spec struct {
	fields           [5]uint64
	domStar, dowStar bool
}

func parseField(field string, b bound) (uint64, error) {
	var set uint64
	for item := range strings.SplitSeq(field, ",") {
		lo, hi, step := b.min, b.max, 1
		rng, stepText, hasStep := strings.Cut(item, "/")
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n <= 0 {
				return 0, fmt.Errorf("bad step %q", stepText)
			}
			step = n
		}
		if rng != "*" {
			first, last, isRange := strings.Cut(rng, "-")
			var err error
			if lo, err = value(first, b); err != nil {
				return 0, err
			}
			switch {
			case isRange:
				if hi, err = value(last, b); err != nil {
					return 0, err
				}
			case hasStep:
				hi = b.max // "5/15" means 5-max/15
			default:
				hi = lo
			}
			if lo > hi {
				return 0, fmt.Errorf("range %q runs backwards", rng)
			}
		}
		for v := lo; v <= hi; v += step {
			set |= 1 << v
		}
	}
	return set, nil
}

func value(text string, b bound) (int, error) {
	n, err := strconv.Atoi(text)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", text)
	}
	if n < b.min || n > b.max {
		return 0, fmt.Errorf("%d is outside %d-%d", n, b.min, b.max)
	}
	return n, nil
}

func parseDescriptor(expr string) (Schedule, error) {
	if d, ok := strings.CutPrefix(expr, "@every "); ok {
		dur, err := time.ParseDuration(strings.TrimSpace(d))
		if err != nil {
			return nil, fmt.Errorf("parse schedule %q: %w", expr, err)
		}
		if dur <= 0 {
			return nil, fmt.Errorf("parse schedule %q: interval must be positive", expr)
		}
		return every(dur), nil
	}
	fields, ok := map[string]string{
		"@yearly":   "0 0 1 1 *",
		"@annually": "0 0 1 1 *",
		"@monthly":  "0 0 1 * *",
		"@weekly":   "0 0 * * 0",
		"@daily":    "0 0 * * *",
		"@midnight": "0 0 * * *",
		"@hourly":   "0 * * * *",
	}[expr]
	if !ok {
		return nil, fmt.Errorf("parse schedule %q: unknown descriptor", expr)
	}
	return ParseStandard(fields)
}

type every time.Duration

func (e every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

func (s *spec) Next(t time.Time) time.Time {
	loc := t.Location()
	t = t.Truncate(time.Minute).Add(time.Minute)
	limit := t.AddDate(5, 0, 0)
	for t.Before(limit) {
		switch {
		case !s.has(month, int(t.Month())):
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, loc)
		case !s.dayMatches(t):
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
		case !s.has(hour, t.Hour()):
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, loc)
		case !s.has(minute, t.Minute()):
			t = t.Add(time.Minute)
		default:
			return t
		}
	}
	return time.Time{}
}

func (s *spec) has(field, v int) bool { return s.fields[field]&(1<<v) != 0 }

func (s *spec) dayMatches(t time.Time) bool {
	d, w := s.has(dom, t.Day()), s.has(dow, int(t.Weekday()))
	if s.domStar || s.dowStar {
		return d && w
	}
	return d || w
}
