package ota_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"folio/content/code/ch2/ota"
)

func ExampleServer_Dispatch() {
	// A fixed clock makes the IDs reproducible: one second after the epoch.
	clock := func() time.Time { return ota.Epoch.Add(time.Second) }
	ids, err := ota.NewSnowflake(1, clock)
	if err != nil {
		fmt.Println(err)
		return
	}

	var mu sync.Mutex
	var queue []string // what reached the message queue
	publish := func(_ context.Context, t ota.Task) error {
		mu.Lock()
		defer mu.Unlock()
		queue = append(queue, fmt.Sprintf("%d→%s:%s", t.ID, t.DeviceID, t.Payload))
		return nil
	}
	failed := func(t ota.Task, err error) { fmt.Println("publish failed:", t.ID, err) }

	s := ota.NewServer(ids, publish, failed)
	s.Heartbeat("meter-17", clock())

	ctx := context.Background()
	if _, err := s.Dispatch(ctx, "meter-99", []byte("fw-2.4.1")); err != nil {
		fmt.Println(err)
	}
	id, err := s.Dispatch(ctx, "meter-17", []byte("fw-2.4.1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	s.Close() // wait for the publish goroutine

	at, node, seq := ota.Parts(id)
	fmt.Println("task", id, "issued", at.Format(time.RFC3339), "by node", node, "seq", seq)
	fmt.Println("queue:", queue)
	// Output:
	// dispatch to meter-99: device offline
	// task 4194308096 issued 2024-01-01T00:00:01Z by node 1 seq 0
	// queue: [4194308096→meter-17:fw-2.4.1]
}
