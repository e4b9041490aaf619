// Command metasync reads a key from a metadata store over TLS, the client
// side of section 2.3 of the report.
//
// The report's sample configures an etcd clientv3 client. This program keeps
// the two settings the report discusses, without the etcd dependency: the TLS
// ServerName is pinned, so the certificate is verified against the cluster's
// name rather than the IP address dialled, and dialling gives up after five
// seconds. The store it talks to is any HTTPS endpoint serving
// GET /v3/kv/{key}; the tests use an in-memory one.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Config holds what a client needs to reach the store.
type Config struct {
	Endpoints   []string      // tried in order until one answers
	DialTimeout time.Duration // bounds the TCP connect and the TLS handshake
	TLS         *tls.Config
}

// Client reads keys from the first endpoint that answers.
type Client struct {
	endpoints []string
	http      *http.Client
}

// New checks cfg and builds a client. It does not connect yet.
func New(cfg Config) (*Client, error) {
	if len(cfg.Endpoints) == 0 {
		return nil, errors.New("new client: no endpoints")
	}
	for _, ep := range cfg.Endpoints {
		u, err := url.Parse(ep)
		if err != nil {
			return nil, fmt.Errorf("new client: %w", err)
		}
		if u.Scheme != "https" {
			return nil, fmt.Errorf("new client: endpoint %q: want an https URL", ep)
		}
	}
	if cfg.TLS == nil || cfg.TLS.ServerName == "" {
		return nil, errors.New("new client: TLS ServerName must be set")
	}
	dialer := &net.Dialer{Timeout: cfg.DialTimeout}
	transport := &http.Transport{
		DialContext:         dialer.DialContext,
		TLSClientConfig:     cfg.TLS.Clone(),
		TLSHandshakeTimeout: cfg.DialTimeout,
		ForceAttemptHTTP2:   true,
	}
	return &Client{endpoints: cfg.Endpoints, http: &http.Client{Transport: transport}}, nil
}

// START config OMIT
func newClient(endpoints []string, roots *x509.CertPool) (*Client, error) {
	return New(Config{
		Endpoints:   endpoints,
		DialTimeout: 5 * time.Second, // fail fast: heartbeat probes must not hang
		TLS: &tls.Config{
			ServerName: "etcd-cluster", // verify the certificate against this name (SNI), not the IP dialled
			RootCAs:    roots,
			MinVersion: tls.VersionTLS12,
		},
	})
}

// END config OMIT

// Get returns the value of key from the first endpoint that answers.
func (c *Client) Get(ctx context.Context, key string) (string, error) {
	var errs []error
	for _, ep := range c.endpoints {
		v, err := c.get(ctx, ep, key)
		if err == nil {
			return v, nil
		}
		if ctx.Err() != nil {
			return "", fmt.Errorf("get %s: %w", key, ctx.Err())
		}
		errs = append(errs, err)
	}
	return "", fmt.Errorf("get %s: %w", key, errors.Join(errs...))
}

func (c *Client) get(ctx context.Context, endpoint, key string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"/v3/kv/"+url.PathEscape(key), nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", endpoint, err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("%s: %w", endpoint, err)
	}
	defer resp.Body.Close() // read-only body: a close error changes nothing
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("%s: read: %w", endpoint, err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s: %s", endpoint, resp.Status, strings.TrimSpace(string(body)))
	}
	return string(body), nil
}

func main() {
	caFile := flag.String("ca", "ca.pem", "PEM file with the cluster's CA certificate")
	endpoints := flag.String("endpoints", "https://192.168.10.1:2379", "comma-separated endpoints")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: metasync [-ca file] [-endpoints urls] key")
		os.Exit(2)
	}

	pem, err := os.ReadFile(*caFile)
	if err != nil {
		log.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		log.Fatalf("%s: no certificate found", *caFile)
	}
	client, err := newClient(strings.Split(*endpoints, ","), roots)
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	v, err := client.Get(ctx, flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v)
}
