package server

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/internal/diag"
	"folio/internal/output"
)

func site() output.Files {
	return output.Files{
		"index.html":            []byte("<!doctype html><html><body><p>cover</p></body></html>"),
		"en/index.html":         []byte("<!doctype html><html><body><p>en cover</p></body></html>"),
		"en/intro/index.html":   []byte(`<!doctype html><html><head><link rel="stylesheet" href="/r/css/style.aaaa.css"></head><body><p>intro</p></body></html>`),
		"404.html":              []byte("<!doctype html><html><body><h1>not here</h1></body></html>"),
		"css/style.aaaa.css":    []byte("body{color:red}"),
		"js/theme.bbbb.js":      []byte("1"),
		"data/jobs.csv":         []byte("a,b\n1,2\n"),
		"images/chart.svg":      []byte("<svg/>"),
		"en/notes/index.html":   []byte("<html><BODY>upper</BODY></html>"),
		"en/noclose/index.html": []byte("<p>no body tag"),
	}
}

func get(t *testing.T, h http.Handler, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec.Result()
}

func TestServe(t *testing.T) {
	s := New()
	s.Publish("/r/", site(), nil)
	tests := []struct {
		target   string
		code     int
		ctype    string
		contains string
		location string
	}{
		{"/r/", 200, "text/html; charset=utf-8", "<p>cover</p>", ""},
		{"/r/en/intro/", 200, "text/html; charset=utf-8", `data-events="/r/__folio/events"`, ""},
		{"/r/en/intro", 301, "", "", "/r/en/intro/"},
		{"/", 302, "", "", "/r/"},
		{"/r", 302, "", "", "/r/"},
		{"/r/css/style.aaaa.css", 200, "text/css; charset=utf-8", "color:red", ""},
		{"/r/js/theme.bbbb.js", 200, "application/javascript; charset=utf-8", "1", ""},
		{"/r/data/jobs.csv", 200, "text/csv; charset=utf-8", "a,b", ""},
		{"/r/images/chart.svg", 200, "image/svg+xml; charset=utf-8", "<svg/>", ""},
		{"/r/__folio/reload.js", 200, "application/javascript; charset=utf-8", "EventSource", ""},
		{"/r/css/", 404, "text/html; charset=utf-8", "not here", ""},
		{"/r/nope/", 404, "text/html; charset=utf-8", "reload.js", ""},
		{"/elsewhere/", 404, "text/html; charset=utf-8", "not here", ""},
		{"/r/../r/", 404, "", "", ""},
		{"/r/%2e%2e/", 404, "", "", ""},
		{"/r/en%2Fintro/", 404, "", "", ""},
		{"/r/en%5cintro/", 404, "", "", ""},
	}
	for _, tt := range tests {
		resp := get(t, s, tt.target)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != tt.code {
			t.Errorf("GET %s = %d; want %d", tt.target, resp.StatusCode, tt.code)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); tt.ctype != "" && ct != tt.ctype {
			t.Errorf("GET %s: Content-Type = %q; want %q", tt.target, ct, tt.ctype)
		}
		if !strings.Contains(string(body), tt.contains) {
			t.Errorf("GET %s: body %q; want it to contain %q", tt.target, body, tt.contains)
		}
		if loc := resp.Header.Get("Location"); loc != tt.location {
			t.Errorf("GET %s: Location = %q; want %q", tt.target, loc, tt.location)
		}
	}
	if resp := get(t, s, "/r/en/intro/"); resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("pages must not be cached: Cache-Control = %q", resp.Header.Get("Cache-Control"))
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("POST", "/r/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /r/ = %d; want 405", rec.Code)
	}
}

