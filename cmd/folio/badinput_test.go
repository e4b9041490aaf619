package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
)

// The bad-input catalogue: each case breaks one thing in a copy of a small valid site
// (testdata/badinput) and runs `folio build` over an output directory that holds a good build.
// An error must be reported as "file:line: message" (or "file: message" where the whole file is
// at fault), the exit status must be non-zero, nothing may panic, and the previous output must
// be left byte for byte as it was. A documented warning builds, exits 0 and says "warning:".

type badCase struct {
	name string
	// edit breaks the site copied into dir (holding content/, layouts/, assets/).
	edit func(t *testing.T, dir string)
	// want must match a line of stderr; for errors it is anchored to the whole line.
	want string
	warn bool // a documented warning: the build succeeds
	// check, when set, inspects the output of a build that succeeded.
	check func(t *testing.T, out string)
	// skip, when set and returning a reason, skips the case.
	skip func() string
}

func badCases() []badCase {
	const ch = "content/zh/01-intro.md"
	const enCh = "content/en/01-intro.md"
	return []badCase{
		// Front matter.
		{name: "front matter missing", edit: setFile(ch, "# Intro\n\nNo front matter.\n"),
			want: `content/zh/01-intro\.md:1: missing front matter.*`},
		{name: "front matter not closed", edit: setFile(ch, "---\ntitle: Intro\n\n## Body\n"),
			want: `content/zh/01-intro\.md:1: front matter is not closed.*`},
		{name: "front matter bad YAML", edit: replaceIn(ch, "title: Introduction", "title: [Introduction"),
			want: `content/zh/01-intro\.md:\d+: .*`},
		{name: "front matter without title", edit: replaceIn(ch, "title: Introduction\n", ""),
			want: `content/zh/01-intro\.md:2: front matter has no title.*`},
		{name: "front matter title is a map", edit: replaceIn(ch, "title: Introduction", "title: {a: b}"),
			want: `content/zh/01-intro\.md:2: .*`},
		{name: "front matter unknown key", edit: replaceIn(ch, "title: Introduction", "title: Introduction\ntitel: typo"),
			want: `content/zh/01-intro\.md:3: .*titel.*`},
		{name: "front matter tab indentation", edit: replaceIn(ch, "title: Introduction", "title: Introduction\n\tdraft: true"),
			want: `content/zh/01-intro\.md:\d+: .*`},

		// The YAML configuration.
		{name: "site.yaml bad YAML", edit: replaceIn("content/site.yaml", "languages: [zh, en]", "languages: [zh, en"),
			want: `content/site\.yaml:\d+: .*`},
		{name: "site.yaml unknown key", edit: replaceIn("content/site.yaml", "base_url: /", "base_url: /\nbaseurl: /x/"),
			want: `content/site\.yaml:10: .*baseurl.*`},
		{name: "site.yaml no languages", edit: replaceIn("content/site.yaml", "languages: [zh, en]", "languages: []"),
			want: `content/site\.yaml:8: no languages.*`},
		{name: "site.yaml bad language code", edit: replaceIn("content/site.yaml", "languages: [zh, en]", "languages: [zh, English]"),
			want: `content/site\.yaml:8: language "English" is not a language code.*`},
		{name: "site.yaml bad base_url", edit: replaceIn("content/site.yaml", "base_url: /", "base_url: \"http://[::1\""),
			want: `content/site\.yaml:9: base_url "http://\[::1" is not a URL.*`},
		{name: "site.yaml missing", edit: removeFile("content/site.yaml"),
			want: `content/site\.yaml: cannot read the site configuration.*`},
		{name: "site.yaml title missing a language", edit: replaceIn("content/site.yaml", "  en: Bad input test report\n", ""),
			want: `content/site\.yaml:2: no title for language "en".*`},

		// Markdown.
		{name: "link to a missing chapter", edit: replaceIn(ch, "[the cover](_index.md)", "[the cover](02-missing.md)"),
			want: `content/zh/01-intro\.md:35: broken link "02-missing\.md": no such page.*`},
		{name: "link to a missing anchor", edit: replaceIn(ch, "[the flow](#flow)", "[the flow](#nowhere)"),
			want: `content/zh/01-intro\.md:35: broken link "#nowhere": no section with id nowhere.*`},
		{name: "javascript: link", edit: replaceIn(ch, "[the flow](#flow)", "[the flow](javascript:alert(1))"),
			want: `content/zh/01-intro\.md:35: broken link "javascript:alert\(1\)": a javascript: link runs code.*`},
		{name: "duplicate heading id", edit: replaceIn(ch, "## The numbers {#numbers}", "## The numbers {#flow}"),
			want: `content/zh/01-intro\.md:15: heading id "flow" is already used by the heading on line 6.*`},
		{name: "unknown fence option", edit: replaceIn(ch, "region=add", "regoin=add"),
			want: `content/zh/01-intro\.md:28: unknown option "regoin".*`},
		{name: "deeply nested list", edit: appendFile(ch, nestedList(2000)),
			want: `content/zh/01-intro\.md:166: line is indented 258 columns, over the limit.*`},
		{name: "non-UTF-8 chapter", edit: replaceIn(ch, "- one", "- \xd6\xd0\xce\xc4 (GBK)"),
			want: `content/zh/01-intro\.md:31: file is not valid UTF-8.*`},
		{name: "NUL byte", edit: replaceIn(ch, "- two", "- t\x00wo"),
			want: `content/zh/01-intro\.md:32: NUL byte.*`},
		{name: "50 MB chapter", edit: appendFile(ch, strings.Repeat("A long line of text that goes on and on.\n", 50<<20/41)),
			want: `content/zh/01-intro\.md: file is 50 MB, over the .* MB limit.*`},
		{name: "chapter file name", edit: renameFile(ch, "content/zh/1 intro.md"),
			want: `content/zh/1 intro\.md: chapter file name .*`},

		// Mermaid.
		{name: "mermaid syntax error", edit: replaceIn(ch, "A[Write] --> B[Build]", "A[Write] -->"),
			want: `content/zh/01-intro\.md:10: .*`},
		{name: "mermaid unsupported diagram", edit: replaceIn(ch, "flowchart LR", "sequenceDiagram"),
			want: `content/zh/01-intro\.md:9: .*sequenceDiagram.*`},
		{name: "mermaid empty", edit: replaceIn(ch, "flowchart LR\n  A[Write] --> B[Build]\n  B --> C{Valid?}\n  C -->|yes| D[Publish]\n", ""),
			want: `content/zh/01-intro\.md:\d+: .*`},
		{name: "mermaid label with HTML", edit: replaceIn(ch, "A[Write]", `A["<script>alert(1)</script><img src=x onerror=alert(2)>"]`),
			warn: true, want: ``, check: escaped("intro/index.html", "&lt;script&gt;alert(1)", "<script>alert", "<img src=x")},

		// Chart specs.
		{name: "chart unknown key", edit: replaceIn(ch, "unit: units", "unit: units\ncolour: red"),
			want: `content/zh/01-intro\.md:24: chart: unknown key "colour".*`},
		{name: "chart unknown type", edit: replaceIn(ch, "type: bar", "type: radar"),
			want: `content/zh/01-intro\.md:18: chart: .*radar.*`},
		{name: "chart missing data file", edit: replaceIn(ch, "data: sales.csv", "data: nope.csv"),
			want: `content/zh/01-intro\.md:19: chart: content/data/nope\.csv: data file not found`},
		{name: "chart missing column", edit: replaceIn(ch, "y: [sales]", "y: [revenue]"),
			want: `content/zh/01-intro\.md:21: chart: content/data/sales\.csv: no column "revenue".*`},
		{name: "chart spec bad YAML", edit: replaceIn(ch, "y: [sales]", "y: [sales"),
			want: `content/zh/01-intro\.md:\d+: .*`},

		// CSV.
		{name: "CSV ragged row", edit: setFile("content/data/sales.csv", "year,sales\n2021,12\n2022,19,7\n2023,27\n"),
			want: `content/zh/01-intro\.md:17: chart: content/data/sales\.csv:3: row has 3 fields; the header has 2`},
		{name: "CSV not a number", edit: setFile("content/data/sales.csv", "year,sales\n2021,12\n2022,lots\n2023,27\n"),
			want: `content/zh/01-intro\.md:17: chart: content/data/sales\.csv:3:2: "lots" is not a number`},
		{name: "CSV not UTF-8", edit: setFile("content/data/sales.csv", "year,sales\n2021,12\n\xc4\xea2022,19\n"),
			want: `content/zh/01-intro\.md:17: chart: content/data/sales\.csv:3: not valid UTF-8`},
		{name: "CSV empty", edit: setFile("content/data/sales.csv", ""),
			want: `content/zh/01-intro\.md:17: chart: content/data/sales\.csv: empty file.*`},
		{name: "CSV label with HTML and javascript:", edit: setFile("content/data/sales.csv", "year,sales\n<script>alert(1)</script>,12\njavascript:alert(2),19\n2023,27\n"),
			warn: true, want: ``, check: escaped("intro/index.html", "&lt;script&gt;alert(1)", "<script>alert", `href="javascript:`)},

		// Includes.
		{name: "include with ..", edit: replaceIn(ch, "file=code/demo/demo.go", "file=code/../site.yaml"),
			want: `content/zh/01-intro\.md:28: include: code/\.\./site\.yaml: "\.\." would leave content/.*`},
		{name: "include outside content", edit: replaceIn(ch, "file=code/demo/demo.go", "file=../../go.mod"),
			want: `content/zh/01-intro\.md:28: include: \.\./\.\./go\.mod: "\.\." would leave content/.*`},
		{name: "include absolute path", edit: replaceIn(ch, "file=code/demo/demo.go", "file=/etc/passwd"),
			want: `content/zh/01-intro\.md:28: include: /etc/passwd: absolute path.*`},
		{name: "include symlink out of content", edit: symlinkOut("content/code/demo/demo.go", "/etc/hostname"),
			want: `content/zh/01-intro\.md:28: include: code/demo/demo\.go: cannot read: .*symbolic link.*must stay inside content/.*`},
		{name: "include missing file", edit: replaceIn(ch, "file=code/demo/demo.go", "file=code/demo/gone.go"),
			want: `content/zh/01-intro\.md:28: include: code/demo/gone\.go: file not found.*`},
		{name: "include missing region", edit: replaceIn(ch, "region=add", "region=sub"),
			want: `content/zh/01-intro\.md:28: include: code/demo/demo\.go: region "sub" not found.*`},
		{name: "include region not closed", edit: replaceIn("content/code/demo/demo.go", "// END add OMIT", ""),
			want: `content/zh/01-intro\.md:28: include: code/demo/demo\.go:4: region "add" is never closed.*`},

		// Templates and UI strings.
		{name: "template syntax error", edit: appendFile("layouts/chapter.html", "{{if}}\n"),
			want: `layouts/chapter\.html:\d+: .*`},
		{name: "template unknown field", edit: appendFile("layouts/chapter.html", "{{.NoSuchField}}\n"),
			want: `layouts/chapter\.html:\d+: .*NoSuchField.*`},
		{name: "UI string missing", edit: dropLine("layouts/i18n/en.yaml", "next:"),
			want: `layouts/chapter\.html:\d+: .*missing UI string "next": add it to layouts/i18n/en\.yaml`},

		// Translations.
		{name: "missing translation", edit: all(removeFile(enCh), replaceIn("content/en/_index.md", "[start reading](01-intro.md)", "nothing to read yet")), warn: true,
			want: `content/zh/01-intro\.md: warning: no en translation.*`},

		// File permissions.
		{name: "unreadable chapter", edit: chmodFile(ch, 0), skip: readsAnything,
			want: `content/zh/01-intro\.md: cannot read.*`},
		{name: "unreadable data", edit: chmodFile("content/data/sales.csv", 0), skip: readsAnything,
			want: `content/(data/sales\.csv|zh/01-intro\.md:19): .*`},
	}
}

