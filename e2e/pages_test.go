package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// problems collects console errors, uncaught exceptions and failed requests of one tab.
type problems struct {
	mu   sync.Mutex
	list []string
}

func (p *problems) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			msg = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		msg = fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError {
			msg = fmt.Sprintf("console (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventLoadingFailed:
		msg = fmt.Sprintf("request %s (%s) failed: %s %s", ev.RequestID, ev.Type, ev.ErrorText, ev.BlockedReason)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			msg = fmt.Sprintf("request %s: HTTP %d", ev.Response.URL, ev.Response.Status)
		}
	}
	if msg == "" {
		return
	}
	p.mu.Lock()
	p.list = append(p.list, msg)
	p.mu.Unlock()
}

// take returns what was recorded and forgets it.
func (p *problems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.list
	p.list = nil
	return l
}

// eval runs a JavaScript expression in the page and decodes its JSON value into T.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.80q: %v", expr, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// settle waits after a scroll until the page holds still, as a reader sees a control before
// clicking it: the blocks of a chapter laid out as they come into view (content-visibility)
// move what is below them, and a click sent at once lands where the control was. Still means
// the scroll position and the page's height unchanged over two frames (at most 60 frames).
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `new Promise(r => {
		let last = "", same = 0, frames = 0;
		(function tick() {
			const now = scrollY + ":" + document.documentElement.scrollHeight;
			same = now === last ? same + 1 : 0;
			last = now;
			if (same >= 2 || ++frames > 60) r(true); else requestAnimationFrame(tick);
		})();
	})`)
}

func viewport(w, h int64) chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(w, h, chromedp.EmulateMobile, chromedp.EmulateTouch)
}

// media emulates prefers-color-scheme; "" clears the override.
func media(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		p := emulation.SetEmulatedMediaParams{}
		if scheme != "" {
			p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
		}
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, p)
		return err
	})
}

// TestPages opens every page of both editions and the 404 page and checks what a reader sees.
func TestPages(t *testing.T) {
	e := setup(t)
	pages := e.pages()
	if len(pages) < 3 {
		t.Fatalf("the build has %d pages; want both editions' covers, chapters and the 404 page", len(pages))
	}
	seen := map[string]int{} // dark-mode element kinds checked across the whole site
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			ctx, pr := e.tab(t)
			do(t, ctx, "open at 360 px", viewport(360, 740), chromedp.Navigate(pg.url))
			checkLang(t, ctx, pg)
			checkFigures(t, ctx, "at 360 px")
			checkLegible(t, ctx)
			checkOverflow(t, ctx)
			checkFocus(t, ctx)
			for _, k := range checkDark(t, ctx) {
				seen[k]++
			}
			do(t, ctx, "widen to 1280 px", chromedp.EmulateViewport(1280, 900), media(""))
			checkFigures(t, ctx, "at 1280 px")
			if l := pr.take(); len(l) > 0 {
				t.Errorf("%s: console errors or failed requests:\n  %s", pg.url, strings.Join(l, "\n  "))
			}
			if !pg.notFound {
				checkNav(t, ctx, pg)
				if l := pr.take(); len(l) > 0 {
					t.Errorf("following the links of %s: console errors or failed requests:\n  %s", pg.url, strings.Join(l, "\n  "))
				}
			}
		})
	}
	// Every kind must have been compared somewhere, or the check proved nothing.
	for _, k := range []string{"page", "code", "diagram", "chart"} {
		if seen[k] == 0 {
			t.Errorf("dark mode: no page had a %s element to compare", k)
		}
	}
}

func checkLang(t *testing.T, ctx context.Context, pg page) {
	t.Helper()
	if got := eval[string](t, ctx, `document.documentElement.lang`); got != pg.lang {
		t.Errorf("%s: <html lang=%q>; want %q", pg.url, got, pg.lang)
	}
}

// checkFigures: every diagram and chart is rendered, visible and of non-zero size.
func checkFigures(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	bad := eval[[]string](t, ctx, `(() => {
		const bad = [];
		document.querySelectorAll("figure.diagram, figure.chart").forEach((fig, i) => {
			const svg = fig.querySelector("svg");
			const name = fig.className + " #" + i;
			if (!svg) { bad.push(name + ": no <svg>"); return; }
			const r = svg.getBoundingClientRect(), s = getComputedStyle(svg);
			if (r.width <= 0 || r.height <= 0) bad.push(name + ": size " + r.width + "x" + r.height);
			if (s.display === "none" || s.visibility !== "visible" || s.opacity === "0") bad.push(name + ": hidden (" + s.display + ", " + s.visibility + ", " + s.opacity + ")");
			if (!svg.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) bad.push(name + ": not visible");
		});
		return bad;
	})()`)
	for _, b := range bad {
		t.Errorf("%s: %s", when, b)
	}
}

