// Package server serves a site built in memory for live preview. It serves only the built
// files (no path outside them, no directory listings), injects a small reload script into the
// HTML it serves (never into build output), and pushes Server-Sent Events to the open pages:
//
//	hello   the current build id, first on every stream (a page served from an older build reloads)
//	reload  the URL paths of the pages that changed (the page brings the author to the changed block)
//	css     the stylesheet changed and nothing else: swapped without a reload
//	error   the build failed: file, line and message for the overlay; the last good build stays
//	ok      the build is good again: the overlay goes away
//
// The events live under the base path at __folio/, which no built file can shadow.
package server

import (
	"bytes"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"folio/internal/diag"
	"folio/internal/output"
)

//go:embed reload.js
var reloadJS []byte

// Prefix is the folder under the base path where the server answers by itself.
const Prefix = "__folio/"

// Server serves the last good build and tells the open pages what changed. Its methods are
// safe for concurrent use.
type Server struct {
	hub      *hub
	instance string // tells builds of different server runs apart

	mu       sync.RWMutex
	base     string
	files    output.Files // nil until the first good build
	seq      int
	problems []Problem // set while the last build failed
}

// New returns a server with nothing built yet: until the first Publish every page says so and
// shows the errors of Fail.
func New() *Server {
	var b [4]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics instead)
	return &Server{hub: newHub(), instance: hex.EncodeToString(b[:]), base: "/"}
}

// Publish makes files (a good build served under base) current. changed lists the site paths
// that differ from the previous good build ("en/intro/index.html", "css/style.1a2b.css"); the
// open pages get one event that says what to do about them.
func (s *Server) Publish(base string, files output.Files, changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, oldBase, wasBroken := s.files, s.base, s.problems != nil
	s.base, s.files, s.problems = base, files, nil

	// The build id moves only with news for the pages. A publish that tells them nothing (the
	// rest of a rebuild whose pages were shown early, a fix back to the last good state) keeps
	// it, or a page loaded in between would take hello's new id for a missed change and
	// reload once more, losing its mark of the changed block. Broadcasting under the lock
	// keeps the events in the order of the ids.
	var news Event
	switch {
	case old == nil || oldBase != base:
		news = Event{Kind: "reload", Data: ReloadData{Paths: []string{}, All: true}}
	case len(changed) == 0:
		// Nothing the browser shows changed (a whitespace edit, or a fix back to the last good state).
	default:
		if css, ok := styleOnly(base, old, files, changed); ok {
			news = Event{Kind: "css", Data: css}
		} else if d := reloadData(base, changed); d.All || len(d.Paths) > 0 {
			news = Event{Kind: "reload", Data: d}
		} // else only files no page shows changed (the search index, the sitemap): nothing to tell
	}
	if news.Kind != "" {
		s.seq++
	}
	id := s.buildID()
	if wasBroken {
		s.hub.broadcast(Event{Kind: "ok", ID: id, Data: struct{}{}})
	}
	if news.Kind != "" {
		news.ID = id
		s.hub.broadcast(news)
	}
}

// Fail reports a failed build: the open pages show the errors over the last good build, which
// keeps being served.
func (s *Server) Fail(ds diag.List) {
	ps := problems(ds)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problems = ps
	s.hub.broadcast(Event{Kind: "error", ID: s.buildID(), Data: ErrorData{Problems: ps}})
}

// hello is the start of an event stream: the current build, and its errors if it failed.
// The caller holds s.mu.
func (s *Server) hello() []Event {
	id := s.buildID()
	first := []Event{{Kind: "hello", ID: id, Data: HelloData{Build: id}}}
	if s.problems != nil {
		first = append(first, Event{Kind: "error", ID: id, Data: ErrorData{Problems: s.problems}})
	}
	return first
}

// Close ends every event stream, so that http.Server.Shutdown can finish at once.
func (s *Server) Close() { s.hub.close() }

// Clients reports how many event streams are open.
func (s *Server) Clients() int { return s.hub.count() }

func (s *Server) buildID() string { return fmt.Sprintf("%s-%d", s.instance, s.seq) }

func problems(ds diag.List) []Problem {
	ps := []Problem{}
	for _, d := range ds.Errors() {
		ps = append(ps, Problem{File: d.File, Line: d.Line, Message: d.Msg})
	}
	if len(ps) == 0 {
		ps = append(ps, Problem{Message: "the build failed"})
	}
	return ps
}

// reloadData turns changed site paths into page URLs. A script change reloads every page.
func reloadData(base string, changed []string) ReloadData {
	d := ReloadData{Paths: []string{}}
	for _, p := range changed {
		switch {
		case strings.HasSuffix(p, ".js"):
			d.All = true
		case p == "index.html" || strings.HasSuffix(p, "/index.html"):
			d.Paths = append(d.Paths, base+strings.TrimSuffix(p, "index.html"))
		case strings.HasSuffix(p, ".html"):
			d.Paths = append(d.Paths, base+p)
		}
	}
	return d
}

