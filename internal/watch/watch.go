// Package watch reports changes under directory trees as batches: every folder is watched
// (folders created later too, and forgotten when removed), editors' temporary files are
// ignored, and a burst of events (an editor's save, a git checkout) becomes one batch.
//
// Editors save in one of three ways, and each ends as the file's own name in a batch:
//
//	write in place            Write events on the file
//	truncate, then write      Write (empty file), Write
//	write temp, then rename   Create/Write on a temporary name (ignored), Rename of the old
//	                          file away, Create of the file (vim, JetBrains IDEs)
//
// A batch is reported once the tree has been quiet for a moment, so a build never sees a
// half-written save.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options tune the batching.
type Options struct {
	// Quiet is how long the trees must be still before a batch is reported (default 10 ms).
	Quiet time.Duration
	// MaxWait bounds how long a batch may be held back by a steady stream of events
	// (default 300 ms).
	MaxWait time.Duration
	// Ignore reports file names to leave out; nil means Temporary.
	Ignore func(name string) bool
}

// Watcher watches directory trees. Create it with New, then call Run.
type Watcher struct {
	fsw     *fsnotify.Watcher
	roots   []string
	opts    Options
	batches chan []string
	watched map[string]bool // folders being watched
}

// New watches every folder under roots. A root that does not exist is skipped.
func New(roots []string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 300 * time.Millisecond
	}
	if opts.Ignore == nil {
		opts.Ignore = Temporary
	}
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, fmt.Errorf("start file watcher: %w", err)
	}
	w := &Watcher{fsw: fsw, opts: opts, batches: make(chan []string), watched: map[string]bool{}}
	for _, r := range roots {
		r = filepath.Clean(r)
		if st, err := os.Stat(r); err != nil || !st.IsDir() {
			continue
		}
		w.roots = append(w.roots, r)
		if _, err := w.addTree(r); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Batches delivers the changed paths (sorted, each once). A root itself in a batch means
// anything under it may have changed (the kernel's event queue overflowed). The channel is
// closed when Run returns.
func (w *Watcher) Batches() <-chan []string { return w.batches }

// Watched reports how many folders are being watched.
func (w *Watcher) Watched() int { return len(w.fsw.WatchList()) }

// Run delivers batches until ctx is done, then stops watching. While a batch waits for the
// receiver, newer events join it, so nothing is lost and nothing is reported twice.
func (w *Watcher) Run(ctx context.Context) error {
	defer close(w.batches)
	defer w.fsw.Close()
	pending := map[string]bool{}
	var first, last time.Time // of the batch being gathered
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := false
	var out chan []string // w.batches once a batch is ready, else nil
	var ready []string
	touch := func() {
		if out != nil {
			// The tree moved again before the receiver took the batch: gather on, so that a
			// build never reads a save that is still being written.
			for _, p := range ready {
				pending[p] = true
			}
			out, ready = nil, nil
		}
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		last = now
		if !armed {
			timer.Reset(w.opts.Quiet)
			armed = true
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			if w.handle(ev, pending) {
				touch()
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				return fmt.Errorf("watch: %w", err)
			}
			for _, r := range w.roots {
				pending[r] = true
			}
			touch()
		case <-timer.C:
			armed = false
			now := time.Now()
			if wait := w.opts.Quiet - now.Sub(last); wait > 0 && now.Sub(first) < w.opts.MaxWait {
				timer.Reset(min(wait, w.opts.MaxWait-now.Sub(first)))
				armed = true
				continue
			}
			ready, out = w.take(pending), w.batches
			first, last = time.Time{}, time.Time{}
		case out <- ready:
			out, ready = nil, nil
		}
	}
}

func (w *Watcher) take(pending map[string]bool) []string {
	out := make([]string, 0, len(pending))
	for p := range pending {
		out = append(out, p)
		delete(pending, p)
	}
	slices.Sort(out)
	return out
}

// handle records one event; it reports whether the event counts.
func (w *Watcher) handle(ev fsnotify.Event, pending map[string]bool) bool {
	name := filepath.Clean(ev.Name)
	if w.opts.Ignore(filepath.Base(name)) {
		return false
	}
	switch {
	case ev.Has(fsnotify.Create):
		if st, err := os.Lstat(name); err == nil && st.IsDir() {
			// Files may have landed in the folder before its watch was in place.
			files, err := w.addTree(name)
			if err != nil {
				return false
			}
			for _, f := range files {
				pending[f] = true
			}
		}
		pending[name] = true
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		if w.watched[name] {
			w.forget(name)
		}
		pending[name] = true
	case ev.Has(fsnotify.Write):
		pending[name] = true
	default:
		return false // chmod: an editor or backup tool touched the attributes only
	}
	return true
}

// addTree watches dir and every folder under it and returns the files found.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished while walking: its Remove event follows
		}
		if p != dir && w.opts.Ignore(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, p)
			return nil
		}
		if w.watched[p] {
			return nil
		}
		if err := w.fsw.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return fmt.Errorf("watch %s: %w", p, err)
		}
		w.watched[p] = true
		return nil
	})
	return files, err
}

// forget stops watching dir and the folders under it (the kernel already dropped the watches
// of deleted folders; Remove of those fails harmlessly).
func (w *Watcher) forget(dir string) {
	prefix := dir + string(filepath.Separator)
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, prefix) {
			_ = w.fsw.Remove(p) // already gone with the folder
			delete(w.watched, p)
		}
	}
}

// Temporary reports names that editors, version control and the OS write beside real files:
// dot files and folders (.git, .file.swp, .#lock), backups (file~), vim's write test "4913",
// JetBrains' safe-write files (file___jb_tmp___, file___jb_old___), and partial downloads.
func Temporary(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".crdownload"), strings.HasSuffix(name, ".part"),
		strings.Contains(name, "___jb_"),
		name == "4913":
		return true
	}
	return false
}