func TestBadInput(t *testing.T) {
	fixture := filepath.Join("testdata", "badinput")
	base := t.TempDir()
	src := filepath.Join(base, "src")
	copySite(t, fixture, src)
	good := filepath.Join(base, "good")
	if code, _, stderr := buildSite(t, src, good); code != 0 {
		t.Fatalf("the unbroken site does not build (exit %d):\n%s", code, stderr)
	}
	goodSum := treeSum(t, good)

	cases := badCases()
	if len(cases) < 30 {
		t.Errorf("the catalogue has %d cases; want at least 30", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			if c.skip != nil {
				if why := c.skip(); why != "" {
					t.Skip(why)
				}
			}
			dir := filepath.Join(t.TempDir(), "site")
			copySite(t, fixture, dir)
			out := filepath.Join(dir, "public")
			copyDir(t, good, out)
			c.edit(t, dir)

			code, stdout, stderr := buildSite(t, dir, out)
			t.Logf("exit %d\n%s", code, stderr)
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
				t.Fatalf("build panicked:\n%s", stderr)
			}
			if c.warn {
				if code != 0 {
					t.Fatalf("exit %d; want 0 (a warning only)\nstderr:\n%s", code, stderr)
				}
				if c.want != "" && !regexp.MustCompile(c.want).MatchString(stderr) {
					t.Errorf("stderr does not match %q:\n%s", c.want, stderr)
				}
				if c.check != nil {
					c.check(t, out)
				}
				return
			}
			if code == 0 {
				t.Fatalf("exit 0; want an error matching %q\nstdout:\n%s\nstderr:\n%s", c.want, stdout, stderr)
			}
			if !regexp.MustCompile(`(?m)^(` + c.want + `)$`).MatchString(stderr) {
				t.Errorf("no line of stderr matches %q:\n%s", c.want, stderr)
			}
			// Every error names its file: "file:line: message" or "file: message".
			for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if !strings.HasPrefix(l, "folio: ") && !fileLine.MatchString(l) {
					t.Errorf("stderr line does not start with file:line: or file: %q", l)
				}
			}
			if got := treeSum(t, out); got != goodSum {
				t.Errorf("the failed build changed the previous output directory")
			}
		})
	}
}

