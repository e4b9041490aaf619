package highlight

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestThemeRulesKeepEveryRule: the compact stylesheet holds each of chroma's rules, no more,
// and keeps the order of the rules that can meet on one element.
func TestThemeRulesKeepEveryRule(t *testing.T) {
	for _, name := range styleNames {
		t.Run(name, func(t *testing.T) {
			var css bytes.Buffer
			if err := baseFormatter.WriteCSS(&css, style(name)); err != nil {
				t.Fatal(err)
			}
			var want, wantLayout []string
			for _, line := range strings.Split(strings.TrimSpace(css.String()), "\n") {
				m := cssRule().FindStringSubmatch(line)
				if m == nil {
					t.Fatalf("a line of chroma's CSS is not a rule themeRules reads: %q", line)
				}
				want = append(want, m[1]+"{"+strings.TrimSpace(m[2])+"}")
				if tok := tokenRule().FindStringSubmatch(m[1]); tok == nil || layoutClasses[tok[1]] {
					wantLayout = append(wantLayout, want[len(want)-1])
				}
			}
			r := themeRules(css.String())
			got := slices.Clone(r.other)
			for _, g := range r.tokens {
				for _, class := range g[1:] {
					got = append(got, ".chroma "+class+"{"+g[0]+"}")
				}
			}
			if !slices.Equal(r.other, wantLayout) {
				t.Errorf("rules kept as chroma wrote them:\n%q\nwant, in order:\n%q", r.other, wantLayout)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("rules:\n%q\nwant chroma's:\n%q", got, want)
			}
		})
	}
}

// TestCSSScopes: the stylesheet applies one theme per state, and says each token class's
// colour once per scope.
func TestCSSScopes(t *testing.T) {
	css := CSS()
	for _, scope := range []string{`:root[data-theme="light"] `, `:root:not([data-theme="dark"]) `, `:root[data-theme="dark"] `, `:root:not([data-theme="light"]) `} {
		if !strings.Contains(css, scope+".chroma :is(.k,") {
			t.Errorf("no keyword rule under %s", scope)
		}
	}
	if n := len(regexp.MustCompile(`[ (,]\.kc[,){]`).FindAllString(css, -1)); n != 4 {
		t.Errorf(".kc appears in %d rules; want 4 (one per scope)", n)
	}
	if len(css) > 12_000 {
		t.Errorf("code themes take %d bytes of CSS; want the token rules grouped (under 12,000)", len(css))
	}
}
