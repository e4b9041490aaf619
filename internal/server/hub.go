package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Event is one message to the open pages.
type Event struct {
	Kind string // "hello", "reload", "css", "error", "ok"
	ID   string // the build the event belongs to; the page keeps it to know what it shows
	Data any    // marshalled as JSON
}

// ReloadData tells which pages changed. All is set when every page must reload (a script or
// the site's structure changed, or the first good build after a failed start).
type ReloadData struct {
	Paths []string `json:"paths"` // URL paths of the changed pages, base path included
	All   bool     `json:"all,omitempty"`
}

// CSSData names the new stylesheet that replaces Old.
type CSSData struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// Problem is one error of a failed build, for the overlay.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ErrorData is the state of a failed build.
type ErrorData struct {
	Problems []Problem `json:"problems"`
}

// HelloData is sent first on every stream: the page compares the build it was served from
// with the current one and reloads when it missed something (a server restart, an edit while
// it was loading).
type HelloData struct {
	Build string `json:"build"`
}

// hub fans events out to the connected event streams. A client that cannot keep up (its
// buffer is full) is dropped; its page reconnects and catches up through hello.
type hub struct {
	mu      sync.Mutex
	clients map[chan Event]bool
	closed  bool
	done    chan struct{}
}

func newHub() *hub {
	return &hub{clients: map[chan Event]bool{}, done: make(chan struct{})}
}

// subscribe registers a client; ok is false after close.
func (h *hub) subscribe() (chan Event, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	c := make(chan Event, 16)
	h.clients[c] = true
	return c, true
}

func (h *hub) unsubscribe(c chan Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}

func (h *hub) broadcast(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- e:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// close ends every stream; later subscriptions fail.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
}

// heartbeat keeps idle streams alive through proxies and finds dead clients.
const heartbeat = 20 * time.Second

// serveEvents streams the events of c, a subscription, to one client until it leaves or the
// hub closes, and then unsubscribes. first is written before anything else.
func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request, c chan Event, first []Event) {
	defer h.unsubscribe(c)
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	for _, e := range first {
		if writeEvent(w, e) != nil {
			return
		}
	}
	fl.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case e, ok := <-c:
			if !ok {
				return
			}
			if writeEvent(w, e) != nil {
				return
			}
			fl.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, e Event) error {
	data, err := json.Marshal(e.Data)
	if err != nil {
		return fmt.Errorf("encode %s event: %w", e.Kind, err)
	}
	_, err = fmt.Fprintf(w, "event: %s\nid: %s\ndata: %s\n\n", e.Kind, e.ID, data)
	return err
}
