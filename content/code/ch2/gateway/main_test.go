package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

func newTestGateway(v tokenVerifier, limit int) http.Handler {
	users := &userService{names: map[string]string{"1": "alice"}}
	return chain(users.routes(), authInterceptor(v.Verify), maxConcurrent(limit))
}

func TestGateway(t *testing.T) {
	v := tokenVerifier{key: []byte("test key")}
	other := tokenVerifier{key: []byte("another key")}
	tests := []struct {
		name       string
		path       string
		auth       string
		wantCode   int
		wantCaller string
	}{
		{name: "valid token", path: "/users/1", auth: "Bearer " + v.Sign("svc-order"), wantCode: http.StatusOK, wantCaller: "svc-order"},
		{name: "no header", path: "/users/1", wantCode: http.StatusUnauthorized},
		{name: "not bearer", path: "/users/1", auth: "Basic dXNlcjpwdw==", wantCode: http.StatusUnauthorized},
		{name: "garbage", path: "/users/1", auth: "Bearer abc", wantCode: http.StatusUnauthorized},
		{name: "signed with another key", path: "/users/1", auth: "Bearer " + other.Sign("svc-order"), wantCode: http.StatusUnauthorized},
		{name: "unknown user", path: "/users/9", auth: "Bearer " + v.Sign("svc-order"), wantCode: http.StatusNotFound},
	}
	gw := newTestGateway(v, 10)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			w := httptest.NewRecorder()
			gw.ServeHTTP(w, req)
			if w.Code != tt.wantCode {
				t.Fatalf("GET %s with %q: status = %d; want %d", tt.path, tt.auth, w.Code, tt.wantCode)
			}
			if tt.wantCode != http.StatusOK {
				return
			}
			var body map[string]string
			if err := json.NewDecoder(w.Body).Decode(&body); err != nil {
				t.Fatalf("GET %s: decode body: %v", tt.path, err)
			}
			if body["caller"] != tt.wantCaller || body["name"] != "alice" {
				t.Errorf("GET %s: body = %v; want name alice, caller %s", tt.path, body, tt.wantCaller)
			}
		})
	}
}

func TestVerifyWithoutKey(t *testing.T) {
	if sub, err := (tokenVerifier{}).Verify(tokenVerifier{}.Sign("x")); err == nil {
		t.Fatalf("Verify with no key = %q, nil; want an error", sub)
	}
}

// TestMaxConcurrent fills the only slot with a request that blocks, checks
// that the next one is refused, then releases the first.
func TestMaxConcurrent(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	h := maxConcurrent(1)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(entered)
			<-release
		}
	}))

	var wg sync.WaitGroup
	first := httptest.NewRecorder()
	wg.Go(func() { h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/slow", nil)) })
	<-entered

	second := httptest.NewRecorder()
	h.ServeHTTP(second, httptest.NewRequest(http.MethodGet, "/", nil))
	close(release)
	wg.Wait()

	if second.Code != http.StatusServiceUnavailable || second.Header().Get("Retry-After") == "" {
		t.Errorf("request over the limit: status = %d, Retry-After = %q; want 503 with Retry-After", second.Code, second.Header().Get("Retry-After"))
	}
	if first.Code != http.StatusOK {
		t.Errorf("request within the limit: status = %d; want 200", first.Code)
	}

	third := httptest.NewRecorder()
	h.ServeHTTP(third, httptest.NewRequest(http.MethodGet, "/", nil))
	if third.Code != http.StatusOK {
		t.Errorf("request after the slot is free: status = %d; want 200", third.Code)
	}
}

func TestChainOrder(t *testing.T) {
	var order []string
	mark := func(name string) Interceptor {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	h := chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { order = append(order, "handler") }), mark("a"), mark("b"))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if got, want := len(order), 3; got != want || order[0] != "a" || order[1] != "b" || order[2] != "handler" {
		t.Errorf("chain(h, a, b) ran %v; want [a b handler]", order)
	}
}
