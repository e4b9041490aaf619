package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestLighthouse runs Lighthouse (mobile) on the cover and the first chapter of each edition and
// wants 100 in performance, accessibility, best practices and SEO. It needs the lighthouse CLI,
// named by $FOLIO_LIGHTHOUSE (scripts/lighthouse.sh installs it and sets it); without it the
// test skips. $FOLIO_LIGHTHOUSE_REPORTS, when set, names a directory to keep the JSON reports in.
// The report is built with the server's address as base URL, so canonical and
// hreflang links are absolute, as the SEO audits want.
func TestLighthouse(t *testing.T) {
	cli := os.Getenv("FOLIO_LIGHTHOUSE")
	if cli == "" {
		t.Skip("FOLIO_LIGHTHOUSE is not set: run scripts/lighthouse.sh")
	}
	e := setup(t)
	var targets []page
	for _, ed := range e.res.Site.Editions {
		n := 0
		for _, pg := range e.pages() {
			if pg.lang == ed.Lang && !pg.notFound && n < 2 { // the cover, then the first chapter
				targets = append(targets, pg)
				n++
			}
		}
	}
	categories := []string{"performance", "accessibility", "best-practices", "seo"}
	var table []string
	for _, pg := range targets {
		t.Run(pg.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report.json")
			if dir := os.Getenv("FOLIO_LIGHTHOUSE_REPORTS"); dir != "" { // keep them, to read
				out = filepath.Join(dir, strings.ReplaceAll(pg.name, "/", "-")+".json")
			}
			cmd := exec.Command(cli, pg.url,
				"--form-factor=mobile", "--screenEmulation.mobile", "--quiet",
				"--only-categories="+strings.Join(categories, ","),
				"--output=json", "--output-path="+out,
				"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run",
			)
			cmd.Env = append(os.Environ(), "CHROME_PATH="+findBrowser())
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("lighthouse %s: %v\n%s", pg.url, err, b)
			}
			var rep struct {
				Categories map[string]struct {
					Score     *float64 `json:"score"`
					AuditRefs []struct {
						ID     string  `json:"id"`
						Weight float64 `json:"weight"`
					} `json:"auditRefs"`
				} `json:"categories"`
				Audits map[string]struct {
					Title        string   `json:"title"`
					Score        *float64 `json:"score"`
					Mode         string   `json:"scoreDisplayMode"`
					DisplayValue string   `json:"displayValue"`
				} `json:"audits"`
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatalf("read the Lighthouse report: %v", err)
			}
			row := pg.name
			for _, c := range categories {
				cat, ok := rep.Categories[c]
				if !ok || cat.Score == nil {
					t.Errorf("%s: no %s score", pg.url, c)
					continue
				}
				score := int(*cat.Score*100 + 0.5)
				row += fmt.Sprintf("  %s %d", c, score)
				if score == 100 {
					continue
				}
				// Name the audits that cost points, so the failure says what to fix.
				var lost []string
				for _, ref := range cat.AuditRefs {
					a := rep.Audits[ref.ID]
					if a.Score != nil && *a.Score < 1 && (ref.Weight > 0 || a.Mode == "binary") {
						lost = append(lost, fmt.Sprintf("%s (%s, score %.2f %s)", ref.ID, a.Title, *a.Score, a.DisplayValue))
					}
				}
				sort.Strings(lost)
				t.Errorf("%s: %s %d; want 100. Audits below 1:\n  %s", pg.url, c, score, strings.Join(lost, "\n  "))
			}
			table = append(table, row)
		})
	}
	t.Logf("Lighthouse, mobile:\n%s", strings.Join(table, "\n"))
}
