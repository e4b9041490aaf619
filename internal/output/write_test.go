package output

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tree reads every regular file under dir, and fails on anything else but directories.
func tree(t *testing.T, dir string) Files {
	t.Helper()
	got := Files{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			t.Errorf("%s: not a regular file (%v)", p, d.Type())
			return nil
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name   string
		before func(t *testing.T, dir string) // what dir holds first; nil: dir does not exist
		files  Files
	}{
		{"fresh", nil, Files{"index.html": []byte("a"), "en/x/index.html": []byte("b"), "en/y/index.html": []byte("c")}},
		{"empty files", nil, Files{"a.txt": {}, "d/b.txt": {}}},
		{"same again", func(t *testing.T, dir string) {
			mustWrite(t, Files{"index.html": []byte("a"), "en/x/index.html": []byte("b")}, dir)
		}, Files{"index.html": []byte("a"), "en/x/index.html": []byte("b")}},
		{"changed, added, removed", func(t *testing.T, dir string) {
			mustWrite(t, Files{"index.html": []byte("old"), "gone/index.html": []byte("g"), "gone/deep/er/f": []byte("h"), "keep/a": []byte("k")}, dir)
		}, Files{"index.html": []byte("new, longer"), "keep/a": []byte("k"), "new/b/c": []byte("n")}},
		{"grown and shrunk", func(t *testing.T, dir string) {
			mustWrite(t, Files{"a": []byte("abc"), "b": []byte("abc")}, dir)
		}, Files{"a": []byte("abcd"), "b": []byte("ab")}},
		{"directory where a file goes", func(t *testing.T, dir string) {
			mustWrite(t, Files{"x/y/z": []byte("1")}, dir)
		}, Files{"x/y": []byte("file now")}},
		{"file where a directory goes", func(t *testing.T, dir string) {
			mustWrite(t, Files{"x": []byte("1")}, dir)
		}, Files{"x/index.html": []byte("dir now")}},
		{"symbolic link is replaced, not followed", func(t *testing.T, dir string) {
			outside := t.TempDir()
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(dir, "en")); err != nil {
				t.Skip(err)
			}
			if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if b, err := os.ReadFile(filepath.Join(outside, "secret")); err != nil || string(b) != "s" {
					t.Errorf("a file behind the link changed: %q, %v", b, err)
				}
				if _, err := os.Stat(filepath.Join(outside, "index.html")); err == nil {
					t.Errorf("Write wrote through a symbolic link")
				}
			})
		}, Files{"en/index.html": []byte("e")}},
		{"output dir is a symbolic link", func(t *testing.T, dir string) {
			outside := t.TempDir()
			if err := os.Symlink(outside, dir); err != nil {
				t.Skip(err)
			}
			t.Cleanup(func() {
				if ents, _ := os.ReadDir(outside); len(ents) != 0 {
					t.Errorf("Write wrote through the linked output dir: %v", ents)
				}
			})
		}, Files{"index.html": []byte("i")}},
		{"leftover temporary files go", func(t *testing.T, dir string) {
			mustWrite(t, Files{"a/index.html": []byte("1")}, dir)
			if err := os.WriteFile(filepath.Join(dir, "a", ".index.html.tmp-123"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, Files{"a/index.html": []byte("1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			if tt.before != nil {
				tt.before(t, dir)
			}
			if err := Write(dir, tt.files); err != nil {
				t.Fatalf("Write: %v", err)
			}
			if got := tree(t, dir); !maps.EqualFunc(got, tt.files, func(a, b []byte) bool { return string(a) == string(b) }) {
				t.Errorf("dir holds %v; want %v", keys(got), keys(tt.files))
			}
			ents, _ := os.ReadDir(filepath.Dir(dir))
			for _, e := range ents {
				if e.Name() != "public" {
					t.Errorf("left %s beside the output", e.Name())
				}
			}
		})
	}
}

// TestWriteLeavesUnchangedFilesAlone: a rebuild that changed nothing rewrites nothing, so an
// unchanged file keeps its inode and modification time.
func TestWriteLeavesUnchangedFilesAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	files := Files{"a/index.html": []byte("same"), "b/index.html": []byte("old")}
	mustWrite(t, files, dir)
	past := time.Now().Add(-time.Hour)
	for _, p := range []string{"a/index.html", "b/index.html"} {
		if err := os.Chtimes(filepath.Join(dir, p), past, past); err != nil {
			t.Fatal(err)
		}
	}
	files["b/index.html"] = []byte("new")
	mustWrite(t, files, dir)
	for p, changed := range map[string]bool{"a/index.html": false, "b/index.html": true} {
		st, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if moved := !st.ModTime().Equal(past); moved != changed {
			t.Errorf("%s rewritten = %v; want %v", p, moved, changed)
		}
	}
}

func TestWriteRefusesPathsOutside(t *testing.T) {
	for _, p := range []string{"../x", "/etc/x", "a/../../x", `a\b`, "", ".."} {
		dir := filepath.Join(t.TempDir(), "public")
		mustWrite(t, Files{"keep": []byte("k")}, dir)
		err := Write(dir, Files{p: []byte("x"), "keep": []byte("changed")})
		if err == nil || !strings.Contains(err.Error(), "outside") {
			t.Errorf("Write(%q) = %v; want an error naming the path outside", p, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "keep")); string(b) != "k" {
			t.Errorf("Write(%q) changed the output before refusing: keep = %q", p, b)
		}
	}
}

func mustWrite(t *testing.T, files Files, dir string) {
	t.Helper()
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
}

func keys(f Files) []string { return f.Paths() }
