package ota

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// steppingClock returns the times it is given, one per call, then repeats
// the last one.
type steppingClock struct {
	mu    sync.Mutex
	times []time.Time
}

func (c *steppingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.times[0]
	if len(c.times) > 1 {
		c.times = c.times[1:]
	}
	return t
}

func TestNextID(t *testing.T) {
	ms := func(n int) time.Time { return Epoch.Add(time.Duration(n) * time.Millisecond) }
	tests := []struct {
		name  string
		clock []time.Time
		want  [][2]int64 // per ID: millisecond, sequence
	}{
		{"same millisecond", []time.Time{ms(5), ms(5), ms(5)}, [][2]int64{{5, 0}, {5, 1}, {5, 2}}},
		{"new millisecond resets the sequence", []time.Time{ms(5), ms(5), ms(6)}, [][2]int64{{5, 0}, {5, 1}, {6, 0}}},
		{"clock steps back", []time.Time{ms(9), ms(4), ms(10)}, [][2]int64{{9, 0}, {9, 1}, {10, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &steppingClock{times: tt.clock}
			s, err := NewSnowflake(7, c.now)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tt.want {
				id := s.NextID()
				at, node, seq := Parts(id)
				if got := at.Sub(Epoch).Milliseconds(); got != w[0] || seq != w[1] || node != 7 {
					t.Errorf("clock %v, ID %d: ms %d node %d seq %d; want ms %d node 7 seq %d", tt.clock, i, got, node, seq, w[0], w[1])
				}
			}
		})
	}
}

// TestNextIDOverflow: the 4097th ID in one millisecond waits for the next.
func TestNextIDOverflow(t *testing.T) {
	times := make([]time.Time, maxSeq+1, maxSeq+3)
	for i := range times {
		times[i] = Epoch.Add(time.Millisecond)
	}
	times = append(times, Epoch.Add(time.Millisecond), Epoch.Add(2*time.Millisecond))
	s, err := NewSnowflake(0, (&steppingClock{times: times}).now)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for range maxSeq + 2 {
		id = s.NextID()
	}
	if at, _, seq := Parts(id); at != Epoch.Add(2*time.Millisecond) || seq != 0 {
		t.Errorf("ID %d after %d in one millisecond: at %v seq %d; want %v seq 0", maxSeq+2, maxSeq+1, at, seq, Epoch.Add(2*time.Millisecond))
	}
}

func TestNextIDConcurrent(t *testing.T) {
	s, err := NewSnowflake(3, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	const workers, per = 8, 2000
	ids := make(chan int64, workers*per)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			prev := int64(-1)
			for range per {
				id := s.NextID()
				if id <= prev {
					t.Errorf("ID %d after %d on one goroutine; want increasing", id, prev)
				}
				prev = id
				ids <- id
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := make(map[int64]bool, workers*per)
	for id := range ids {
		if seen[id] {
			t.Fatalf("ID %d issued twice", id)
		}
		seen[id] = true
	}
}

func TestNewSnowflakeNode(t *testing.T) {
	for _, node := range []int64{-1, maxNode + 1} {
		if _, err := NewSnowflake(node, time.Now); err == nil {
			t.Errorf("NewSnowflake(%d) error = nil; want out of range", node)
		}
	}
}

func TestDispatch(t *testing.T) {
	queueDown := errors.New("queue down")
	tests := []struct {
		name       string
		device     string
		publishErr error
		wantErr    error
		wantFailed bool
	}{
		{name: "online", device: "m1"},
		{name: "offline", device: "m2", wantErr: ErrOffline},
		{name: "disconnected", device: "m3", wantErr: ErrOffline},
		{name: "queue down", device: "m1", publishErr: queueDown, wantFailed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, err := NewSnowflake(1, time.Now)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var published []Task
			var failures []error
			s := NewServer(ids,
				func(ctx context.Context, task Task) error {
					if _, ok := ctx.Deadline(); !ok {
						t.Error("publish context has no deadline")
					}
					if err := ctx.Err(); err != nil {
						t.Errorf("publish context: %v; want it to outlive the request", err)
					}
					mu.Lock()
					defer mu.Unlock()
					published = append(published, task)
					return tt.publishErr
				},
				func(_ Task, err error) {
					mu.Lock()
					defer mu.Unlock()
					failures = append(failures, err)
				})
			s.Heartbeat("m1", time.Now())
			s.Heartbeat("m3", time.Now())
			s.Disconnect("m3")

			// The request's context is cancelled as soon as Dispatch returns;
			// the publish must not be cancelled with it.
			ctx, cancel := context.WithCancel(context.Background())
			id, err := s.Dispatch(ctx, tt.device, []byte("fw"))
			cancel()
			s.Close()

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Dispatch(%q) error = %v; want %v", tt.device, err, tt.wantErr)
			}
			if tt.wantErr != nil {
				if len(published) != 0 {
					t.Errorf("Dispatch(%q) published %v; want nothing", tt.device, published)
				}
				return
			}
			if len(published) != 1 || published[0].ID != id || published[0].DeviceID != tt.device {
				t.Errorf("Dispatch(%q) = %d; published %v; want one task %d", tt.device, id, published, id)
			}
			if got := len(failures) == 1 && errors.Is(failures[0], queueDown); got != tt.wantFailed {
				t.Errorf("Dispatch(%q) with publish error %v: failures %v; want reported = %v", tt.device, tt.publishErr, failures, tt.wantFailed)
			}
		})
	}
}
