package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// memStore is an in-memory stand-in for the metadata store.
type memStore struct {
	mu   sync.Mutex
	data map[string]string
}

func (s *memStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key, ok := strings.CutPrefix(r.URL.Path, "/v3/kv/")
	if r.Method != http.MethodGet || !ok {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	v, found := s.data[key]
	s.mu.Unlock()
	if !found {
		http.Error(w, "key not found", http.StatusNotFound)
		return
	}
	if _, err := w.Write([]byte(v)); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// selfSigned returns a certificate valid for dnsName only (no IP address),
// and a pool that trusts it.
func selfSigned(t *testing.T, dnsName string) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: dnsName},
		DNSNames:              []string{dnsName},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}

// startStore serves store over TLS with a certificate for dnsName.
func startStore(t *testing.T, dnsName string, store http.Handler) (*httptest.Server, *x509.CertPool) {
	t.Helper()
	cert, pool := selfSigned(t, dnsName)
	srv := httptest.NewUnstartedServer(store)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failing handshakes are expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, pool
}

// deadEndpoint returns an https URL on which nothing listens.
func deadEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "https://" + addr
}

func TestGet(t *testing.T) {
	store := &memStore{data: map[string]string{"/registry/leader": "node-2"}}
	good, roots := startStore(t, "etcd-cluster", store)
	wrong, _ := startStore(t, "other-cluster", store)
	// Trust the second server's certificate too: only its name is wrong.
	roots.AddCert(wrong.TLS.Certificates[0].Leaf)

	tests := []struct {
		name      string
		endpoints []string
		key       string
		want      string
		wantErr   string
	}{
		{name: "pinned name matches", endpoints: []string{good.URL}, key: "/registry/leader", want: "node-2"},
		{name: "certificate for another name", endpoints: []string{wrong.URL}, key: "/registry/leader", wantErr: "etcd-cluster"},
		{name: "first endpoint down", endpoints: []string{deadEndpoint(t), good.URL}, key: "/registry/leader", want: "node-2"},
		{name: "missing key", endpoints: []string{good.URL}, key: "/registry/none", wantErr: "404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := newClient(tt.endpoints, roots)
			if err != nil {
				t.Fatalf("newClient(%v): %v", tt.endpoints, err)
			}
			got, err := c.Get(context.Background(), tt.key)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Get(%q) via %v = %q, %v; want an error mentioning %q", tt.key, tt.endpoints, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Get(%q) via %v = %q, %v; want %q, nil", tt.key, tt.endpoints, got, err, tt.want)
			}
		})
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no endpoints", Config{TLS: &tls.Config{ServerName: "etcd-cluster"}}, "no endpoints"},
		{"plain http", Config{Endpoints: []string{"http://10.0.0.1:2379"}, TLS: &tls.Config{ServerName: "etcd-cluster"}}, "want an https URL"},
		{"no server name", Config{Endpoints: []string{"https://10.0.0.1:2379"}, TLS: &tls.Config{}}, "ServerName"},
		{"no TLS", Config{Endpoints: []string{"https://10.0.0.1:2379"}}, "ServerName"},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%s) error = %v; want it to mention %q", tt.name, err, tt.want)
		}
	}
}
