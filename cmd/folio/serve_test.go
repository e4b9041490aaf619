package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"folio/internal/server"
	"folio/internal/site"
	"folio/internal/watch"
)

// wait bounds every wait for an event: far above any real latency, it only turns a hang into
// a failure with a message.
const wait = 20 * time.Second

// live is a running preview on a temp project, served by httptest.
type live struct {
	dir  string
	p    *preview
	http *httptest.Server
	log  *syncBuffer
}

type syncBuffer struct {
	mu  chan struct{}
	buf strings.Builder
}

func newSyncBuffer() *syncBuffer { b := &syncBuffer{mu: make(chan struct{}, 1)}; return b }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu <- struct{}{}
	defer func() { <-b.mu }()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu <- struct{}{}
	defer func() { <-b.mu }()
	return b.buf.String()
}

// copyTree copies src into dst.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fixtureProject copies the small fixture site with the project's layouts and assets.
func fixtureProject(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "../../internal/site/testdata/site", filepath.Join(dir, "content"))
	copyTree(t, "../../layouts", filepath.Join(dir, "layouts"))
	copyTree(t, "../../assets", filepath.Join(dir, "assets"))
	return dir
}

func projectAt(dir string) site.Project {
	return site.Project{
		Content: os.DirFS(filepath.Join(dir, "content")),
		Layouts: os.DirFS(filepath.Join(dir, "layouts")),
		Assets:  os.DirFS(filepath.Join(dir, "assets")),
	}
}

// startLive builds dir, serves it, and follows its changes until the test ends.
func startLive(t testing.TB, dir string, proj site.Project) *live {
	t.Helper()
	w, err := watch.New([]string{filepath.Join(dir, "content"), filepath.Join(dir, "layouts"), filepath.Join(dir, "assets")}, watch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	log := newSyncBuffer()
	p := newPreview(proj, site.Options{}, log, log)
	ctx, cancel := context.WithCancel(context.Background())
	if !p.rebuild(ctx, nil) {
		t.Fatalf("first build failed:\n%s", log)
	}
	hs := httptest.NewServer(p.srv)
	done := make(chan struct{})
	go func() {
		defer close(done)
		go w.Run(ctx)
		p.follow(ctx, w.Batches())
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		p.srv.Close()
		hs.Close()
	})
	return &live{dir: dir, p: p, http: hs, log: log}
}

func (l *live) path(rel string) string { return filepath.Join(l.dir, filepath.FromSlash(rel)) }