// minChartText is the smallest rendered size, in CSS pixels, of any text in a chart on a
// phone: the SVG scales with its viewBox, and its labels must stay readable when it shrinks.
const minChartText = 10

// checkLegible: at 360 px every chart label renders at minChartText or more.
func checkLegible(t *testing.T, ctx context.Context) {
	t.Helper()
	small := eval[[]string](t, ctx, `(() => {
		const small = [];
		document.querySelectorAll("figure.chart svg").forEach((svg, i) => {
			const vb = svg.viewBox.baseVal;
			if (!vb || !vb.width) { small.push("chart #" + i + ": no viewBox"); return; }
			const scale = svg.getBoundingClientRect().width / vb.width;
			svg.querySelectorAll("text").forEach(tx => {
				const px = parseFloat(getComputedStyle(tx).fontSize) * scale;
				if (px < `+strconv.Itoa(minChartText)+`) small.push("chart #" + i + ": " + JSON.stringify(tx.textContent) + " at " + px.toFixed(1) + " px");
			});
		});
		return small;
	})()`)
	for _, s := range small {
		t.Errorf("at 360 px a chart label is too small to read (under %d px): %s", minChartText, s)
	}
}

// checkOverflow: nothing makes the page scroll sideways on a 360 px phone.
func checkOverflow(t *testing.T, ctx context.Context) {
	t.Helper()
	type overflow struct {
		ScrollWidth float64  `json:"scrollWidth"`
		InnerWidth  float64  `json:"innerWidth"`
		Culprits    []string `json:"culprits"`
	}
	o := eval[overflow](t, ctx, `(() => {
		const w = innerWidth, culprits = [];
		document.querySelectorAll("body *").forEach(el => {
			const r = el.getBoundingClientRect();
			if (r.right > w + 0.5 && culprits.length < 5) {
				let ok = false; // inside a box that scrolls on its own is fine
				for (let p = el.parentElement; p; p = p.parentElement) {
					const ox = getComputedStyle(p).overflowX;
					if ((ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") && p.getBoundingClientRect().right <= w + 0.5) { ok = true; break; }
				}
				if (!ok) culprits.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") + " right=" + Math.round(r.right));
			}
		});
		return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: w, culprits};
	})()`)
	if o.ScrollWidth > o.InnerWidth {
		t.Errorf("at 360 px the page scrolls sideways: scrollWidth %v > innerWidth %v; widest: %v", o.ScrollWidth, o.InnerWidth, o.Culprits)
	}
}

// colours are the computed colours of the parts dark mode must change; "" where the page has none.
type colours struct {
	Page    string `json:"page"`
	Text    string `json:"text"`
	Code    string `json:"code"`
	Diagram string `json:"diagram"`
	Chart   string `json:"chart"`
}

const readColours = `(() => {
	// A code block: the first background that is not transparent from <code> up to the block,
	// and the colour of its first highlighted token.
	const codeColours = () => {
		const code = document.querySelector("pre.chroma code");
		if (!code) return "";
		let bg = "";
		for (let el = code; el && el !== document.body && !bg; el = el.parentElement) {
			const c = getComputedStyle(el).backgroundColor;
			if (c !== "rgba(0, 0, 0, 0)") bg = c;
		}
		const tok = code.querySelector("span[class]:not(.line):not(.cl):not(.w)") || code;
		return bg + " " + getComputedStyle(tok).color;
	};
	const cs = (sel, prop) => { const el = document.querySelector(sel); return el ? getComputedStyle(el)[prop] : ""; };
	let page = cs("body", "backgroundColor");
	if (page === "rgba(0, 0, 0, 0)") page = cs("html", "backgroundColor");
	return {
		page, text: cs("body", "color"),
		code: codeColours(),
		diagram: document.querySelector("figure.diagram .mm-node .mm-shape") ? cs("figure.diagram .mm-node .mm-shape", "fill") + " " + cs("figure.diagram .mm-node-label", "fill") : "",
		chart: document.querySelector("figure.chart .chart-marks > *") ? cs("figure.chart .chart-marks > *", "fill") + " " + cs("figure.chart text", "fill") : "",
	};
})()`

