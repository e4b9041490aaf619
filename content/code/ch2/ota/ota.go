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
