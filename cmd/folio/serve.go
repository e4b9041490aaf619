package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"folio/internal/diag"
	"folio/internal/output"
	"folio/internal/server"
	"folio/internal/site"
	"folio/internal/watch"
)

type serveCmd struct {
	stdout, stderr io.Writer
	projectFlags
	port int
	bind string
}

func (c *serveCmd) Run(ctx context.Context, args []string) int {
	fs := newFlagSet("serve", "Builds the site in memory, serves it for preview, and rebuilds and reloads the open pages\non every save under content/, layouts/ and assets/.", c.stderr)
	c.register(fs)
	fs.IntVar(&c.port, "port", 1313, "`port` to listen on (0 picks a free one)")
	fs.StringVar(&c.bind, "bind", "127.0.0.1", "`address` to listen on; anything but loopback exposes your drafts to the network")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if ip := net.ParseIP(c.bind); c.bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(c.stderr, "folio: warning: serving on %s, reachable from other machines: anyone who can reach it reads your drafts\n", c.bind)
	}
	proj, closeFn, err := c.open()
	if err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	defer closeFn()

	// Watch before the first build, so that a save during it is not missed.
	w, err := watch.New([]string{
		filepath.Join(c.source, "content"), filepath.Join(c.source, "layouts"), filepath.Join(c.source, "assets"),
	}, watch.Options{})
	if err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	p := newPreview(proj, c.options(), c.stdout, c.stderr)
	p.rebuild(ctx, nil)

	ln, err := net.Listen("tcp", net.JoinHostPort(c.bind, fmt.Sprint(c.port)))
	if err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	fmt.Fprintf(c.stdout, "serving at http://%s%s (Ctrl-C to stop)\n", ln.Addr(), p.base)
	hs := &http.Server{Handler: p.srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	watched := make(chan error, 1)
	go func() { watched <- w.Run(ctx) }()
	p.follow(ctx, w.Batches())
	if ctx.Err() == nil {
		// The watcher stopped (the kernel refused more watches, say): keep serving what was
		// built, and say why pages no longer follow saves.
		err := <-watched
		watched <- nil
		if err == nil {
			err = errors.New("the file watcher stopped")
		}
		fmt.Fprintf(c.stderr, "folio: %v; no longer watching for changes (restart serve to watch again)\n", err)
		<-ctx.Done()
	}

	// Ctrl-C: end the event streams first, so that Shutdown finds every connection idle.
	p.srv.Close()
	shut, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		hs.Close()
	}
	code := 0
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		code = 1
	}
	if err := <-watched; err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		code = 1
	}
	return code
}

// preview is serve's loop: build into memory, rebuild on every batch of changes, and hand the
// result to the server, which tells the open pages.
type preview struct {
	b              *site.Builder
	srv            *server.Server
	stdout, stderr io.Writer
	base           string       // base path of the last good build
	good           output.Files // the last good build
	warnings       string       // printed once until they change

	// early is what this build showed before its last stages (site.Options.Early), nil if
	// nothing: a rebuild shows the edited pages as soon as they are laid out and checked.
	early     output.Files
	earlyBase string
}

func newPreview(proj site.Project, opts site.Options, stdout, stderr io.Writer) *preview {
	p := &preview{srv: server.New(), stdout: stdout, stderr: stderr, base: "/"}
	opts.Early = p.showEarly
	p.b = site.New(proj, opts)
	return p
}

// showEarly publishes a rebuild's pages before its search index, budgets and crawler files;
// the first build waits for all of it.
func (p *preview) showEarly(base string, files output.Files, changed []string) {
	if p.good == nil {
		return
	}
	p.srv.Publish(base, files, changed)
	p.early, p.earlyBase = files, base
}

// follow rebuilds on every batch until the batches end or ctx is done.
func (p *preview) follow(ctx context.Context, batches <-chan []string) {
	for {
		select {
		case <-ctx.Done():
			return
		case paths, ok := <-batches:
			if !ok {
				return
			}
			p.rebuild(ctx, paths)
		}
	}
}

// rebuild builds and publishes, or reports the errors and keeps the last good build. It never
// lets bad input (or a bug it triggers) end the server.
func (p *preview) rebuild(ctx context.Context, paths []string) bool {
	start := time.Now()
	res, ds := p.build(ctx)
	took := float64(time.Since(start).Microseconds()) / 1000
	if ctx.Err() != nil {
		return false
	}
	why := ""
	if len(paths) > 0 {
		why = describe(paths) + ": "
	}
	early := p.early
	p.early = nil
	if res == nil {
		printDiags(p.stderr, ds)
		fmt.Fprintf(p.stderr, "%sbuild failed with %d error(s) in %.1f ms; still serving the last good build\n", why, len(ds.Errors()), took)
		if early != nil {
			// It failed after showing its pages early: back to the last good build.
			p.srv.Publish(p.base, p.good, output.Diff(early, p.good))
		}
		p.srv.Fail(ds)
		return false
	}
	if w := res.Warnings.Error(); w != p.warnings {
		printDiags(p.stderr, res.Warnings)
		p.warnings = w
	}
	p.base = res.Site.Config.BasePath()
	changed := res.Changed
	if early != nil {
		changed = output.Diff(early, res.Files) // the open pages have seen the rest
	}
	p.srv.Publish(p.base, res.Files, changed)
	p.good = res.Files
	if paths == nil {
		pages := 0
		for _, ed := range res.Site.Editions {
			pages += len(ed.Chapters) + 1
		}
		fmt.Fprintf(p.stdout, "built %d pages in %.0f ms\n", pages, took)
		return true
	}
	fmt.Fprintf(p.stdout, "%srebuilt in %.1f ms (%d converted, %d laid out, %d changed)\n", why, took, res.Work.Converted, res.Work.LaidOut, len(res.Changed))
	return true
}

// build runs one build; a panic becomes an error, reported like any other.
func (p *preview) build(ctx context.Context) (res *site.Result, ds diag.List) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(p.stderr, "folio: internal error during the build (please report it):\n%v\n%s\n", r, debug.Stack())
			res, ds = nil, diag.List{diag.Errorf("", 0, "internal error during the build: %v (details in the terminal)", firstLine(r))}
		}
	}()
	return p.b.Build(ctx)
}

func firstLine(v any) string {
	s, _, _ := strings.Cut(fmt.Sprint(v), "\n")
	return s
}

// describe names the changed files for the log: "content/en/01-intro.md", "3 files".
func describe(paths []string) string {
	if len(paths) == 1 {
		return filepath.ToSlash(paths[0])
	}
	return fmt.Sprintf("%d files", len(paths))
}
