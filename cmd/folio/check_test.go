package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// linkServer answers like the hosts a report links to; it listens on loopback only.
func linkServer(t *testing.T) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/no-head", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/robots-only", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) })
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux) // 127.0.0.1, port 0
	t.Cleanup(func() { close(release); srv.Close() })
	return srv
}

func TestTryLinks(t *testing.T) {
	srv := linkServer(t)
	cases := []struct {
		path             string
		broken, doubtful bool
	}{
		{"/ok", false, false},
		{"/ok#section", false, false},
		{"/moved", false, false},
		{"/no-head", false, false},
		{"/gone", true, false},
		{"/nowhere", true, false},
		{"/robots-only", false, true},
		{"/down", false, true},
		{"/hang", false, true},
	}
	var urls []string
	for _, c := range cases {
		urls = append(urls, srv.URL+c.path)
	}
	urls = append(urls, "ftp://example.com/file")
	// The deadline bounds the whole run: /hang must give up, not hold the check forever.
	results := tryLinks(context.Background(), srv.Client(), urls, 2*time.Second)
	for i, c := range cases {
		r := results[i]
		if r.broken() != c.broken || r.doubtful() != c.doubtful {
			t.Errorf("tryLink(%s) = %q: broken %v, doubtful %v; want %v, %v", c.path, r, r.broken(), r.doubtful(), c.broken, c.doubtful)
		}
	}
	if r := results[len(results)-1]; !r.doubtful() || !strings.Contains(r.Err, "not tried") {
		t.Errorf("tryLink(ftp) = %+v; want it reported as not tried", r)
	}
}

func TestCheckExternal(t *testing.T) {
	srv := linkServer(t)
	dir := project(t)
	page := filepath.Join(dir, "content", "en", "02-more.md")
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Count(string(data), "\n") + 2
	links := "[a](" + srv.URL + "/ok) [b](" + srv.URL + "/gone) [c](" + srv.URL + "/down)\n"
	if err := os.WriteFile(page, append(data, "\n"+links...), 0o644); err != nil {
		t.Fatal(err)
	}

	// Without --external nothing is requested.
	code, stdout, stderr := folio(t, "check", "--source", dir)
	if code != 0 || !strings.Contains(stdout, "external links (3, not fetched") || strings.Contains(stderr, "broken external") {
		t.Fatalf("check = %d; want the links listed, not tried:\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}

	code, stdout, stderr = folio(t, "check", "--source", dir, "--external", "--external-timeout", "10s")
	if code != 1 {
		t.Errorf("check --external = %d; want 1 for a dead link:\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, want := range []string{
		"content/en/02-more.md:" + strconv.Itoa(line) + ": broken external link " + srv.URL + "/gone: 410 Gone",
		"content/en/02-more.md:" + strconv.Itoa(line) + ": warning: external link " + srv.URL + "/down may be broken: 502 Bad Gateway",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "/ok") {
		t.Errorf("a working link was reported:\n%s", stderr)
	}
}
