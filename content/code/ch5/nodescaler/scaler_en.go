//go:build ignore

// The English edition's copy of region "reconcile" of scaler.go: the same
// code with English comments. It is not compiled; edition_test.go checks
// that its code matches scaler.go token for token.

package nodescaler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// START reconcile OMIT
// From production: the core of Alibaba Cloud ACK's node-pool autoscaling controller (rewritten with the standard library)
func (c *NodeScaler) reconcile(ctx context.Context, pool *NodePool) error {
	// Reuse HTTP clients through a sync.Pool instead of creating and discarding them at high rates
	client := c.httpClientPool.Get().(*http.Client)
	defer c.httpClientPool.Put(client)

	// Native context deadlines keep the controller from blocking its main loop
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		fmt.Sprintf("%s?Action=DescribeInstanceTypes&InstanceTypeFamily=%s", c.endpoint, url.QueryEscape(pool.Spec.Family)), nil)
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", pool.Name, err)
	}

	resp, err := client.Do(req)
	if errors.Is(err, context.DeadlineExceeded) {
		c.timeouts.Add(1) // Count it (in production this metric goes to an OpenTelemetry backend)
		return nil        // Give up this round on purpose: stability comes first
	}
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", pool.Name, err)
	}
	return c.record(pool, resp) // Then: read the list of instance types
}

// END reconcile OMIT
