package site

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withLine copies the fixture site, appends a line of Markdown to a page and returns the
// directory and the line number the appended text is on.
func withLine(t *testing.T, page, text string) (string, int) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, filepath.FromSlash(page))
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	data = append(bytes.TrimRight(data, "\n"), '\n', '\n')
	line := bytes.Count(data, []byte("\n")) + 1
	if err := os.WriteFile(f, append(data, text+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, line
}

func TestLinkChecker(t *testing.T) {
	for _, tc := range []struct {
		name, page, text string
		base             string
		want             string // "" when the link is good; else the message after "file:line: "
	}{
		{"chapter link", "en/02-more.md", "[x](01-intro.md)", "", ""},
		{"chapter and section", "en/02-more.md", "[x](01-intro.md#detail-one)", "", ""},
		{"section on the page", "en/02-more.md", "[x](#details)", "", ""},
		{"other language by path", "en/02-more.md", "[x](/intro/#background)", "", ""},
		{"other language by path, generated id", "en/02-more.md", "[x](/intro/#没有显式编号的标题)", "", ""},
		{"page URL", "zh/02-more.md", "[x](/en/intro/)", "", ""},
		{"page URL without slash", "zh/02-more.md", "[x](/en/intro)", "", ""},
		{"data file", "zh/02-more.md", "[csv](/data/jobs.csv)", "", ""},
		{"under a sub-path", "zh/02-more.md", "[x](/report/en/intro/#background)", "https://example.github.io/report/", ""},
		{"external", "zh/02-more.md", "[x](https://go.dev/doc/) <https://example.com/a>", "", ""},
		{"mail", "zh/02-more.md", "[x](mailto:someone@example.com)", "", ""},

		{"missing chapter", "en/02-more.md", "[x](04-none.md)",
			"", `broken link "04-none.md": no such page in content/`},
		{"missing section", "en/02-more.md", "[x](01-intro.md#nowhere)",
			"", `broken link "01-intro.md#nowhere": no section with id nowhere on /en/intro/`},
		{"missing section on the page", "zh/01-intro.md", "[x](#nope)",
			"", `broken link "#nope": no section with id nope on this page`},
		{"section only in the other language", "en/02-more.md", "[x](01-intro.md#没有显式编号的标题)",
			"", `no section with id 没有显式编号的标题 on /en/intro/ (the zh edition has it, in content/zh/01-intro.md: give the heading {#没有显式编号的标题} in both)`},
		{"section only in the other language, same page", "en/01-intro.md", "[x](#没有显式编号的标题)",
			"", `no section with id 没有显式编号的标题 on this page (the zh edition has it, in content/zh/01-intro.md`},
		{"missing page URL", "zh/02-more.md", "[x](/en/nowhere/)",
			"", `broken link "/en/nowhere/": no such file in the site`},
		{"missing data file", "zh/02-more.md", "![chart](/data/none.csv)",
			"", `broken link "/data/none.csv": no such file in the site`},
		{"root link under a sub-path", "zh/02-more.md", "[x](/en/intro/)",
			"https://example.github.io/report/", `broken link "/en/intro/": outside the site (base path /report/)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, line := withLine(t, tc.page, tc.text)
			res, ds := New(fixture(dir), Options{BaseURL: tc.base}).Build(context.Background())
			if tc.want == "" {
				if res == nil {
					t.Fatalf("%s in %s: build failed: %v", tc.text, tc.page, ds)
				}
				return
			}
			if res != nil {
				t.Fatalf("%s in %s: build passed; want error %q", tc.text, tc.page, tc.want)
			}
			prefix := fmt.Sprintf("content/%s:%d: ", tc.page, line)
			if got := ds.Error(); !strings.Contains(got, prefix) || !strings.Contains(got, tc.want) {
				t.Errorf("%s in %s:\ngot  %s\nwant %s…%s", tc.text, tc.page, got, prefix, tc.want)
			}
		})
	}
}

// Every broken link of a build is reported, not only the first.
func TestLinkCheckerReportsAll(t *testing.T) {
	dir, line := withLine(t, "en/02-more.md", "[a](#one) [b](#two)\n\n[c](03-none.md)")
	_, ds := New(fixture(dir), Options{}).Build(context.Background())
	var got []string
	for _, d := range ds.Errors() {
		got = append(got, d.String())
	}
	if len(got) != 3 || !strings.Contains(got[0], fmt.Sprintf(":%d:", line)) || !strings.Contains(got[2], fmt.Sprintf(":%d:", line+2)) {
		t.Errorf("errors = %q; want three, on lines %d, %d and %d", got, line, line, line+2)
	}
}

func TestCheckListsExternalLinks(t *testing.T) {
	dir, _ := withLine(t, "zh/02-more.md", "[a](https://go.dev/doc/) [b](https://go.dev/doc/) <https://example.com/a> [c](/intro/)")
	res := build(t, fixture(dir), Options{})
	got := strings.Join(Check(res).External, " ")
	if got != "https://go.dev/doc/ https://example.com/a" {
		t.Errorf("External = %q; want each external target once, in order", got)
	}
}