var fileLine = regexp.MustCompile(`^[^\s:]+(?: [^\s:]+)*(?::\d+)?: \S`)

// buildSite runs `folio build` as a user would, turning a panic into a test failure.
func buildSite(t *testing.T, src, out string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("folio build panicked: %v\n%s", r, debug.Stack())
			}
		}()
		code = run(context.Background(), []string{"build", "--source", src, "--out", out, "--no-cache", "--quiet"}, &o, &e)
	}()
	return code, o.String(), e.String()
}

// copySite copies the fixture's content/ and the repository's layouts/ and assets/ into dir.
func copySite(t *testing.T, fixture, dir string) {
	t.Helper()
	copyDir(t, filepath.Join(fixture, "content"), filepath.Join(dir, "content"))
	copyDir(t, filepath.Join("..", "..", "layouts"), filepath.Join(dir, "layouts"))
	copyDir(t, filepath.Join("..", "..", "assets"), filepath.Join(dir, "assets"))
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", from, err)
	}
}

// treeSum hashes every path, mode and content under dir.
func treeSum(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum := ""
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum = fmt.Sprintf("%x", sha256.Sum256(b))
		}
		lines = append(lines, fmt.Sprintf("%s %v %s", filepath.ToSlash(rel), info.Mode(), sum))
		return nil
	})
	if err != nil {
		t.Fatalf("hash %s: %v", dir, err)
	}
	sort.Strings(lines)
	return fmt.Sprintf("%x", sha256.Sum256([]byte(strings.Join(lines, "\n"))))
}

