package nodescaler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeECS answers DescribeInstanceTypes for the families it knows.
func fakeECS(t *testing.T) *httptest.Server {
	families := map[string][]string{
		"ecs.g7": {"ecs.g7.large", "ecs.g7.xlarge"},
		"ecs.c7": {"ecs.c7.large"},
		"ecs.x1": {},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("Action") != "DescribeInstanceTypes" {
			http.Error(w, "unknown action "+q.Get("Action"), http.StatusBadRequest)
			return
		}
		types, ok := families[q.Get("InstanceTypeFamily")]
		if !ok {
			http.Error(w, "InvalidInstanceTypeFamily", http.StatusNotFound)
			return
		}
		var items []string
		for _, id := range types {
			items = append(items, fmt.Sprintf(`{"InstanceTypeId":%q}`, id))
		}
		fmt.Fprintf(w, `{"RequestId":"r1","InstanceTypes":{"InstanceType":[%s]}}`, strings.Join(items, ","))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestReconcile(t *testing.T) {
	srv := fakeECS(t)
	c := New(srv.URL+"/", srv.Client().Transport)
	tests := []struct {
		pool      NodePool
		wantTypes []string
		wantErr   string
	}{
		{NodePool{"web", NodePoolSpec{"ecs.g7"}}, []string{"ecs.g7.large", "ecs.g7.xlarge"}, ""},
		{NodePool{"batch", NodePoolSpec{"ecs.c7"}}, []string{"ecs.c7.large"}, ""},
		{NodePool{"empty", NodePoolSpec{"ecs.x1"}}, nil, "no instance types in family ecs.x1"},
		{NodePool{"typo", NodePoolSpec{"ecs.q9"}}, nil, "404 Not Found: InvalidInstanceTypeFamily"},
	}
	for _, tt := range tests {
		err := c.reconcile(context.Background(), &tt.pool)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("reconcile(%+v) error = %v; want %q", tt.pool, err, tt.wantErr)
		}
		if got := c.InstanceTypes(tt.pool.Name); !slices.Equal(got, tt.wantTypes) {
			t.Errorf("reconcile(%+v): instance types = %q; want %q", tt.pool, got, tt.wantTypes)
		}
	}
	if got := c.Timeouts(); got != 0 {
		t.Errorf("Timeouts() = %d; want 0", got)
	}
}

// A deadline is counted and skipped; a cancellation is an error.
func TestReconcileContext(t *testing.T) {
	srv := fakeECS(t)
	c := New(srv.URL+"/", srv.Client().Transport)
	pool := &NodePool{"web", NodePoolSpec{"ecs.g7"}}

	expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	if err := c.reconcile(expired, pool); err != nil {
		t.Errorf("reconcile past its deadline: error = %v; want nil (skip this round)", err)
	}
	if got := c.Timeouts(); got != 1 {
		t.Errorf("after a deadline: Timeouts() = %d; want 1", got)
	}

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.reconcile(cancelled, pool); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("reconcile with a cancelled context: error = %v; want context canceled", err)
	}
	if got := c.Timeouts(); got != 1 {
		t.Errorf("after a cancellation: Timeouts() = %d; want still 1", got)
	}
	if got := c.InstanceTypes(pool.Name); got != nil {
		t.Errorf("instance types after failed calls = %q; want none", got)
	}
}

// Many pools reconciled at once share the client pool and the result map;
// run with -race.
func TestReconcileConcurrent(t *testing.T) {
	srv := fakeECS(t)
	c := New(srv.URL+"/", srv.Client().Transport)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			errs <- c.reconcile(context.Background(), &NodePool{fmt.Sprintf("pool-%d", i), NodePoolSpec{"ecs.g7"}})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent reconcile: %v", err)
		}
	}
	for i := range 20 {
		if got := c.InstanceTypes(fmt.Sprintf("pool-%d", i)); len(got) != 2 {
			t.Errorf("pool-%d: instance types = %q; want 2", i, got)
		}
	}
}
