package main

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// project copies the fixture site into a temp project with the repository's layouts and assets.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for src, dst := range map[string]string{
		"../../internal/site/testdata/site": "content",
		"../../layouts":                     "layouts",
		"../../assets":                      "assets",
	} {
		if err := os.CopyFS(filepath.Join(dir, dst), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func folio(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// snapshot reads every file of a directory tree.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		m[strings.TrimPrefix(p, dir)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestBuildThenFailedBuildLeavesOutputUnchanged(t *testing.T) {
	dir := project(t)
	out := filepath.Join(dir, "public")
	code, stdout, stderr := folio(t, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("build = %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "convert") || !strings.Contains(stdout, "zh: 4 pages") {
		t.Errorf("summary lacks stages or page counts:\n%s", stdout)
	}
	before := snapshot(t, out)
	if len(before) == 0 || before["/index.html"] == "" {
		t.Fatalf("no output written: %v", before)
	}

	// Break the site, once before any page is laid out (front matter) and once after every
	// page went to the output's stage (a broken anchor fails the link check): the build must
	// fail and keep public/ as it was, with nothing left beside it.
	chapter := filepath.Join(dir, "content", "en", "02-more.md")
	good, err := os.ReadFile(chapter)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, text, want string
	}{
		{"front matter", "---\ntitle: [broken\n---\n", "content/en/02-more.md:2: "},
		{"broken anchor", string(good) + "\nSee [nowhere](#no-such-section).\n", "content/en/02-more.md:"},
	} {
		os.WriteFile(chapter, []byte(tt.text), 0o644)
		code, _, stderr = folio(t, "build", "--source", dir)
		if code != 1 {
			t.Errorf("%s: broken build = %d; want 1", tt.name, code)
		}
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: stderr lacks %q:\n%s", tt.name, tt.want, stderr)
		}
		after := snapshot(t, out)
		if len(after) != len(before) {
			t.Fatalf("%s: output has %d files after a failed build; want %d", tt.name, len(after), len(before))
		}
		for p, data := range before {
			if after[p] != data {
				t.Errorf("%s: %s changed after a failed build", tt.name, p)
			}
		}
		leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
		if len(leftovers) > 0 {
			t.Errorf("%s: temporary directories left behind: %v", tt.name, leftovers)
		}
	}
}

func TestBuildReplacesOutputExactly(t *testing.T) {
	dir := project(t)
	out := filepath.Join(dir, "public")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644)
	if code, _, stderr := folio(t, "build", "--source", dir, "--out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "stale.html")); err == nil {
		t.Error("a file of the previous output survived the build")
	}
}

func TestHelpAndUsage(t *testing.T) {
	for _, cmd := range []string{"build", "serve", "check"} {
		code, _, stderr := folio(t, cmd, "-h")
		if code != 0 || !strings.Contains(stderr, "Usage: folio "+cmd) || !strings.Contains(stderr, "-source") {
			t.Errorf("folio %s -h = %d, %q", cmd, code, stderr)
		}
	}
	if code, _, _ := folio(t); code != 2 {
		t.Errorf("folio without a command = %d; want 2", code)
	}
	if code, _, stderr := folio(t, "bogus"); code != 2 || !strings.Contains(stderr, `unknown command "bogus"`) {
		t.Errorf("folio bogus = %d, %q", code, stderr)
	}
	if code, stdout, _ := folio(t, "version"); code != 0 || !strings.HasPrefix(stdout, "folio ") {
		t.Errorf("folio version = %d, %q", code, stdout)
	}
}

