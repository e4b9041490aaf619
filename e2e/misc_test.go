package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestMissingPage asks for pages that do not exist, at several depths, and expects the 404 page
// with its stylesheet and scripts, so its links must not be relative to the missing URL.
func TestMissingPage(t *testing.T) {
	e := setup(t)
	for _, p := range []string{"/no-such-page", "/en/no/such/page/", "/landscape/missing.html"} {
		t.Run(strings.Trim(p, "/"), func(t *testing.T) {
			ctx, pr := e.tab(t)
			resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(e.srv.URL+p))
			if err != nil {
				t.Fatalf("open %s: %v", p, err)
			}
			if resp.Status != 404 {
				t.Errorf("GET %s: HTTP %d; want 404", p, resp.Status)
			}
			if got := eval[string](t, ctx, `document.body.className`); got != "notfound" {
				t.Errorf("GET %s: body class %q; want notfound", p, got)
			}
			if got := eval[int](t, ctx, `document.styleSheets.length`); got == 0 {
				t.Errorf("GET %s: the 404 page has no stylesheet", p)
			}
			// The one failed request allowed is the page itself.
			var other []string
			for _, m := range pr.take() {
				if !strings.Contains(m, "HTTP 404") && !strings.Contains(m, "404 (Not Found)") {
					other = append(other, m)
				}
			}
			if len(other) > 0 {
				t.Errorf("GET %s: console errors or failed requests besides the page's own 404:\n  %s", p, strings.Join(other, "\n  "))
			}
		})
	}
}

// TestThemeToggle clicks the theme button: the theme flips, the choice survives a reload, and
// the button says which state it is in.
func TestThemeToggle(t *testing.T) {
	e := setup(t)
	ctx, pr := e.tab(t)
	pages := e.pages()
	do(t, ctx, "open", chromedp.EmulateViewport(1280, 900), media("light"), chromedp.Navigate(pages[0].url))
	t.Cleanup(func() { chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("folio-theme")`)) })
	if shown := eval[bool](t, ctx, `getComputedStyle(document.querySelector("button.theme")).display !== "none"`); !shown {
		t.Fatal("the theme button is hidden with JavaScript on")
	}
	type state struct {
		Theme   string `json:"theme"`
		Pressed string `json:"pressed"`
		Stored  string `json:"stored"`
	}
	read := `({theme: document.documentElement.dataset.theme || "", pressed: document.querySelector("button.theme").getAttribute("aria-pressed"), stored: localStorage.getItem("folio-theme") || ""})`
	want := []state{{"dark", "true", "dark"}, {"light", "false", "light"}}
	for i, w := range want {
		do(t, ctx, "click the theme button", chromedp.Click(chromedp.CSS("button.theme"), chromedp.NodeVisible))
		if got := eval[state](t, ctx, read); got != w {
			t.Errorf("after click %d: %+v; want %+v", i+1, got, w)
		}
		// Another page of the site opens in the chosen theme.
		do(t, ctx, "open another page", chromedp.Navigate(pages[1].url))
		if got := eval[state](t, ctx, read); got != w {
			t.Errorf("after click %d, on %s: %+v; want %+v", i+1, pages[1].url, got, w)
		}
	}
	if l := pr.take(); len(l) > 0 {
		t.Errorf("console errors or failed requests:\n  %s", strings.Join(l, "\n  "))
	}
}

// TestWithoutJavaScript reads a page with scripts off: the text is all there, and the theme
// button, which needs its script, is not shown.
func TestWithoutJavaScript(t *testing.T) {
	e := setup(t)
	ctx, _ := e.tab(t)
	url := e.pages()[1].url
	do(t, ctx, "open with scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(url))
	styles, err := chromedp.Run(ctx, chromedp.ComputedStyle(chromedp.CSS("button.theme")))
	if err != nil {
		t.Fatalf("read the theme button's style: %v", err)
	}
	display := ""
	for _, p := range styles {
		if p.Name == "display" {
			display = p.Value
		}
	}
	if display != "none" {
		t.Errorf("%s without JavaScript: the theme button is shown (display: %q)", url, display)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatalf("read the page's text: %v", err)
	}
	if n := len(strings.TrimSpace(text)); n < 200 {
		t.Errorf("%s without JavaScript: main holds %d bytes of text; want the chapter", url, n)
	}
}
