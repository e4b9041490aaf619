package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestCopyButton clicks every Copy button of every page with code and reads the clipboard back.
func TestCopyButton(t *testing.T) {
	e := setup(t)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(e.browser, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
			Setting:    browser.PermissionSettingGranted,
			Origin:     e.srv.URL,
		})
		if err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
	buttons := 0
	for _, pg := range e.pages() {
		if !pg.codeBlock {
			continue
		}
		t.Run(pg.name, func(t *testing.T) {
			ctx, pr := e.tab(t)
			do(t, ctx, "open", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
				return err
			}), chromedp.EmulateViewport(1280, 900), chromedp.Navigate(pg.url))
			n := eval[int](t, ctx, `document.querySelectorAll("pre > code").length`)
			nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(".copy-btn")))
			if err != nil {
				t.Fatalf("find the Copy buttons: %v", err)
			}
			if len(nodes) != n {
				t.Fatalf("%d code blocks but %d Copy buttons", n, len(nodes))
			}
			for i, btn := range nodes {
				do(t, ctx, "reset the clipboard", chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText("-")`, chromedp.EvalAwaitPromise))
				do(t, ctx, "scroll to Copy", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll(".copy-btn")[`+strconv.Itoa(i)+`].scrollIntoView({block: "center"})`))
				settle(t, ctx)
				do(t, ctx, "click Copy", chromedp.MouseClickNode(btn))
				state, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const s = document.querySelectorAll(".copy-btn")[`+strconv.Itoa(i)+`].dataset.state; return s || false; })()`))
				if err != nil {
					t.Fatalf("button %d: no result shown after the click: %v", i, err)
				}
				if state != "done" {
					t.Errorf("button %d: state %q after the click; want done", i, state)
					continue
				}
				got := eval[string](t, ctx, `navigator.clipboard.readText()`)
				type shown struct {
					Rule    string `json:"rule"`
					Text    string `json:"text"`
					Prompts bool   `json:"prompts"`
				}
				// The block the button belongs to: the same index, since each block gets one button.
				want := eval[shown](t, ctx, `(() => {
					const code = document.querySelectorAll("pre > code")[`+strconv.Itoa(i)+`];
					const copy = code.cloneNode(true);
					copy.querySelectorAll(".ln, .lnt").forEach(n => n.remove());
					return {rule: window.folio.codeText(code), text: copy.textContent,
						prompts: !!code.querySelector(".gp") || /^\$ /m.test(code.textContent)};
				})()`)
				if got != want.Rule {
					t.Errorf("button %d copied\n%q\nwant (folio.codeText)\n%q", i, got, want.Rule)
				}
				// Independently of copy.js: the characters of the block less line numbers and final newlines.
				if shownText := strings.TrimRight(want.Text, "\n"); !want.Prompts && got != shownText {
					t.Errorf("button %d copied\n%q\nwant the code as shown\n%q", i, got, shownText)
				}
				buttons++
			}
			if l := pr.take(); len(l) > 0 {
				t.Errorf("console errors or failed requests:\n  %s", strings.Join(l, "\n  "))
			}
		})
	}
	if buttons == 0 {
		t.Errorf("no Copy button was tried: the report has no code block?")
	}
}