func TestCheck(t *testing.T) {
	dir := project(t)
	code, stdout, stderr := folio(t, "check", "--source", dir)
	if code != 0 {
		t.Fatalf("check = %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "warning: no en translation") || !strings.Contains(stdout, "no errors") {
		t.Errorf("check output:\nstdout: %s\nstderr: %s", stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("check wrote public/")
	}
}

func TestBadBaseURL(t *testing.T) {
	dir := project(t)
	code, _, stderr := folio(t, "build", "--source", dir, "--base-url", "ftp://x/")
	if code != 1 || !strings.Contains(stderr, "--base-url") {
		t.Errorf("build --base-url ftp://x/ = %d, %q", code, stderr)
	}
}

// TestBuildUpToDate builds a project, then builds it again after each change: with nothing
// changed the build has nothing to do and says so; after any change to the sources, the
// options or the output, it builds, and leaves the output as a build from scratch would.
func TestBuildUpToDate(t *testing.T) {
	dir := project(t)
	out, cache := filepath.Join(dir, "public"), t.TempDir()
	var warnings string // what the last build said on stderr
	build := func(t *testing.T, extra ...string) string {
		t.Helper()
		code, stdout, stderr := folio(t, append([]string{"build", "--source", dir, "--out", out, "--cache", cache}, extra...)...)
		if code != 0 {
			t.Fatalf("build = %d; stderr:\n%s", code, stderr)
		}
		if strings.Contains(stdout, "is up to date") && stderr != warnings {
			t.Errorf("up to date, it warns\n%s\nwhere the build warned\n%s", stderr, warnings)
		}
		warnings = stderr
		return stdout
	}
	const upToDate = "is up to date"
	if stdout := build(t); strings.Contains(stdout, upToDate) {
		t.Fatalf("first build:\n%s", stdout)
	}
	want := snapshot(t, out)
	if !strings.Contains(warnings, "warning: no en translation") {
		t.Fatalf("the fixture no longer warns, so the test does not see warnings kept:\n%s", warnings)
	}

	tests := []struct {
		name   string
		change func(t *testing.T)
		flags  []string
		check  func(t *testing.T) // after the build the change called for
	}{
		{"nothing", func(*testing.T) {}, nil, nil},
		{"page of the output edited", func(t *testing.T) {
			os.WriteFile(filepath.Join(out, "index.html"), []byte("edited by hand"), 0o644)
		}, nil, nil},
		{"file of the output removed", func(t *testing.T) { os.Remove(filepath.Join(out, "en", "index.html")) }, nil, nil},
		{"file added to the output", func(t *testing.T) { os.WriteFile(filepath.Join(out, "stray.html"), nil, 0o644) }, nil, nil},
		{"base URL given", func(*testing.T) {}, []string{"--base-url", "https://example.org/report/"}, func(t *testing.T) {
			if !strings.Contains(snapshot(t, out)["/sitemap.xml"], "https://example.org/report/") {
				t.Error("the sitemap lacks the base URL given")
			}
		}},
		{"base URL dropped", func(*testing.T) {}, nil, func(t *testing.T) {
			if got := snapshot(t, out); !maps.Equal(got, want) {
				t.Error("the output differs from the first build's")
			}
		}},
		{"page edited", func(t *testing.T) {
			name := filepath.Join(dir, "content", "en", "02-more.md")
			b, _ := os.ReadFile(name)
			os.WriteFile(name, append(b, "\nA sentence added.\n"...), 0o644)
		}, nil, func(t *testing.T) {
			if !strings.Contains(snapshot(t, out)["/en/more/index.html"], "A sentence added.") {
				t.Error("the edited page lacks its new sentence")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change(t)
			stdout := build(t, tt.flags...)
			if got, wantUpToDate := strings.Contains(stdout, upToDate), tt.name == "nothing"; got != wantUpToDate {
				t.Fatalf("up to date = %v, want %v:\n%s", got, wantUpToDate, stdout)
			}
			if tt.check != nil {
				tt.check(t)
			} else if got := snapshot(t, out); !maps.Equal(got, want) {
				t.Error("the output differs from the first build's")
			}
			// Built again with nothing changed: nothing to do, and nothing to say with --quiet.
			if stdout := build(t, tt.flags...); !strings.Contains(stdout, upToDate) || !strings.Contains(stdout, "heaviest pages") {
				t.Errorf("second build:\n%s", stdout)
			}
			if stdout := build(t, append(tt.flags, "--quiet")...); stdout != "" {
				t.Errorf("quiet build said %q", stdout)
			}
		})
	}
}
