package ordercall_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"folio/content/code/ch2/ordercall"
)

func ExampleClient_CallOrderService() {
	// A stand-in for the order service.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req ordercall.OrderReq
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(ordercall.OrderResp{OrderID: req.OrderID, Status: "paid"}); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}))
	defer srv.Close()

	c := &ordercall.Client{BaseURL: srv.URL, HTTP: ordercall.NewHTTPClient()}
	resp, err := c.CallOrderService(context.Background(), &ordercall.OrderReq{OrderID: "1001", UserID: "u42"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Printf("order %s: %s (deadline %v)\n", resp.OrderID, resp.Status, ordercall.CallTimeout)
	// Output:
	// order 1001: paid (deadline 800ms)
}