// checkDark compares colours in light mode, with data-theme="dark", and with the system
// preference emulated as dark; it returns the kinds of element it compared.
func checkDark(t *testing.T, ctx context.Context) []string {
	t.Helper()
	do(t, ctx, "force light", media("light"), chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.theme = "light"`))
	light := eval[colours](t, ctx, readColours)
	do(t, ctx, "set data-theme=dark", chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.theme = "dark"`))
	dark := eval[colours](t, ctx, readColours)
	do(t, ctx, "prefer dark", media("dark"), chromedp.Evaluate[chromedp.Void](`delete document.documentElement.dataset.theme`))
	system := eval[colours](t, ctx, readColours)
	do(t, ctx, "back to light", media("light"))

	var kinds []string
	for _, c := range []struct{ kind, light, dark, system string }{
		{"page", light.Page, dark.Page, system.Page},
		{"text", light.Text, dark.Text, system.Text},
		{"code", strings.TrimSpace(light.Code), strings.TrimSpace(dark.Code), strings.TrimSpace(system.Code)},
		{"diagram", light.Diagram, dark.Diagram, system.Diagram},
		{"chart", light.Chart, dark.Chart, system.Chart},
	} {
		if c.light == "" {
			continue
		}
		kinds = append(kinds, c.kind)
		if c.dark == c.light {
			t.Errorf("dark mode (data-theme=dark) leaves the %s colours as in light mode: %q", c.kind, c.light)
		}
		if c.system != c.dark {
			t.Errorf("prefers-color-scheme: dark gives %s colours %q; data-theme=dark gives %q", c.kind, c.system, c.dark)
		}
	}
	return kinds
}

// checkFocus: Tab reaches links, and the focused element shows a visible outline.
func checkFocus(t *testing.T, ctx context.Context) {
	t.Helper()
	type focused struct {
		Tag     string  `json:"tag"`
		Text    string  `json:"text"`
		Outline string  `json:"outline"`
		Width   float64 `json:"width"`
		Shadow  string  `json:"shadow"`
		W, H    float64
		InView  bool `json:"inView"`
	}
	links := 0
	for i := 0; i < 4; i++ {
		do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
		f := eval[focused](t, ctx, `(() => {
			const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
			return {tag: el.tagName.toLowerCase(), text: (el.textContent || "").trim().slice(0, 40),
				outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0, shadow: s.boxShadow,
				W: r.width, H: r.height,
				inView: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth};
		})()`)
		if f.Tag == "body" {
			t.Fatalf("Tab %d focused nothing", i+1)
		}
		if f.Tag == "a" {
			links++
		}
		visible := (f.Outline != "none" && f.Width > 0) || (f.Shadow != "" && f.Shadow != "none")
		if !visible || !f.InView || f.W == 0 || f.H == 0 {
			t.Errorf("Tab %d: focus on <%s> %q is not visible: outline %s %vpx, box-shadow %s, box %vx%v, in view %v",
				i+1, f.Tag, f.Text, f.Outline, f.Width, f.Shadow, f.W, f.H, f.InView)
		}
	}
	if links == 0 {
		t.Errorf("four presses of Tab reached no link")
	}
}

// checkNav follows the language switcher and the prev/next links.
func checkNav(t *testing.T, ctx context.Context, pg page) {
	t.Helper()
	hrefs := eval[map[string]string](t, ctx, `(() => {
		const h = {};
		document.querySelectorAll("a[data-lang-switch]").forEach(a => h["lang:" + a.hreflang] = a.href);
		const p = document.querySelector("a[rel=prev]"), n = document.querySelector(".pager a[rel=next], .contents a.button");
		if (p) h.prev = p.href;
		if (n) h.next = n.href;
		return h;
	})()`)
	want := map[string]string{}
	for lang, u := range pg.switchTo {
		want["lang:"+lang] = u
	}
	if pg.prev != "" {
		want["prev"] = pg.prev
	}
	if pg.next != "" {
		want["next"] = pg.next
	}
	for k, w := range want {
		if hrefs[k] != w {
			t.Errorf("%s: %s link = %q; want %q", pg.url, k, hrefs[k], w)
		}
	}
	for k, h := range hrefs {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected %s link to %q", pg.url, k, h)
		}
	}
	// Click them as a reader would, and land where promised.
	follow := func(sel, wantURL, wantLang string) {
		if loc := eval[string](t, ctx, `location.href`); loc != pg.url {
			do(t, ctx, "back to "+pg.url, chromedp.Navigate(pg.url))
		}
		do(t, ctx, "scroll to "+sel, chromedp.ScrollIntoView(chromedp.CSS(sel), chromedp.NodeVisible))
		settle(t, ctx)
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			t.Errorf("%s: click %s: %v", pg.url, sel, err)
			return
		}
		loc := eval[string](t, ctx, `location.href`)
		lang := eval[string](t, ctx, `document.documentElement.lang`)
		if resp.Status != 200 || loc != wantURL || lang != wantLang {
			t.Errorf("%s: click %s: HTTP %d at %s (lang %s); want 200 at %s (lang %s)", pg.url, sel, resp.Status, loc, lang, wantURL, wantLang)
		}
	}
	for lang, u := range pg.switchTo {
		follow(fmt.Sprintf(`header.top a[data-lang-switch][hreflang=%q]`, lang), u, lang)
	}
	if pg.prev != "" {
		follow(`.pager a[rel=prev]`, pg.prev, pg.lang)
	}
	if pg.next != "" {
		sel := `.pager a[rel=next]`
		if !pg.chapter {
			sel = `.contents a.button`
		}
		follow(sel, pg.next, pg.lang)
	}
}