// styleOnly reports whether the change is the stylesheet alone: one CSS file replaced (its name
// is fingerprinted, so every page's <link> changed with it) and no page changed otherwise.
func styleOnly(base string, old, cur output.Files, changed []string) (CSSData, bool) {
	var oldCSS, newCSS string
	var pages []string
	for _, p := range changed {
		switch {
		case strings.HasSuffix(p, ".css"):
			_, inOld := old[p]
			_, inNew := cur[p]
			switch {
			case inOld && inNew && oldCSS == "" && newCSS == "":
				oldCSS, newCSS = p, p
			case inOld && !inNew && oldCSS == "":
				oldCSS = p
			case inNew && !inOld && newCSS == "":
				newCSS = p
			default:
				return CSSData{}, false
			}
		case strings.HasSuffix(p, ".html"):
			pages = append(pages, p)
		default:
			return CSSData{}, false
		}
	}
	if oldCSS == "" || newCSS == "" {
		return CSSData{}, false
	}
	from, to := []byte(base+oldCSS), []byte(base+newCSS)
	for _, p := range pages {
		a, b := old[p], cur[p]
		if a == nil || b == nil || !bytes.Equal(bytes.ReplaceAll(a, from, to), b) {
			return CSSData{}, false
		}
	}
	return CSSData{Old: base + oldCSS, New: base + newCSS}, true
}

// ServeHTTP serves the built files, the event stream and the reload script.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.RLock()
	base, files, id := s.base, s.files, s.buildID()
	s.mu.RUnlock()

	p := r.URL.Path
	if !safePath(r.URL.EscapedPath(), p) {
		s.notFound(w, files, base, id)
		return
	}
	switch p {
	case base + Prefix + "events", "/" + Prefix + "events":
		// Also at the root: a page served before the first good build knew no base path.
		// Subscribing and taking hello under the lock Publish and Fail broadcast under means
		// a stream misses no build between its hello and its first event.
		s.mu.RLock()
		c, ok := s.hub.subscribe()
		first := s.hello()
		s.mu.RUnlock()
		if !ok {
			http.Error(w, "server is shutting down", http.StatusServiceUnavailable)
			return
		}
		s.hub.serveEvents(w, r, c, first)
		return
	case base + Prefix + "reload.js", "/" + Prefix + "reload.js":
		w.Header().Set("Content-Type", "application/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "reload.js", time.Time{}, bytes.NewReader(reloadJS))
		return
	}
	if files == nil {
		s.waiting(w, base, id)
		return
	}
	if !strings.HasPrefix(p, base) {
		if p+"/" == base || p == "/" {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		s.notFound(w, files, base, id)
		return
	}
	name := strings.TrimPrefix(p, base)
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := files[name]
	if !ok {
		if _, ok := files[name+"/index.html"]; ok {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		s.notFound(w, files, base, id)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	if strings.HasSuffix(name, ".html") {
		data = Inject(data, base, id)
		h.Set("Cache-Control", "no-store")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// safePath rejects what could step outside the site, however it is spelled: "..", encoded
// dots and slashes, backslashes, NUL, and empty or dot segments.
func safePath(escaped, decoded string) bool {
	lower := strings.ToLower(escaped)
	for _, bad := range []string{"%2e", "%2f", "%5c", "%00"} {
		if strings.Contains(lower, bad) {
			return false
		}
	}
	if !strings.HasPrefix(decoded, "/") || strings.ContainsAny(decoded, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(decoded[1:], "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return path.Clean(decoded) == strings.TrimSuffix(decoded, "/") || decoded == "/"
}

func (s *Server) notFound(w http.ResponseWriter, files output.Files, base, id string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	page := files["404.html"]
	if page == nil {
		page = []byte("<!doctype html><title>Not found</title><body><h1>Not found</h1></body>")
	}
	_, _ = w.Write(Inject(page, base, id))
}

// waiting is every page before the first good build: the overlay shows why, and the first
// good build reloads it.
func (s *Server) waiting(w http.ResponseWriter, base, id string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	page := "<!doctype html><meta charset=utf-8><title>folio: waiting for a good build</title>" +
		"<body><p>folio serve: the site has not built yet. Fix the errors shown; this page reloads by itself.</p></body>"
	_, _ = w.Write(Inject([]byte(page), base, id))
}

// Inject adds the reload script to an HTML page, before its last </body> (or at the end).
func Inject(page []byte, base, build string) []byte {
	tag := fmt.Sprintf(`<script src="%s" data-events="%s" data-build="%s"></script>`,
		html.EscapeString(base+Prefix+"reload.js"), html.EscapeString(base+Prefix+"events"), html.EscapeString(build))
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	}
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

func contentType(name string) string {
	t := output.TypeOf(name)
	if strings.HasPrefix(t, "text/") || strings.HasSuffix(t, "javascript") || strings.HasSuffix(t, "json") || strings.HasSuffix(t, "xml") {
		t += "; charset=utf-8"
	}
	return t
}
