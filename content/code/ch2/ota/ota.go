// Package ota dispatches over-the-air update tasks to devices, the IoT device
// management service of section 2.5 of the report.
//
// The report's sample is a gRPC method. This package keeps its three ideas
// with the standard library: online state in a sync.Map (many heartbeats
// write, many dispatches read), task IDs from a snowflake generator (unique
// and ordered across edge nodes), and publishing to the message queue off the
// request path. The goroutines that publish are tracked, so Close can wait
// for them: none is left running when the server stops.
package ota

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrOffline is returned for a device that has not sent a heartbeat.
var ErrOffline = errors.New("device offline")

// PushTimeout bounds one publish to the message queue.
const PushTimeout = 5 * time.Second

// Task is one update to deliver to one device.
type Task struct {
	ID       int64
	DeviceID string
	Payload  []byte
}

// Server dispatches tasks to online devices.
type Server struct {
	online  sync.Map // device ID → time of its last heartbeat
	ids     *Snowflake
	publish func(context.Context, Task) error
	failed  func(Task, error)
	wg      sync.WaitGroup
}

// NewServer returns a server that numbers tasks with ids and hands them to
// publish. failed is called when publishing a task fails, since the caller
// of Dispatch has already been answered by then.
func NewServer(ids *Snowflake, publish func(context.Context, Task) error, failed func(Task, error)) *Server {
	return &Server{ids: ids, publish: publish, failed: failed}
}

// Heartbeat marks a device as online.
func (s *Server) Heartbeat(deviceID string, at time.Time) {
	s.online.Store(deviceID, at)
}

// Disconnect marks a device as offline.
func (s *Server) Disconnect(deviceID string) {
	s.online.Delete(deviceID)
}

// START dispatch OMIT
func (s *Server) Dispatch(ctx context.Context, deviceID string, payload []byte) (int64, error) {
	// sync.Map: heartbeats and dispatches touch different keys, no global lock.
	if _, ok := s.online.Load(deviceID); !ok {
		return 0, fmt.Errorf("dispatch to %s: %w", deviceID, ErrOffline)
	}
	// Snowflake IDs are unique across edge nodes and ordered by time.
	task := Task{ID: s.ids.NextID(), DeviceID: deviceID, Payload: payload}

	// Publish off the request path, but tracked: Close waits for it. The push
	// keeps ctx's values, not its cancellation, and has its own deadline.
	pushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), PushTimeout)
	s.wg.Go(func() {
		defer cancel()
		if err := s.publish(pushCtx, task); err != nil {
			s.failed(task, err)
		}
	})
	return task.ID, nil
}

// END dispatch OMIT

// Close waits for every publish started by Dispatch. Dispatch must not be
// called during or after Close.
func (s *Server) Close() {
	s.wg.Wait()
}

// Snowflake layout: 41 bits of milliseconds since Epoch, 10 bits of node
// number, 12 bits of sequence within the millisecond.
const (
	nodeBits = 10
	seqBits  = 12
	maxNode  = 1<<nodeBits - 1
	maxSeq   = 1<<seqBits - 1
)

// Epoch is the zero time of the IDs.
var Epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Snowflake generates IDs that are unique across nodes (each node has its own
// number) and increase with time on each node. It is safe for concurrent use.
type Snowflake struct {
	now  func() time.Time
	node int64

	mu   sync.Mutex
	last int64 // milliseconds since Epoch of the last ID
	seq  int64
}

// NewSnowflake returns a generator for node (0–1023) reading the time from
// now; pass time.Now outside tests. The clock must not read before Epoch.
func NewSnowflake(node int64, now func() time.Time) (*Snowflake, error) {
	if node < 0 || node > maxNode {
		return nil, fmt.Errorf("snowflake: node %d out of range 0–%d", node, maxNode)
	}
	return &Snowflake{now: now, node: node, last: -1}, nil
}

// NextID returns the next ID. When 4096 IDs have been issued in one
// millisecond it waits for the next one; if the clock steps back, it keeps
// counting from the last millisecond it saw, so IDs never repeat.
func (s *Snowflake) NextID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()

	ms := max(s.now().Sub(Epoch).Milliseconds(), s.last)
	if ms == s.last {
		s.seq = (s.seq + 1) & maxSeq
		if s.seq == 0 { // this millisecond is used up
			for ms <= s.last {
				ms = s.now().Sub(Epoch).Milliseconds()
			}
		}
	} else {
		s.seq = 0
	}
	s.last = ms
	return ms<<(nodeBits+seqBits) | s.node<<seqBits | s.seq
}

// Parts splits an ID into its time, node and sequence number.
func Parts(id int64) (t time.Time, node, seq int64) {
	ms := id >> (nodeBits + seqBits)
	return Epoch.Add(time.Duration(ms) * time.Millisecond), id >> seqBits & maxNode, id & maxSeq
}