func TestInject(t *testing.T) {
	tests := []struct{ page, want string }{
		{"<html><body><p>x</p></body></html>", `<html><body><p>x</p><script src="/__folio/reload.js" data-events="/__folio/events" data-build="b-1"></script></body></html>`},
		{"<HTML><BODY>x</BODY></HTML>", `<HTML><BODY>x<script src="/__folio/reload.js" data-events="/__folio/events" data-build="b-1"></script></BODY></HTML>`},
		{"<p>x", `<p>x<script src="/__folio/reload.js" data-events="/__folio/events" data-build="b-1"></script>`},
		// Only the last </body>: an earlier one may sit in a code sample.
		{"<pre>&lt;/body&gt;</body></pre></body>", `<pre>&lt;/body&gt;</body></pre><script src="/__folio/reload.js" data-events="/__folio/events" data-build="b-1"></script></body>`},
	}
	for _, tt := range tests {
		if got := string(Inject([]byte(tt.page), "/", "b-1")); got != tt.want {
			t.Errorf("Inject(%q) =\n%s\nwant\n%s", tt.page, got, tt.want)
		}
	}
}

func TestSafePath(t *testing.T) {
	tests := []struct {
		raw  string
		want bool
	}{
		{"/", true},
		{"/en/intro/", true},
		{"/css/style.1234.css", true},
		{"/%E4%B8%AD/", true},
		{"/..", false},
		{"/../x", false},
		{"/en/../x", false},
		{"/en/./x", false},
		{"/en//x", false},
		{"/%2e%2e/x", false},
		{"/%2E./x", false},
		{"/en%2fx", false},
		{"/en%5Cx", false},
		{"/en\\x", false},
		{"/x%00", false},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", "http://h"+tt.raw, nil)
		if got := safePath(req.URL.EscapedPath(), req.URL.Path); got != tt.want {
			t.Errorf("safePath(%q) = %v; want %v", tt.raw, got, tt.want)
		}
	}
}

