// Package nodescaler is the production excerpt of chapter 5, rewritten with
// the standard library: one reconcile step of a node-pool autoscaler that asks
// the cloud's OpenAPI which instance types a pool's family offers.
//
// It keeps the three points of the excerpt: HTTP clients reused through a
// sync.Pool, a context that bounds every call so the control loop never
// blocks, and a timeout that is counted and skipped rather than failed.
// NodePool stands in for the ACK NodePool resource and a counter for the
// OpenTelemetry metric.
//
// The Chinese edition of the report shows region "reconcile" of this file;
// the English edition shows the same code with English comments from
// scaler_en.go, which is not compiled (edition_test.go keeps them in step).
package nodescaler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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

// START reconcile OMIT
// 真实生产案例：阿里云ACK节点池自动扩缩容控制器核心逻辑（以标准库改写）
func (c *NodeScaler) reconcile(ctx context.Context, pool *NodePool) error {
	// 使用sync.Pool复用HTTP client连接池，避免高频创建销毁
	client := c.httpClientPool.Get().(*http.Client)
	defer c.httpClientPool.Put(client)

	// 原生支持context超时控制，保障控制器不阻塞主循环
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		fmt.Sprintf("%s?Action=DescribeInstanceTypes&InstanceTypeFamily=%s", c.endpoint, url.QueryEscape(pool.Spec.Family)), nil)
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", pool.Name, err)
	}

	resp, err := client.Do(req)
	if errors.Is(err, context.DeadlineExceeded) {
		c.timeouts.Add(1) // 上报指标（生产环境中上报至OpenTelemetry后端）
		return nil        // 主动放弃本次轮询，保障系统稳定性
	}
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", pool.Name, err)
	}
	return c.record(pool, resp) // 后续处理：解析实例规格列表
}

// END reconcile OMIT
