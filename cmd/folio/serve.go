package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"folio/internal/output"
	"folio/internal/site"
)

type serveCmd struct {
	stdout, stderr io.Writer
	projectFlags
	port int
	bind string
}

func (c *serveCmd) Run(ctx context.Context, args []string) int {
	fs := newFlagSet("serve", "Builds the site in memory and serves it for preview.", c.stderr)
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
		fmt.Fprintf(c.stderr, "folio: warning: serving on %s, reachable from other machines\n", c.bind)
	}
	proj, closeFn, err := c.open()
	if err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	defer closeFn()
	start := time.Now()
	res, ds := site.New(proj, c.options()).Build(ctx)
	printDiags(c.stderr, ds)
	if res == nil {
		return 1
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(c.bind, fmt.Sprint(c.port)))
	if err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	base := res.Site.Config.BasePath()
	fmt.Fprintf(c.stdout, "built in %.0f ms; serving at http://%s%s (Ctrl-C to stop)\n", float64(time.Since(start).Microseconds())/1000, ln.Addr(), base)
	srv := &http.Server{Handler: filesHandler(base, res.Files), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	return 0
}

// filesHandler serves built files from memory under the base path; nothing else.
func filesHandler(base string, files output.Files) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if !strings.HasPrefix(p, base) {
			if p == "/" {
				http.Redirect(w, r, base, http.StatusFound)
				return
			}
			notFound(w, files)
			return
		}
		name := strings.TrimPrefix(p, base)
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		if path.Clean("/"+name) != "/"+name {
			notFound(w, files)
			return
		}
		data, ok := files[name]
		if !ok {
			if _, ok := files[name+"/index.html"]; ok {
				http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
				return
			}
			notFound(w, files)
			return
		}
		w.Header().Set("Content-Type", contentType(name))
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	})
}

func contentType(name string) string {
	t := output.TypeOf(name)
	if strings.HasPrefix(t, "text/") || strings.HasSuffix(t, "javascript") || strings.HasSuffix(t, "json") || strings.HasSuffix(t, "xml") || strings.HasSuffix(t, "svg+xml") {
		t += "; charset=utf-8"
	}
	return t
}

func notFound(w http.ResponseWriter, files output.Files) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(files["404.html"])
}
