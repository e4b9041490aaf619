package ordercall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// orderService is a fake downstream: it answers every order as "paid".
func orderService(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/orders" {
		http.NotFound(w, r)
		return
	}
	var req OrderReq
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if req.OrderID == "" {
		http.Error(w, "order_id is required", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(OrderResp{OrderID: req.OrderID, Status: "paid"}); err != nil {
		panic(fmt.Sprintf("write response: %v", err)) // the test client is always reading
	}
}

func TestCallOrderService(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(orderService))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, HTTP: NewHTTPClient()}

	tests := []struct {
		req     OrderReq
		want    *OrderResp
		wantErr string
	}{
		{req: OrderReq{OrderID: "1001", UserID: "u1"}, want: &OrderResp{OrderID: "1001", Status: "paid"}},
		{req: OrderReq{UserID: "u1"}, wantErr: "400 Bad Request"},
	}
	for _, tt := range tests {
		got, err := c.CallOrderService(context.Background(), &tt.req)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("CallOrderService(%+v) error = %v; want it to mention %q", tt.req, err, tt.wantErr)
			}
			continue
		}
		if err != nil || *got != *tt.want {
			t.Errorf("CallOrderService(%+v) = %+v, %v; want %+v, nil", tt.req, got, err, tt.want)
		}
	}
}

// TestDeadline: a downstream that never answers fails the call with
// context.DeadlineExceeded instead of blocking the caller.
func TestDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Read the body first: only then does the server notice the client
		// hanging up and cancel the request's context.
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return
		}
		<-r.Context().Done() // hang until the client gives up
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, HTTP: NewHTTPClient(), Timeout: 20 * time.Millisecond}

	_, err := c.CallOrderService(context.Background(), &OrderReq{OrderID: "1001"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("call to a hanging service: error = %v; want context.DeadlineExceeded", err)
	}
}

// TestCallerCancels: the caller's own cancellation still wins over the
// per-call deadline.
func TestCallerCancels(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(orderService))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, HTTP: NewHTTPClient()}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.CallOrderService(ctx, &OrderReq{OrderID: "1001"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("call with a cancelled context: error = %v; want context.Canceled", err)
	}
}

// TestConnectionReuse: sequential calls share one pooled connection.
func TestConnectionReuse(t *testing.T) {
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(orderService))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, HTTP: NewHTTPClient()}

	const calls = 5
	for i := range calls {
		if _, err := c.CallOrderService(context.Background(), &OrderReq{OrderID: fmt.Sprint(i + 1)}); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	if got := opened.Load(); got != 1 {
		t.Errorf("%d sequential calls opened %d connections; want 1", calls, got)
	}
}