func (l *live) write(t testing.TB, rel, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(l.path(rel)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(l.path(rel), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (l *live) edit(t testing.TB, rel string, f func(string) string) {
	t.Helper()
	data, err := os.ReadFile(l.path(rel))
	if err != nil {
		t.Fatal(err)
	}
	l.write(t, rel, f(string(data)))
}

// get fetches a URL path and returns status and body.
func (l *live) get(t testing.TB, p string) (int, string) {
	t.Helper()
	resp, err := http.Get(l.http.URL + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// event is one Server-Sent Event as a client sees it.
type event struct {
	kind, id, data string
}

// client is a connected event stream.
type client struct {
	events chan event
	cancel context.CancelFunc
	closed chan struct{}
}

// connect opens the event stream and waits for its hello.
func (l *live) connect(t testing.TB) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", l.http.URL+"/"+server.Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		cancel()
		t.Fatalf("events Content-Type = %q; want text/event-stream", ct)
	}
	c := &client{events: make(chan event, 64), cancel: cancel, closed: make(chan struct{})}
	go func() {
		defer close(c.closed)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var e event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.kind != "" {
					c.events <- e
				}
				e = event{}
			case strings.HasPrefix(line, "event: "):
				e.kind = line[len("event: "):]
			case strings.HasPrefix(line, "id: "):
				e.id = line[len("id: "):]
			case strings.HasPrefix(line, "data: "):
				e.data = line[len("data: "):]
			}
		}
	}()
	t.Cleanup(cancel)
	if e := c.next(t); e.kind != "hello" {
		t.Fatalf("first event = %+v; want hello", e)
	}
	return c
}

func (c *client) next(t testing.TB) event {
	t.Helper()
	return c.nextWithin(t, wait)
}

func (c *client) nextWithin(t testing.TB, d time.Duration) event {
	t.Helper()
	select {
	case e := <-c.events:
		return e
	case <-c.closed:
		t.Fatal("event stream closed")
	case <-time.After(d):
		t.Fatalf("no event within %v", d)
	}
	return event{}
}

// expect waits for the next event and checks its kind.
func (c *client) expect(t testing.TB, kind string) event {
	t.Helper()
	e := c.next(t)
	if e.kind != kind {
		t.Fatalf("event = %s %s; want %s", e.kind, e.data, kind)
	}
	return e
}

func reloadPaths(t testing.TB, e event) server.ReloadData {
	t.Helper()
	var d server.ReloadData
	if err := json.Unmarshal([]byte(e.data), &d); err != nil {
		t.Fatalf("reload data %q: %v", e.data, err)
	}
	return d
}

func TestServeEdits(t *testing.T) {
	dir := fixtureProject(t)
	l := startLive(t, dir, projectAt(dir))
	c := l.connect(t)

	t.Run("edit: one event, then the new page", func(t *testing.T) {
		l.edit(t, "content/en/01-intro.md", func(s string) string { return s + "\nA freshly written paragraph.\n" })
		d := reloadPaths(t, c.expect(t, "reload"))
		// The chapter, and pages that show all of it (the print edition), not its neighbours.
		if !slices.Contains(d.Paths, "/en/intro/") || slices.Contains(d.Paths, "/en/more/") || slices.Contains(d.Paths, "/intro/") || d.All {
			t.Errorf("reload = %+v; want /en/intro/ and no other chapter", d)
		}
		if _, body := l.get(t, "/en/intro/"); !strings.Contains(body, "A freshly written paragraph.") {
			t.Errorf("GET /en/intro/ after the edit lacks the new paragraph:\n%.500s", body)
		}
		// A second edit elsewhere: its event must be the very next one, so the first edit
		// produced exactly one.
		l.edit(t, "content/zh/02-more.md", func(s string) string { return s + "\n新的一段。\n" })
		if d := reloadPaths(t, c.expect(t, "reload")); !slices.Contains(d.Paths, "/more/") || slices.Contains(d.Paths, "/en/intro/") {
			t.Errorf("reload after the second edit = %+v; want /more/ and not the first edit's page", d)
		}
	})

	t.Run("broken edit: error event, old page kept; fix clears it", func(t *testing.T) {
		_, before := l.get(t, "/en/intro/")
		l.edit(t, "content/en/01-intro.md", func(s string) string {
			s = strings.Replace(s, "A freshly written paragraph.", "Half typed [link](03-nowhere.md", 1)
			return strings.Replace(s, "---\ntitle:", "---\ntitle: [", 1)
		})
		e := c.expect(t, "error")
		var d server.ErrorData
		if err := json.Unmarshal([]byte(e.data), &d); err != nil || len(d.Problems) == 0 {
			t.Fatalf("error data %q: %v", e.data, err)
		}
		if p := d.Problems[0]; p.File != "content/en/01-intro.md" || p.Line < 1 || p.Message == "" {
			t.Errorf("problem = %+v; want content/en/01-intro.md with a line and a message", p)
		}
		if code, body := l.get(t, "/en/intro/"); code != 200 || stripBuild(body) != stripBuild(before) {
			t.Errorf("GET /en/intro/ while broken = %d, page changed; want the last good page", code)
		}
		// A page opened while the build is broken gets the error at once.
		late := l.connect(t)
		late.expect(t, "error")
		if !strings.Contains(l.log.String(), "content/en/01-intro.md:") {
			t.Errorf("terminal output lacks the error:\n%s", l.log)
		}

		l.edit(t, "content/en/01-intro.md", func(s string) string {
			s = strings.Replace(s, "---\ntitle: [", "---\ntitle:", 1)
			return strings.Replace(s, "Half typed [link](03-nowhere.md", "Fixed paragraph.", 1)
		})
		c.expect(t, "ok")
		if d := reloadPaths(t, c.expect(t, "reload")); !slices.Contains(d.Paths, "/en/intro/") {
			t.Errorf("reload after the fix = %+v; want /en/intro/", d)
		}
		if _, body := l.get(t, "/en/intro/"); !strings.Contains(body, "Fixed paragraph.") {
			t.Errorf("GET /en/intro/ after the fix lacks the fixed paragraph")
		}
	})

	t.Run("stylesheet: css event, no reload", func(t *testing.T) {
		l.edit(t, "assets/css/00-base.css", func(s string) string { return s + "\n.live-test{color:#123456}\n" })
		e := c.expect(t, "css")
		var d server.CSSData
		if err := json.Unmarshal([]byte(e.data), &d); err != nil {
			t.Fatal(err)
		}
		if d.Old == d.New || !strings.HasSuffix(d.New, ".css") {
			t.Errorf("css = %+v; want the old and new stylesheet paths", d)
		}
		if code, body := l.get(t, d.New); code != 200 || !strings.Contains(body, "#123456") {
			t.Errorf("GET %s = %d; want the new stylesheet", d.New, code)
		}
	})

	t.Run("new chapter: in the sidebar of every page", func(t *testing.T) {
		l.write(t, "content/en/03-extra.md", "---\ntitle: Extra chapter\n---\nMore words.\n")
		d := reloadPaths(t, c.expect(t, "reload"))
		for _, p := range []string{"/en/", "/en/intro/", "/en/more/", "/en/extra/"} {
			if !slices.Contains(d.Paths, p) {
				t.Errorf("reload = %+v; want it to hold %s", d, p)
			}
			if _, body := l.get(t, p); !strings.Contains(body, `href="/en/extra/"`) {
				t.Errorf("GET %s: sidebar lacks the new chapter", p)
			}
		}
	})

	t.Run("deleted chapter: gone from every page", func(t *testing.T) {
		if err := os.Remove(l.path("content/en/03-extra.md")); err != nil {
			t.Fatal(err)
		}
		d := reloadPaths(t, c.expect(t, "reload"))
		if !slices.Contains(d.Paths, "/en/extra/") {
			t.Errorf("reload = %+v; want it to hold /en/extra/", d)
		}
		for _, p := range []string{"/en/", "/en/intro/", "/en/more/"} {
			if _, body := l.get(t, p); strings.Contains(body, `href="/en/extra/"`) {
				t.Errorf("GET %s: sidebar still lists the deleted chapter", p)
			}
		}
		if code, _ := l.get(t, "/en/extra/"); code != 404 {
			t.Errorf("GET /en/extra/ = %d; want 404", code)
		}
	})

	t.Run("new folder: followed", func(t *testing.T) {
		l.write(t, "content/code/fresh/fresh.go", "package fresh\n\n// START x OMIT\nfunc X() {}\n\n// END x OMIT\n")
		l.edit(t, "content/en/02-more.md", func(s string) string { return s + "\n```go file=code/fresh/fresh.go region=x\n```\n" })
		c.expect(t, "reload")
		l.edit(t, "content/code/fresh/fresh.go", func(s string) string { return strings.Replace(s, "func X() {}", "func Xylophone() {}", 1) })
		// A write may reach the watcher in two batches (the file cut to nothing, then its
		// bytes), and so two builds: an error (then ok) or a reload of the half-written sample,
		// then the reload of the whole one. The edited sample is in the page by the last reload
		// (c.next fails the test if none comes).
		for {
			e := c.next(t)
			if e.kind == "error" || e.kind == "ok" { // ok: the error is gone
				continue
			}
			d := reloadPaths(t, e)
			if !slices.Contains(d.Paths, "/en/more/") || slices.Contains(d.Paths, "/en/intro/") {
				t.Errorf("reload after a sample edit = %+v; want /en/more/ and no other chapter", d)
			}
			if _, body := l.get(t, "/en/more/"); strings.Contains(body, "Xylophone") {
				break
			}
		}
	})
}

// stripBuild drops the build id the server writes into every page.
func stripBuild(page string) string {
	i := strings.Index(page, `data-build="`)
	if i < 0 {
		return page
	}
	j := strings.Index(page[i+len(`data-build="`):], `"`)
	return page[:i] + page[i+len(`data-build="`)+j:]
}

// panicFS panics on Open while armed, standing in for a bug in a build stage.
type panicFS struct {
	fs.FS
	armed *atomic.Bool
}

func (p panicFS) Open(name string) (fs.File, error) {
	if p.armed.Load() {
		panic("boom in " + name)
	}
	return p.FS.Open(name)
}

// TestServeEarlyThenLateFailure: a rebuild shows its pages before the search index and the
// budgets; when a budget then fails, the open pages go back to the last good build and show
// the error, as for any failed build. A build whose late stages change no page sends nothing
// more after its pages.
// TestServeOneBuildIDPerEdit: an edit's rebuild shows its pages early and publishes the rest
// after; a page loaded in between must carry the id the event stream greets it with once the
// rebuild is done, or it takes itself for stale and reloads again, losing the mark of the block
// that changed.
func TestServeOneBuildIDPerEdit(t *testing.T) {
	dir := fixtureProject(t)
	l := startLive(t, dir, projectAt(dir))
	c := l.connect(t)
	l.edit(t, "content/en/01-intro.md", func(s string) string { return s + "\nOne more paragraph.\n" })
	e := c.expect(t, "reload")
	for deadline := time.Now().Add(wait); strings.Count(l.log.String(), "rebuilt in") == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the rebuild never finished:\n%s", l.log)
		}
	}
	if _, body := l.get(t, "/en/intro/"); !strings.Contains(body, `data-build="`+e.id+`"`) {
		t.Errorf("after the rebuild the page is served with another build than its reload event's %s:\n%.300s", e.id, body[strings.Index(body, "data-build"):])
	}
	select {
	case e := <-c.events:
		t.Errorf("a second event for one edit: %s %s", e.kind, e.data)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestServeEarlyThenLateFailure(t *testing.T) {
	dir := fixtureProject(t)
	l := startLive(t, dir, projectAt(dir))
	c := l.connect(t)
	_, before := l.get(t, "/en/intro/")

	// Text that gzip cannot shrink, well over the 30 KB page budget.
	var noise strings.Builder
	x := uint32(1)
	for noise.Len() < 120_000 {
		x = x*1664525 + 1013904223
		fmt.Fprintf(&noise, "w%08x ", x)
	}
	l.edit(t, "content/en/01-intro.md", func(s string) string { return s + "\n" + noise.String() + "\n" })
	if d := reloadPaths(t, c.expect(t, "reload")); !slices.Contains(d.Paths, "/en/intro/") {
		t.Errorf("early reload = %+v; want /en/intro/", d)
	}
	if d := reloadPaths(t, c.expect(t, "reload")); !slices.Contains(d.Paths, "/en/intro/") {
		t.Errorf("reload back to the last good build = %+v; want /en/intro/", d)
	}
	e := c.expect(t, "error")
	if !strings.Contains(e.data, "budget") {
		t.Errorf("error event %s; want the page budget", e.data)
	}
	if _, body := l.get(t, "/en/intro/"); stripBuild(body) != stripBuild(before) {
		t.Errorf("GET /en/intro/ after the late failure is not the last good page")
	}

	// Back under budget: the overlay goes, the page shows the fix, and no second reload follows
	// for the search index and crawler files.
	l.edit(t, "content/en/01-intro.md", func(s string) string {
		return strings.Replace(s, noise.String(), "A short paragraph instead.", 1)
	})
	c.expect(t, "ok")
	if d := reloadPaths(t, c.expect(t, "reload")); !slices.Contains(d.Paths, "/en/intro/") {
		t.Errorf("reload after the fix = %+v; want /en/intro/", d)
	}
	select {
	case e := <-c.events:
		t.Errorf("a second event after the fix: %s %s", e.kind, e.data)
	case <-time.After(300 * time.Millisecond):
	}
	if _, body := l.get(t, "/en/intro/"); !strings.Contains(body, "A short paragraph instead.") {
		t.Errorf("GET /en/intro/ after the fix lacks it")
	}
}

func TestServeSurvivesPanic(t *testing.T) {
	dir := fixtureProject(t)
	proj := projectAt(dir)
	var armed atomic.Bool
	proj.Layouts = panicFS{proj.Layouts, &armed}
	l := startLive(t, dir, proj)
	c := l.connect(t)
	armed.Store(true)
	l.edit(t, "content/en/01-intro.md", func(s string) string { return s + "\nOne.\n" })
	e := c.expect(t, "error")
	if !strings.Contains(e.data, "internal error") {
		t.Errorf("error after a panic = %s; want an internal error", e.data)
	}
	armed.Store(false)
	l.edit(t, "content/en/01-intro.md", func(s string) string { return s + "\nTwo.\n" })
	c.expect(t, "ok")
	c.expect(t, "reload")
}

func TestServeRejectsPathsOutsideTheSite(t *testing.T) {
	dir := fixtureProject(t)
	l := startLive(t, dir, projectAt(dir))
	addr := strings.TrimPrefix(l.http.URL, "http://")
	tests := []string{
		"/../content/site.yaml",
		"/en/../../content/site.yaml",
		"/%2e%2e/content/site.yaml",
		"/%2E%2E/%2E%2E/etc/passwd",
		"/en%2f..%2f..%2fsite.yaml",
		"/..%5c..%5csite.yaml",
		"/en\\..\\..\\site.yaml",
		"/en/./intro/",
		"/en//intro/",
		"/%00",
		"/css/",
		"/en/intro/index.html/",
	}
	for _, p := range tests {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", p, addr)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			conn.Close()
			t.Fatalf("GET %s: %v", p, err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != 404 && resp.StatusCode != 400 {
			t.Errorf("GET %s = %d; want 404", p, resp.StatusCode)
		}
		if strings.Contains(string(body), "languages:") || strings.Contains(string(body), "root:") {
			t.Errorf("GET %s leaked a file outside the site", p)
		}
	}
}

func TestServeShutdownClosesStreams(t *testing.T) {
	dir := fixtureProject(t)
	l := startLive(t, dir, projectAt(dir))
	c := l.connect(t)
	l.p.srv.Close()
	select {
	case <-c.closed:
	case <-time.After(wait):
		t.Fatal("event stream still open after Close")
	}
	if n := l.p.srv.Clients(); n != 0 {
		t.Errorf("Clients() after Close = %d; want 0", n)
	}
}

// lineWriter reports each line written to it.
type lineWriter struct{ lines chan string }

func (w lineWriter) Write(p []byte) (int, error) {
	for _, l := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		select {
		case w.lines <- l:
		default:
		}
	}
	return len(p), nil
}

// TestServeCommand runs the command as a user does: it prints where it serves, answers, warns
// about a non-loopback bind, and returns 0 once its context ends (Ctrl-C).
func TestServeCommand(t *testing.T) {
	dir := fixtureProject(t)
	out := lineWriter{make(chan string, 64)}
	errs := newSyncBuffer()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"serve", "--source", dir, "--port", "0", "--bind", "0.0.0.0"}, out, errs)
	}()
	var url string
	for url == "" {
		select {
		case l := <-out.lines:
			if rest, ok := strings.CutPrefix(l, "serving at "); ok {
				url, _, _ = strings.Cut(rest, " ")
			}
		case c := <-code:
			t.Fatalf("serve exited with %d before serving:\n%s", c, errs)
		case <-time.After(wait):
			t.Fatal("serve did not report its address")
		}
	}
	resp, err := http.Get(strings.Replace(url, "0.0.0.0", "127.0.0.1", 1) + "en/intro/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET en/intro/ = %d; want 200", resp.StatusCode)
	}
	if !strings.Contains(errs.String(), "warning: serving on 0.0.0.0") {
		t.Errorf("stderr lacks the non-loopback warning:\n%s", errs)
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("serve exited with %d after Ctrl-C; want 0:\n%s", c, errs)
		}
	case <-time.After(wait):
		t.Fatal("serve did not return after its context ended")
	}
}
