package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"folio/internal/diag"
	"folio/internal/site"
)

type checkCmd struct {
	stdout, stderr io.Writer
	projectFlags
	external        bool
	externalTimeout time.Duration
}

func (c *checkCmd) Run(ctx context.Context, args []string) int {
	fs := newFlagSet("check", "Validates everything a build validates, lists warnings and external links, and writes nothing.\nExits 1 when there are errors.", c.stderr)
	c.register(fs)
	fs.BoolVar(&c.external, "external", false, "also request every external link and report the broken ones (off by default: it needs the network)")
	fs.DurationVar(&c.externalTimeout, "external-timeout", 60*time.Second, "give up on external links that have not answered after `duration` in all")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	proj, closeFn, err := c.open()
	if err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	defer closeFn()
	res, ds := site.New(proj, c.options()).Build(ctx)
	if res == nil {
		printDiags(c.stderr, ds)
		fmt.Fprintf(c.stderr, "folio: check found %d error(s)\n", len(ds.Errors()))
		return 1
	}
	report := site.Check(res)
	printDiags(c.stderr, report.Diags)
	ext := report.External
	sort.Strings(ext)
	if len(ext) > 0 && !c.external {
		fmt.Fprintf(c.stdout, "external links (%d, not fetched; --external tries them):\n  %s\n", len(ext), strings.Join(ext, "\n  "))
	}
	if len(ext) > 0 && c.external {
		fmt.Fprintf(c.stdout, "external links: trying %d\n", len(ext))
		results := tryLinks(ctx, &http.Client{}, ext, c.externalTimeout)
		lds := linkDiags(res, results)
		printDiags(c.stderr, lds)
		report.Diags.Add(lds...)
	}
	if report.Diags.Err() != nil {
		fmt.Fprintf(c.stderr, "folio: check found %d error(s)\n", len(report.Diags.Errors()))
		return 1
	}
	fmt.Fprintf(c.stdout, "check: %d pages, %d warning(s), no errors\n", len(res.Pages), len(report.Diags.Warnings()))
	return 0
}

// linkResult is what requesting one external link found.
type linkResult struct {
	URL    string
	Status int    // HTTP status of the final response; 0 when none came
	Err    string // why no response came, or ""
}

// broken reports whether the link is certainly dead (an error) and doubtful reports whether it
// may be (a warning): servers that refuse robots (401, 403, 429), fail for a while (5xx) or
// do not answer in time are not proof of a dead link.
func (r linkResult) broken() bool {
	return r.Err == "" && r.Status >= 400 && r.Status != 401 && r.Status != 403 && r.Status != 429 && r.Status < 500
}

func (r linkResult) doubtful() bool { return !r.broken() && (r.Err != "" || r.Status >= 400) }

func (r linkResult) String() string {
	if r.Err != "" {
		return r.Err
	}
	return fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status))
}

// linkWorkers bounds the requests in flight, to be gentle with the hosts linked to.
const linkWorkers = 8

// tryLinks requests every URL (HEAD, then GET where HEAD is refused), several at a time, and
// gives up on those still unanswered when timeout has passed. Redirects are followed.
func tryLinks(ctx context.Context, client *http.Client, urls []string, timeout time.Duration) []linkResult {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	results := make([]linkResult, len(urls))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(linkWorkers, len(urls)) {
		wg.Go(func() {
			for i := range next {
				results[i] = tryLink(ctx, client, urls[i])
			}
		})
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func tryLink(ctx context.Context, client *http.Client, link string) linkResult {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return linkResult{URL: link, Err: "not an http(s) link; not tried"}
	}
	u.Fragment = ""
	status, err := request(ctx, client, http.MethodHead, u.String())
	if err != nil || status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented || status == http.StatusForbidden || status == http.StatusNotFound {
		// Some servers answer HEAD wrongly; a GET decides.
		status, err = request(ctx, client, http.MethodGet, u.String())
	}
	if err != nil {
		if ctx.Err() != nil {
			return linkResult{URL: link, Err: "no answer before --external-timeout"}
		}
		return linkResult{URL: link, Err: shortNetErr(err)}
	}
	return linkResult{URL: link, Status: status}
}

func request(ctx context.Context, client *http.Client, method, link string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, link, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "folio-check (link checker)")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	// Read a little so the connection can be reused; the body itself is not wanted.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// shortNetErr drops the method and URL that net/http puts in front of its errors.
func shortNetErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// linkDiags turns failed requests into diagnostics at every Markdown line that links there.
func linkDiags(res *site.Result, results []linkResult) diag.List {
	byURL := map[string]linkResult{}
	for _, r := range results {
		byURL[r.URL] = r
	}
	var ds diag.List
	for _, p := range res.Pages {
		for _, l := range p.Doc.Links {
			r, ok := byURL[l.URL]
			switch {
			case !ok:
			case r.broken():
				ds.Add(diag.Errorf(p.Path(), l.Line, "broken external link %s: %s", l.URL, r))
			case r.doubtful():
				ds.Add(diag.Warnf(p.Path(), l.Line, "external link %s may be broken: %s", l.URL, r))
			}
		}
	}
	ds.Sort()
	return ds
}
