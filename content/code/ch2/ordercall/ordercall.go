// Package ordercall calls a downstream order service the way section 2.2 of
// the report describes: every call carries a deadline, so one slow service
// cannot stall its callers in a cascade, and the HTTP client keeps a pool of
// idle connections per host, so calls skip the TCP and TLS handshakes.
package ordercall

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// CallTimeout bounds one call to the order service.
const CallTimeout = 800 * time.Millisecond

// OrderReq asks the order service about one order.
type OrderReq struct {
	OrderID string `json:"order_id"`
	UserID  string `json:"user_id"`
}

// OrderResp is the order service's answer.
type OrderResp struct {
	OrderID string `json:"order_id"`
	Status  string `json:"status"`
}

// Client calls the order service at BaseURL.
type Client struct {
	BaseURL string
	HTTP    *http.Client
	// Timeout overrides CallTimeout when it is not zero.
	Timeout time.Duration
}

// NewHTTPClient returns a client whose transport keeps up to 100 idle
// connections per host. The default transport keeps only 2 per host, too
// few for a service that calls one downstream many times in parallel.
func NewHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 100
	return &http.Client{Transport: t}
}

// START call OMIT
func (c *Client) CallOrderService(ctx context.Context, req *OrderReq) (*OrderResp, error) {
	// A deadline per call: a slow downstream fails this call, not the caller.
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel() // release the timer as soon as the call returns

	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("encode order request: %w", err)
	}
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+"/orders", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build order request: %w", err)
	}
	httpReq.Header.Set("Content-Type", "application/json")

	// The client's transport reuses pooled connections: no new handshake per call.
	resp, err := c.HTTP.Do(httpReq)
	if err != nil {
		return nil, fmt.Errorf("call order service: %w", err)
	}
	defer drainAndClose(resp.Body)

	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("call order service: %s", resp.Status)
	}
	var out OrderResp
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("decode order response: %w", err)
	}
	return &out, nil
}

// END call OMIT

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return CallTimeout
}

// drainAndClose reads what is left of a response body so the transport can
// put the connection back in its pool. Its errors are dropped on purpose: the
// response has already been decoded, and a failure here only means the
// connection is closed instead of reused.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
}
