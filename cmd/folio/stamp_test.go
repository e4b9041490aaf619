package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/content"
)

func TestSetSourceHash(t *testing.T) {
	tests := []struct {
		name, in, want, old string
	}{
		{"add", "---\ntitle: T\n---\nbody\n", "---\ntitle: T\nsource_hash: abc\n---\nbody\n", ""},
		{"replace", "---\ntitle: T\nsource_hash: 0123\ndraft: false\n---\n", "---\ntitle: T\nsource_hash: abc\ndraft: false\n---\n", "0123"},
		{"replace quoted with comment", "---\nsource_hash: \"0123\" # old\ntitle: T\n---\n", "---\nsource_hash: abc\ntitle: T\n---\n", "0123"},
		{"crlf", "---\r\ntitle: T\r\n---\r\nbody\r\n", "---\r\ntitle: T\r\nsource_hash: abc\r\n---\r\nbody\r\n", ""},
		{"crlf replace", "---\r\nsource_hash: 1\r\n---\r\n", "---\r\nsource_hash: abc\r\n---\r\n", "1"},
		{"bom", "\ufeff---\ntitle: T\n---\n", "\ufeff---\ntitle: T\nsource_hash: abc\n---\n", ""},
		{"body line left alone", "---\ntitle: T\n---\nsource_hash: not front matter\n", "---\ntitle: T\nsource_hash: abc\n---\nsource_hash: not front matter\n", ""},
		{"description mentions it", "---\ndescription: \"source_hash: x\"\n---\n", "---\ndescription: \"source_hash: x\"\nsource_hash: abc\n---\n", ""},
	}
	for _, tt := range tests {
		got, old, err := setSourceHash([]byte(tt.in), "abc")
		if err != nil || string(got) != tt.want || old != tt.old {
			t.Errorf("%s: setSourceHash(%q) = %q, %q, %v; want %q, %q", tt.name, tt.in, got, old, err, tt.want, tt.old)
		}
	}
	for _, in := range []string{"# no front matter\n", "---\ntitle: never closed\n", ""} {
		if _, _, err := setSourceHash([]byte(in), "abc"); err == nil {
			t.Errorf("setSourceHash(%q) succeeded; want an error", in)
		}
	}
}

func stampSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"content/site.yaml":          "title: {zh: 标题, en: Title}\nlanguages: [zh, en]\n",
		"content/zh/_index.md":       "---\ntitle: 封面\n---\n",
		"content/en/_index.md":       "---\ntitle: Cover\n---\n",
		"content/zh/01-one.md":       "---\ntitle: 一\n---\n正文\n",
		"content/en/01-one.md":       "---\ntitle: One\r\ndescription: d\r\n---\r\nBody\r\n",
		"content/zh/02-two.md":       "---\ntitle: 二\n---\n正文\n",
		"content/en/02-two.md":       "---\ntitle: Two\nsource_hash: 000000000000\n---\nBody\n",
		"content/en/03-only-here.md": "---\ntitle: Only\n---\n",
	}
	for name, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestStampAll(t *testing.T) {
	dir := stampSite(t)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"stamp", "--source", dir, "--all"}, &out, &errb); code != 0 {
		t.Fatalf("stamp --all = %d; stderr %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "en/01-one.md: stamped source_hash") || !strings.Contains(out.String(), "(was 000000000000)") || strings.Contains(out.String(), "03-only-here") {
		t.Errorf("stamp --all said %q; want both translated chapters stamped and the untranslated one left out", out.String())
	}
	site, ds := content.Load(os.DirFS(filepath.Join(dir, "content")), content.Options{})
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	zh, en := site.Edition("zh"), site.Edition("en")
	for _, name := range []string{"01-one.md", "02-two.md"} {
		if got, want := en.Chapter(name).SourceHash, zh.Chapter(name).ShortHash(); got != want {
			t.Errorf("en/%s source_hash = %q; want the ShortHash of zh/%s, %q", name, got, name, want)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "content/en/01-one.md"))
	if want := "---\ntitle: One\r\ndescription: d\r\nsource_hash: " + zh.Chapter("01-one.md").ShortHash() + "\n---\r\nBody\r\n"; string(data) != want {
		t.Errorf("en/01-one.md = %q; want %q", data, want)
	}

	out.Reset()
	run(context.Background(), []string{"stamp", "--source", dir, "en/02-two.md"}, &out, &errb)
	if !strings.Contains(out.String(), "up to date") {
		t.Errorf("second stamp said %q; want up to date", out.String())
	}
}

func TestStampErrors(t *testing.T) {
	dir := stampSite(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"zh/01-one.md"}, "an original, not a translation"},
		{[]string{"en/03-only-here.md"}, "read its original"},
		{[]string{"fr/01-one.md"}, "not a language"},
		{[]string{"en/_index.md"}, "not a chapter file"},
		{[]string{"--all", "en/01-one.md"}, "not both"},
		{nil, "not both"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"stamp", "--source", dir}, tt.args...), &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("stamp %v = %d, %q; want failure containing %q", tt.args, code, errb.String(), tt.want)
		}
	}
	var out, errb bytes.Buffer
	before, _ := os.ReadFile(filepath.Join(dir, "content/en/01-one.md"))
	run(context.Background(), []string{"stamp", "--source", dir, "-n", "content/en/01-one.md"}, &out, &errb)
	after, _ := os.ReadFile(filepath.Join(dir, "content/en/01-one.md"))
	if !strings.Contains(out.String(), "would stamp") || !bytes.Equal(before, after) {
		t.Errorf("stamp -n said %q and changed the file: %v; want a dry run", out.String(), !bytes.Equal(before, after))
	}
}

func FuzzSetSourceHash(f *testing.F) {
	f.Add([]byte("---\ntitle: T\n---\nbody\n"))
	f.Add([]byte("---\r\nsource_hash: 12\r\n---\r\n"))
	f.Add([]byte("\ufeff---\n---\n"))
	f.Add([]byte("---\nsource_hash: 'x' # c\n---"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, _, err := setSourceHash(data, "0123456789ab")
		if err != nil {
			return
		}
		// Stamping again finds the hash and changes nothing.
		again, old, err := setSourceHash(out, "0123456789ab")
		if err != nil || old != "0123456789ab" || !bytes.Equal(again, out) {
			t.Fatalf("setSourceHash(%q) = %q; stamping it again = %q, %q, %v; want no change", data, out, again, old, err)
		}
		// Only one line was added or rewritten: the lines before and after it are the input's.
		in, got := strings.Split(string(data), "\n"), strings.Split(string(out), "\n")
		if d := len(got) - len(in); d != 0 && d != 1 {
			t.Fatalf("setSourceHash(%q) = %q: %d lines more; want 0 or 1", data, out, d)
		}
		changed := 0
		for i, j := 0, 0; i < len(in) && j < len(got); i, j = i+1, j+1 {
			if in[i] == got[j] {
				continue
			}
			changed++
			if !strings.HasPrefix(got[j], "source_hash: 0123456789ab") {
				t.Fatalf("setSourceHash(%q) = %q: line %d became %q", data, out, j+1, got[j])
			}
			if len(got) > len(in) {
				i-- // an added line: compare the same input line with the next output line
			}
		}
		if changed > 1 {
			t.Fatalf("setSourceHash(%q) = %q: %d lines changed; want one", data, out, changed)
		}
	})
}
