// Command asynctask accepts a job over HTTP, answers 202 Accepted at once and
// finishes the slow part on a goroutine, so the request path stays short.
//
// It is the standard-library version of the gin handler in section 2.1 of the
// report: the goroutine reads everything it needs from the request before the
// handler returns, runs under a context that lives as long as the server (not
// the request), and the server waits for it on shutdown.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"time"
)

// Jobs runs the background part of accepted requests.
type Jobs struct {
	// Process does the slow work for one job.
	Process func(ctx context.Context, id string) error
	// Notify reports the outcome of one job, whether it failed or not.
	Notify func(ctx context.Context, id string, err error)

	wg sync.WaitGroup
}

// START handler OMIT
// Accept returns a handler for "POST /jobs/{id}". ctx must live as long as
// the server: the request's own context ends when the handler returns.
func (j *Jobs) Accept(ctx context.Context) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id") // copy what the goroutine needs now

		j.wg.Add(1)
		go func() { // the slow part leaves the request path
			defer j.wg.Done()
			err := j.Process(ctx, id)
			j.Notify(ctx, id, err)
		}()

		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		if err := json.NewEncoder(w).Encode(map[string]string{"status": "accepted"}); err != nil {
			log.Printf("job %s: write response: %v", id, err) // the client went away; the job still runs
		}
	}
}

// END handler OMIT

// Wait blocks until every job started by Accept has been notified.
func (j *Jobs) Wait() { j.wg.Wait() }

// newMux routes the job endpoint.
func newMux(ctx context.Context, j *Jobs) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("POST /jobs/{id}", j.Accept(ctx))
	return mux
}

// processAsync stands in for real work: it takes a while and gives up when
// the server shuts down.
func processAsync(ctx context.Context, id string) error {
	select {
	case <-time.After(200 * time.Millisecond):
		return nil
	case <-ctx.Done():
		return fmt.Errorf("process job %s: %w", id, ctx.Err())
	}
}

// notifyCompletion stands in for a callback, a message or a metric.
func notifyCompletion(_ context.Context, id string, err error) {
	if err != nil {
		log.Printf("job %s failed: %v", id, err)
		return
	}
	log.Printf("job %s done", id)
}

// run serves until ctx is cancelled, then stops accepting requests and waits
// for the jobs already started.
func run(ctx context.Context, addr string) error {
	jobs := &Jobs{Process: processAsync, Notify: notifyCompletion}
	srv := &http.Server{Addr: addr, Handler: newMux(ctx, jobs), ReadHeaderTimeout: 5 * time.Second}

	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	jobs.Wait()
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", serveErr)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}
