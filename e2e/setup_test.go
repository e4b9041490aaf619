package e2e

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"folio/internal/output"
	"folio/internal/site"
)

// env is what every test shares: the built report, the server that serves it and the browser.
type env struct {
	srv     *httptest.Server
	res     *site.Result
	dir     string          // the build, on disk
	browser context.Context // a chromedp context whose browser is running; tabs are its children
}

var (
	once     sync.Once
	shared   *env
	setupErr error
	skipMsg  string
	teardown []func()
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(teardown) - 1; i >= 0; i-- {
		teardown[i]()
	}
	os.Exit(code)
}

// setup builds and serves the report and starts the browser, once for the whole package. It
// skips the test when no browser is installed, unless CI=true, where that is a failure.
func setup(t *testing.T) *env {
	t.Helper()
	once.Do(func() { shared, skipMsg, setupErr = start() })
	if skipMsg != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s; CI=true, so the browser tests must run", skipMsg)
		}
		t.Skip(skipMsg)
	}
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return shared
}

// findBrowser returns the path of a Chromium-based browser, or "".
func findBrowser() string {
	if p := os.Getenv("FOLIO_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func start() (*env, string, error) {
	exe := findBrowser()
	if exe == "" {
		return nil, "no Chromium found (set FOLIO_CHROMIUM or install chromium) — skipping the browser tests", nil
	}
	tmp, err := os.MkdirTemp("", "folio-e2e-")
	if err != nil {
		return nil, "", err
	}
	teardown = append(teardown, func() { os.RemoveAll(tmp) })

	e := &env{dir: filepath.Join(tmp, "public")}
	// The server starts first: the build needs its address as the base URL, so canonical and
	// hreflang links are absolute and point at it.
	e.srv = httptest.NewServer(notFound(e.dir))
	teardown = append(teardown, e.srv.Close)
	if e.res, err = build(e.srv.URL+"/", e.dir); err != nil {
		return nil, "", err
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	teardown = append(teardown, cancelAlloc, cancelBrowser)
	if err := chromedp.Do(bctx); err != nil { // starts the browser, with no deadline
		return nil, "", fmt.Errorf("start %s: %w", exe, err)
	}
	e.browser = bctx
	return e, "", nil
}

// build builds the bundled report (the repository's own content/, layouts/, assets/) into out.
func build(baseURL, out string) (*site.Result, error) {
	root, err := os.OpenRoot(filepath.Join("..", "content"))
	if err != nil {
		return nil, fmt.Errorf("open content: %w", err)
	}
	defer root.Close()
	proj := site.Project{
		Content: root.FS(),
		Layouts: os.DirFS(filepath.Join("..", "layouts")),
		Assets:  os.DirFS(filepath.Join("..", "assets")),
	}
	res, ds := site.New(proj, site.Options{BaseURL: baseURL}).Build(context.Background())
	if res == nil {
		return nil, fmt.Errorf("build the report: %v", ds.Err())
	}
	if err := output.Write(out, res.Files); err != nil {
		return nil, fmt.Errorf("write the report: %w", err)
	}
	return res, nil
}

// notFound serves dir as a static host does: index.html for directories, 404.html with status
// 404 for anything missing, and text gzipped when the browser accepts it.
func notFound(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			gz := &gzipWriter{ResponseWriter: w}
			defer gz.Close()
			w = gz
		}
		p := path.Clean("/" + r.URL.Path)
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); errors.Is(err, os.ErrNotExist) {
			body, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.Error(w, "404.html missing", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(body)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// gzipWriter compresses text responses; other types pass through.
type gzipWriter struct {
	http.ResponseWriter
	zw      *gzip.Writer
	started bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if g.started {
		return
	}
	g.started = true
	ct := g.Header().Get("Content-Type")
	if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") || strings.Contains(ct, "json") || strings.Contains(ct, "svg") {
		g.Header().Set("Content-Encoding", "gzip")
		g.Header().Del("Content-Length")
		g.zw = gzip.NewWriter(g.ResponseWriter)
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.started {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) Close() {
	if g.zw != nil {
		g.zw.Close()
	}
}

// page is one page of the build with what the tests expect of it.
type page struct {
	name      string // for test names: "zh/cover", "en/landscape", "404"
	url       string // absolute
	lang      string
	prev      string // absolute URL of the previous chapter, "" when none
	next      string
	switchTo  map[string]string // language → absolute URL the switcher must lead to
	chapter   bool
	notFound  bool
	codeBlock bool // has at least one highlighted code block
}

// pages lists every page of both editions and the 404 page, with the expected navigation,
// computed from the site model rather than from the HTML under test.
func (e *env) pages() []page {
	abs := func(u string) string { return e.srv.URL + u }
	byFile := map[string]*site.Page{}
	for _, p := range e.res.Pages {
		byFile[p.File] = p
	}
	var out []page
	for _, ed := range e.res.Site.Editions {
		for i, p := range ed.Pages() {
			sp := byFile[p.File]
			pg := page{url: abs(sp.URL), lang: ed.Lang, chapter: !p.Cover, switchTo: map[string]string{}}
			pg.name = ed.Lang + "/" + p.Slug
			if p.Cover {
				pg.name = ed.Lang + "/cover"
			}
			pg.codeBlock = strings.Contains(string(sp.Doc.HTML), `class="chroma"`)
			if p.Cover {
				if len(ed.Chapters) > 0 {
					pg.next = abs(byFile[ed.Chapters[0].File].URL)
				}
			} else {
				idx := i - 1 // Pages() is the cover, then the chapters
				if idx > 0 {
					pg.prev = abs(byFile[ed.Chapters[idx-1].File].URL)
				}
				if idx+1 < len(ed.Chapters) {
					pg.next = abs(byFile[ed.Chapters[idx+1].File].URL)
				}
			}
			for _, other := range e.res.Site.Editions {
				if other.Lang == ed.Lang {
					continue
				}
				target := other.Cover
				if !p.Cover {
					if t := other.Chapter(p.Name); t != nil {
						target = t
					}
				}
				pg.switchTo[other.Lang] = abs(byFile[target.File].URL)
			}
			out = append(out, pg)
		}
	}
	def := e.res.Site.Editions[0].Lang
	out = append(out, page{name: "404", url: e.srv.URL + "/404.html", lang: def, notFound: true})
	return out
}

// tab opens a new tab in the shared browser and records what goes wrong in it.
func (e *env) tab(t *testing.T) (context.Context, *problems) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser)
	t.Cleanup(cancel)
	pr := &problems{}
	if err := chromedp.Listen(ctx, pr.record); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return ctx, pr
}
