package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a headless-capable Chromium, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestServeInBrowser does what an author does: open a chapter, edit its Markdown, and watch
// the page change by itself; break it and see the overlay; fix it and see the overlay go.
func TestServeInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium()
	if exe == "" {
		t.Skip("no Chromium installed (apt-get install chromium): skipping the browser test")
	}
	dir := fixtureProject(t)
	l := startLive(t, dir, projectAt(dir))

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(1000, 700))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	// connected waits until the page's event stream is open, so an edit cannot slip in
	// between page load and subscription (the page would catch up anyway, through hello).
	connected := func() {
		t.Helper()
		for deadline := time.Now().Add(wait); l.p.srv.Clients() == 0; {
			if time.Now().After(deadline) {
				t.Fatal("the page never opened its event stream")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	poll := func(what, js string) {
		t.Helper()
		// Evaluate again and again: the page reloads itself in between, which ends a
		// single in-page poll.
		for deadline := time.Now().Add(wait); ; time.Sleep(20 * time.Millisecond) {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var e=document.querySelector("[data-folio-changed]");return JSON.stringify({y:scrollY,h:innerHeight,doc:document.documentElement.scrollHeight,top:e&&e.getBoundingClientRect().top,tag:e&&e.outerHTML.slice(0,80)})})()`))
				t.Fatalf("%s: not so within %v (last error: %v)\npage text:\n%.1000s\nserve's log:\n%s", what, wait, err, body, l.log)
			}
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(l.http.URL+"/en/intro/"), chromedp.WaitVisible(".prose")); err != nil {
		t.Fatal(err)
	}
	connected()

	// Edit: a paragraph appended at the end; the page shows it, marked, without a touch.
	page := "content/en/01-intro.md"
	orig, err := os.ReadFile(l.path(page))
	if err != nil {
		t.Fatal(err)
	}
	edited := string(orig) + "\nA paragraph the author just wrote.\n"
	l.write(t, page, edited)
	poll("edited paragraph shown, marked and in view", `(function(){var e=document.querySelector("[data-folio-changed]");if(!e||!e.textContent.includes("A paragraph the author just wrote."))return false;var r=e.getBoundingClientRect();return r.top>=0&&r.top<innerHeight})()`)
	connected()

	// Break it: the overlay names the file and line, over the last good page.
	l.write(t, page, strings.Replace(edited, "---\ntitle:", "---\ntitle: [", 1))
	poll("overlay shown", `document.getElementById("folio-overlay") && document.getElementById("folio-overlay").innerText.includes("content/en/01-intro.md:")`)
	still, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".prose").innerText.includes("A paragraph the author just wrote.")`))
	if err != nil {
		t.Fatal(err)
	}
	if !still {
		t.Error("the last good page is gone while the build is broken")
	}

	// Fix it: the overlay goes away by itself and the fix shows.
	l.write(t, page, edited+"\nFixed and extended.\n")
	poll("overlay gone and fix shown", `!document.getElementById("folio-overlay") && document.querySelector(".prose").innerText.includes("Fixed and extended.")`)
}