// The edits a case makes, each on a path relative to the site.

func setFile(rel, s string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func replaceIn(rel, old, new string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s does not contain %q: the fixture changed", rel, old)
		}
		if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// dropLine removes the line that starts with prefix.
func dropLine(rel, prefix string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var keep []string
		for _, l := range strings.SplitAfter(string(b), "\n") {
			if !strings.HasPrefix(l, prefix) {
				keep = append(keep, l)
			}
		}
		if err := os.WriteFile(p, []byte(strings.Join(keep, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func appendFile(rel, s string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(dir, rel), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
}

// all applies several edits in order.
func all(edits ...func(*testing.T, string)) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		for _, e := range edits {
			e(t, dir)
		}
	}
}

func removeFile(rel string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		if err := os.Remove(filepath.Join(dir, rel)); err != nil {
			t.Fatal(err)
		}
	}
}

func renameFile(rel, to string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		if err := os.Rename(filepath.Join(dir, rel), filepath.Join(dir, to)); err != nil {
			t.Fatal(err)
		}
	}
}

// symlinkOut replaces rel with a symbolic link to target.
func symlinkOut(rel, target string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("cannot make a symlink here: %v", err)
		}
	}
}

func chmodFile(rel string, mode os.FileMode) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o644) })
	}
}

// readsAnything says why a chmod 000 case cannot run: root (as in CI) reads such files anyway.
func readsAnything() string {
	f, err := os.CreateTemp("", "folio-perm-")
	if err != nil {
		return "cannot create a temporary file: " + err.Error()
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	os.Chmod(name, 0)
	if b, err := os.ReadFile(name); err == nil {
		_ = b
		return "this user reads files with mode 000 (root?), so an unreadable file cannot be made"
	}
	return ""
}

// nestedList is a list nested depth levels deep.
func nestedList(depth int) string {
	var b strings.Builder
	b.WriteString("\n")
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat("  ", i))
		fmt.Fprintf(&b, "- level %d\n", i+1)
	}
	return b.String()
}

// escaped fails unless the built page shows the text shown (so the input reached the page) and
// holds none of the strings bad.
func escaped(page, shown string, bad ...string) func(*testing.T, string) {
	return func(t *testing.T, out string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatalf("read the built page: %v", err)
		}
		if !bytes.Contains(b, []byte(shown)) {
			t.Errorf("%s does not show %q: the hostile input did not reach the page, so this proves nothing", page, shown)
		}
		for _, s := range bad {
			if i := bytes.Index(b, []byte(s)); i >= 0 {
				t.Errorf("%s holds %q, unescaped: ...%s...", page, s, b[max(0, i-80):min(len(b), i+80)])
			}
		}
	}
}
