package ota

import (
	"fmt"
	"sync"
	"time"
)

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