func TestEvents(t *testing.T) {
	old := site()
	cssChanged := site()
	delete(cssChanged, "css/style.aaaa.css")
	cssChanged["css/style.cccc.css"] = []byte("body{color:blue}")
	cssChanged["en/intro/index.html"] = []byte(strings.Replace(string(old["en/intro/index.html"]), "style.aaaa.css", "style.cccc.css", 1))
	both := site()
	for k, v := range cssChanged {
		both[k] = v
	}
	delete(both, "css/style.aaaa.css")
	both["en/intro/index.html"] = []byte(strings.Replace(string(cssChanged["en/intro/index.html"]), "intro", "INTRO", 1))

	tests := []struct {
		name    string
		files   output.Files
		changed []string
		want    []string // event kinds and data
	}{
		{"page", old, []string{"en/intro/index.html"}, []string{`reload {"paths":["/r/en/intro/"]}`}},
		{"cover and 404", old, []string{"404.html", "index.html"}, []string{`reload {"paths":["/r/404.html","/r/"]}`}},
		{"script", old, []string{"js/theme.bbbb.js"}, []string{`reload {"paths":[],"all":true}`}},
		{"stylesheet only", cssChanged, []string{"css/style.aaaa.css", "css/style.cccc.css", "en/intro/index.html"}, []string{`css {"old":"/r/css/style.aaaa.css","new":"/r/css/style.cccc.css"}`}},
		{"stylesheet and text", both, []string{"css/style.aaaa.css", "css/style.cccc.css", "en/intro/index.html"}, []string{`reload {"paths":["/r/en/intro/"]}`}},
		{"nothing", old, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New()
			s.Publish("/r/", old, nil)
			hs := httptest.NewServer(s)
			defer hs.Close()
			defer s.Close()
			events := stream(t, hs.URL+"/r/__folio/events")
			if e := <-events; !strings.HasPrefix(e, "hello ") {
				t.Fatalf("first event = %q; want hello", e)
			}
			s.Publish("/r/", tt.files, tt.changed)
			s.Fail(diag.List{diag.Errorf("content/en/01-intro.md", 3, "bad")}) // a marker after the events under test
			var got []string
			for e := range events {
				if strings.HasPrefix(e, "error ") {
					break
				}
				got = append(got, e)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("events = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestErrorThenOK(t *testing.T) {
	s := New()
	s.Publish("/", site(), nil)
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Close()
	s.Fail(diag.List{diag.Warnf("x", 1, "only a warning"), diag.Errorf("content/en/01-intro.md", 7, "unclosed fence")})
	// A page connecting while the build is broken learns it at once.
	events := stream(t, hs.URL+"/__folio/events")
	if e := <-events; !strings.HasPrefix(e, "hello ") {
		t.Fatalf("first event = %q; want hello", e)
	}
	want := `error {"problems":[{"file":"content/en/01-intro.md","line":7,"message":"unclosed fence"}]}`
	if e := <-events; e != want {
		t.Errorf("second event = %q; want %q", e, want)
	}
	if resp := get(t, s, "/"); resp.StatusCode != 200 {
		t.Errorf("GET / while broken = %d; want the last good page", resp.StatusCode)
	}
	s.Publish("/", site(), nil)
	if e := <-events; e != "ok {}" {
		t.Errorf("event after the fix = %q; want ok", e)
	}
}

// TestBuildIDMovesWithNews: the id a page is served with changes only when the pages are told
// something. A page loaded between a rebuild's early pages and the rest of it must not take
// the rest for a build it missed (it would reload once more and lose the changed block's mark).
func TestBuildIDMovesWithNews(t *testing.T) {
	edited := site()
	edited["en/intro/index.html"] = []byte("<!doctype html><html><body><p>intro, edited</p></body></html>")
	indexOnly := site()
	indexOnly["search/en.json"] = []byte("{}")
	tests := []struct {
		name    string
		publish func(s *Server)
		moves   bool
	}{
		{"page changed", func(s *Server) { s.Publish("/r/", edited, []string{"en/intro/index.html"}) }, true},
		{"script changed", func(s *Server) { s.Publish("/r/", site(), []string{"js/theme.bbbb.js"}) }, true},
		{"base path changed", func(s *Server) { s.Publish("/other/", site(), nil) }, true},
		{"nothing changed", func(s *Server) { s.Publish("/r/", site(), nil) }, false},
		{"only the search index", func(s *Server) { s.Publish("/r/", indexOnly, []string{"search/en.json"}) }, false},
		{"failed", func(s *Server) { s.Fail(diag.List{diag.Errorf("content/en/01-intro.md", 1, "bad")}) }, false},
		{"failed, then fixed back", func(s *Server) {
			s.Fail(diag.List{diag.Errorf("content/en/01-intro.md", 1, "bad")})
			s.Publish("/r/", site(), nil)
		}, false},
	}
	built := func(s *Server) string {
		t.Helper()
		s.mu.RLock()
		defer s.mu.RUnlock()
		return s.buildID()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New()
			s.Publish("/r/", site(), nil)
			before := built(s)
			if body, _ := io.ReadAll(get(t, s, "/r/en/intro/").Body); !strings.Contains(string(body), `data-build="`+before+`"`) {
				t.Fatalf("page not served with build %s: %s", before, body)
			}
			tt.publish(s)
			if moved := built(s) != before; moved != tt.moves {
				t.Errorf("build id moved = %v; want %v", moved, tt.moves)
			}
		})
	}
}

func TestWaitingForFirstBuild(t *testing.T) {
	s := New()
	s.Fail(diag.List{diag.Errorf("content/site.yaml", 2, "bad")})
	resp := get(t, s, "/any/page/")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "reload.js") {
		t.Errorf("GET before any good build = %d %q; want 503 with the reload script", resp.StatusCode, body)
	}
}

// stream connects to an event stream and yields "kind data" per event until it closes.
func stream(t *testing.T, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan string, 16)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var kind, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				out <- kind + " " + data
			case strings.HasPrefix(line, "event: "):
				kind = line[7:]
			case strings.HasPrefix(line, "data: "):
				data = line[6:]
			}
		}
	}()
	return out
}
