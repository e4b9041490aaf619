package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// outcome records one Notify call.
type outcome struct {
	id  string
	err error
}

// recorder collects Notify calls from the job goroutines.
type recorder struct {
	mu   sync.Mutex
	seen []outcome
}

func (r *recorder) notify(_ context.Context, id string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, outcome{id, err})
}

func TestAccept(t *testing.T) {
	failed := errors.New("disk full")
	tests := []struct {
		name       string
		method     string
		path       string
		cancelled  bool  // the server is shutting down before the job runs
		processErr error // what Process returns when the server is up
		wantCode   int
		wantJob    string // "" when no job must start
		wantErr    error
	}{
		{name: "accepted", method: http.MethodPost, path: "/jobs/42", wantCode: http.StatusAccepted, wantJob: "42"},
		{name: "job fails", method: http.MethodPost, path: "/jobs/7", processErr: failed, wantCode: http.StatusAccepted, wantJob: "7", wantErr: failed},
		{name: "server stopping", method: http.MethodPost, path: "/jobs/9", cancelled: true, wantCode: http.StatusAccepted, wantJob: "9", wantErr: context.Canceled},
		{name: "wrong method", method: http.MethodGet, path: "/jobs/42", wantCode: http.StatusMethodNotAllowed},
		{name: "no id", method: http.MethodPost, path: "/jobs/", wantCode: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancelled {
				cancel()
			}
			var rec recorder
			jobs := &Jobs{
				Process: func(ctx context.Context, id string) error {
					if err := ctx.Err(); err != nil {
						return err
					}
					return tt.processErr
				},
				Notify: rec.notify,
			}

			w := httptest.NewRecorder()
			newMux(ctx, jobs).ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			jobs.Wait()

			if w.Code != tt.wantCode {
				t.Fatalf("%s %s: status = %d; want %d", tt.method, tt.path, w.Code, tt.wantCode)
			}
			if tt.wantJob == "" {
				if len(rec.seen) != 0 {
					t.Fatalf("%s %s: jobs = %v; want none", tt.method, tt.path, rec.seen)
				}
				return
			}
			var body map[string]string
			if err := json.NewDecoder(w.Body).Decode(&body); err != nil {
				t.Fatalf("%s %s: decode body: %v", tt.method, tt.path, err)
			}
			if body["status"] != "accepted" {
				t.Errorf("%s %s: body = %v; want status accepted", tt.method, tt.path, body)
			}
			if len(rec.seen) != 1 || rec.seen[0].id != tt.wantJob || !errors.Is(rec.seen[0].err, tt.wantErr) {
				t.Errorf("%s %s: notified %v; want [{%s %v}]", tt.method, tt.path, rec.seen, tt.wantJob, tt.wantErr)
			}
		})
	}
}

// TestManyJobs starts jobs concurrently; run with -race it checks that the
// handler and the job goroutines share nothing unsafely.
func TestManyJobs(t *testing.T) {
	var rec recorder
	jobs := &Jobs{Process: func(context.Context, string) error { return nil }, Notify: rec.notify}
	srv := httptest.NewServer(newMux(context.Background(), jobs))
	defer srv.Close()

	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			resp, err := srv.Client().Post(srv.URL+"/jobs/"+string(rune('a'+i%26)), "application/json", nil)
			if err != nil {
				errs <- err
				return
			}
			if err := resp.Body.Close(); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("post: %v", err)
	}
	jobs.Wait()
	if got := len(rec.seen); got != n {
		t.Errorf("%d requests: notified %d jobs; want %d", n, got, n)
	}
}
