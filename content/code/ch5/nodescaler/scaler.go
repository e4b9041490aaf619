package nodescaler

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
)

// NodePool is a pool of nodes of one instance type family.
type NodePool struct {
	Name string
	Spec NodePoolSpec
}

// NodePoolSpec is what the user asks of a node pool.
type NodePoolSpec struct {
	Family string // instance type family, e.g. "ecs.g7"
}

// NodeScaler reconciles node pools against the ECS OpenAPI.
type NodeScaler struct {
	endpoint       string
	httpClientPool sync.Pool
	timeouts       atomic.Int64 // stands in for metrics.ScalerTimeoutCounter

	mu    sync.Mutex
	types map[string][]string // pool name → instance types on offer
}

// New returns a NodeScaler that calls the OpenAPI at endpoint (such as
// "https://ecs.aliyuncs.com/") through rt, shared by all pooled clients so
// that they share its connections.
func New(endpoint string, rt http.RoundTripper) *NodeScaler {
	c := &NodeScaler{endpoint: endpoint, types: make(map[string][]string)}
	c.httpClientPool.New = func() any { return &http.Client{Transport: rt} }
	return c
}

// Timeouts reports how many reconcile calls gave up on a deadline.
func (c *NodeScaler) Timeouts() int64 { return c.timeouts.Load() }

// InstanceTypes returns the instance types last seen for a pool.
func (c *NodeScaler) InstanceTypes(pool string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.types[pool])
}

// describeResponse is the part of DescribeInstanceTypes' answer we use.
type describeResponse struct {
	InstanceTypes struct {
		InstanceType []struct {
			InstanceTypeID string `json:"InstanceTypeId"`
		}
	}
}

// record reads the answer to DescribeInstanceTypes and remembers the
// instance types it lists for pool. It closes the body.
func (c *NodeScaler) record(pool *NodePool, resp *http.Response) (err error) {
	defer func() {
		if cerr := resp.Body.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close response: %w", cerr)
		}
	}()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512)) // best effort: only decorates the error
		return fmt.Errorf("describe instance types for %s: %s: %s", pool.Name, resp.Status, msg)
	}
	var r describeResponse
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return fmt.Errorf("describe instance types for %s: decode: %w", pool.Name, err)
	}
	var ids []string
	for _, t := range r.InstanceTypes.InstanceType {
		ids = append(ids, t.InstanceTypeID)
	}
	if len(ids) == 0 {
		return fmt.Errorf("describe instance types for %s: no instance types in family %s", pool.Name, pool.Spec.Family)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.types[pool.Name] = ids
	return nil
}
