// Command gateway is the Go entry point that section 2.4 of the report puts in
// front of existing services: one place that checks tokens and caps
// concurrency before a request reaches a business service.
//
// The report's sample is a gRPC server with a unary auth interceptor and
// MaxConcurrentStreams(1000). This program keeps both ideas with net/http:
// interceptors are middleware wrapped around the service handler, and a
// semaphore caps the requests in flight, refusing the excess instead of
// letting a burst pile up behind a slow backend.
package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"strings"
	"time"
)

// Interceptor wraps a handler with one cross-cutting concern.
type Interceptor func(http.Handler) http.Handler

// chain applies interceptors so that the first one listed runs first.
func chain(h http.Handler, in ...Interceptor) http.Handler {
	for i := len(in) - 1; i >= 0; i-- {
		h = in[i](h)
	}
	return h
}

// START main OMIT
func main() {
	key := os.Getenv("GATEWAY_TOKEN_KEY")
	if key == "" {
		log.Fatal("GATEWAY_TOKEN_KEY is not set")
	}
	verifier := tokenVerifier{key: []byte(key)}
	users := &userService{names: map[string]string{"1": "alice", "2": "bob"}}

	gateway := chain(users.routes(),
		authInterceptor(verifier.Verify), // reuses the token check the old services trust
		maxConcurrent(1000),              // cap requests in flight: no avalanche under bursts
	)
	srv := &http.Server{Addr: ":8080", Handler: gateway, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

// END main OMIT

// subjectKey carries the authenticated subject in a request's context.
type subjectKey struct{}

// authInterceptor rejects requests without a valid bearer token and passes
// the token's subject to the next handler.
func authInterceptor(verify func(token string) (string, error)) Interceptor {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok {
				http.Error(w, "missing bearer token", http.StatusUnauthorized)
				return
			}
			sub, err := verify(token)
			if err != nil {
				http.Error(w, "invalid token", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), subjectKey{}, sub)))
		})
	}
}

// maxConcurrent lets at most n requests in at once and answers the rest
// with 503 at once, so clients back off instead of queueing.
func maxConcurrent(n int) Interceptor {
	sem := make(chan struct{}, n)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
				next.ServeHTTP(w, r)
			default:
				w.Header().Set("Retry-After", "1")
				http.Error(w, "too many requests in flight", http.StatusServiceUnavailable)
			}
		})
	}
}

// tokenVerifier checks tokens of the form base64(subject) "." base64(HMAC-SHA256).
// It stands in for whatever token parsing the existing services already use.
type tokenVerifier struct{ key []byte }

var errBadToken = errors.New("bad token")

// Sign issues a token for subject.
func (v tokenVerifier) Sign(subject string) string {
	mac := hmac.New(sha256.New, v.key)
	mac.Write([]byte(subject))
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(subject)) + "." + enc.EncodeToString(mac.Sum(nil))
}

// Verify returns the subject of a token signed with v's key.
func (v tokenVerifier) Verify(token string) (string, error) {
	if len(v.key) == 0 {
		return "", errors.New("verify token: no key configured")
	}
	subB64, sigB64, ok := strings.Cut(token, ".")
	if !ok {
		return "", errBadToken
	}
	enc := base64.RawURLEncoding
	sub, err := enc.DecodeString(subB64)
	if err != nil {
		return "", errBadToken
	}
	sig, err := enc.DecodeString(sigB64)
	if err != nil {
		return "", errBadToken
	}
	mac := hmac.New(sha256.New, v.key)
	mac.Write(sub)
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return "", errBadToken
	}
	return string(sub), nil
}

// userService is the business service behind the gateway.
type userService struct{ names map[string]string }

func (s *userService) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", s.get)
	return mux
}

func (s *userService) get(w http.ResponseWriter, r *http.Request) {
	name, ok := s.names[r.PathValue("id")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	caller, _ := r.Context().Value(subjectKey{}).(string) // set by authInterceptor; "" if called directly
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(map[string]string{"id": r.PathValue("id"), "name": name, "caller": caller}); err != nil {
		log.Printf("get user: write response: %v", err)
	}
}
