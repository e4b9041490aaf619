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
	// Each case is written three ways: Write; a Stage given every other file early; a Stage
	// given every file early.
	ways := []struct {
		name  string
		early func(i int) bool
	}{
		{"Write", nil},
		{"half staged", func(i int) bool { return i%2 == 0 }},
		{"all staged", func(int) bool { return true }},
	}
	for _, tt := range tests {
		for _, way := range ways {
			t.Run(tt.name+"/"+way.name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "public")
				if tt.before != nil {
					tt.before(t, dir)
				}
				if way.early == nil {
					if err := Write(dir, tt.files); err != nil {
						t.Fatalf("Write: %v", err)
					}
				} else {
					s, rest := NewStage(dir), Files{}
					for i, p := range tt.files.Paths() {
						if !way.early(i) {
							rest[p] = tt.files[p]
						} else if err := s.Put(p, tt.files[p]); err != nil {
							t.Fatalf("Put %s: %v", p, err)
						}
					}
					if err := s.Commit(rest); err != nil {
						t.Fatalf("Commit: %v", err)
					}
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
}

// TestStageAbort: a build that fails after handing files to the stage leaves the output as it
// was, and nothing beside it.
func TestStageAbort(t *testing.T) {
	for _, before := range []Files{nil, {"a/index.html": []byte("old"), "b": []byte("b")}} {
		dir := filepath.Join(t.TempDir(), "public")
		if before != nil {
			mustWrite(t, before, dir)
		}
		s := NewStage(dir)
		for p, b := range map[string]string{"a/index.html": "new", "b": "b", "c/d/e": "e"} {
			if err := s.Put(p, []byte(b)); err != nil {
				t.Fatal(err)
			}
		}
		if b, err := s.Get("a/index.html"); err != nil || string(b) != "new" {
			t.Errorf("Get = %q, %v; want the staged bytes", b, err)
		}
		if b, err := s.Get("b"); err != nil || string(b) != "b" {
			t.Errorf("Get of a file the output held already = %q, %v", b, err)
		}
		s.Abort()
		if before == nil {
			if _, err := os.Lstat(dir); err == nil {
				t.Errorf("an aborted stage made the output directory")
			}
		} else if got := tree(t, dir); !maps.EqualFunc(got, before, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Errorf("an aborted stage changed the output: %v", keys(got))
		}
		if ents, _ := os.ReadDir(filepath.Dir(dir)); len(ents) > 1 || len(ents) == 1 && ents[0].Name() != "public" {
			t.Errorf("an aborted stage left %v beside the output", ents)
		}
	}
}

// TestStageLeavesUnchangedFilesAlone: a file staged with the bytes the output holds is neither
// written nor renamed; a changed one is.
func TestStageLeavesUnchangedFilesAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	mustWrite(t, Files{"a/index.html": []byte("same"), "b/index.html": []byte("old"), "gone": []byte("g")}, dir)
	past := aged(t, dir, "a/index.html", "b/index.html")
	s := NewStage(dir)
	for p, b := range map[string]string{"a/index.html": "same", "b/index.html": "new"} {
		if err := s.Put(p, []byte(b)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(Files{"c": []byte("c")}); err != nil {
		t.Fatal(err)
	}
	checkRewritten(t, dir, past, map[string]bool{"a/index.html": false, "b/index.html": true})
	want := Files{"a/index.html": []byte("same"), "b/index.html": []byte("new"), "c": []byte("c")}
	if got := tree(t, dir); !maps.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Errorf("dir holds %v; want %v", keys(got), keys(want))
	}
	if s.Len() != 2 || s.Size() != len("same")+len("new") {
		t.Errorf("Len, Size = %d, %d; want 2, 7", s.Len(), s.Size())
	}
}

func TestStageRefusesPathsOutside(t *testing.T) {
	s := NewStage(filepath.Join(t.TempDir(), "public"))
	defer s.Abort()
	for _, p := range []string{"../x", "/etc/x", "a/../../x", `a\b`, "", ".."} {
		if err := s.Put(p, []byte("x")); err == nil || !strings.Contains(err.Error(), "outside") {
			t.Errorf("Put(%q) = %v; want an error naming the path outside", p, err)
		}
	}
}

// TestWriteLeavesUnchangedFilesAlone: a rebuild that changed nothing rewrites nothing, so an
// unchanged file keeps its inode and modification time.
func TestWriteLeavesUnchangedFilesAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	files := Files{"a/index.html": []byte("same"), "b/index.html": []byte("old")}
	mustWrite(t, files, dir)
	past := aged(t, dir, "a/index.html", "b/index.html")
	files["b/index.html"] = []byte("new")
	mustWrite(t, files, dir)
	checkRewritten(t, dir, past, map[string]bool{"a/index.html": false, "b/index.html": true})
}

// aged sets the modification time of the files at paths under dir an hour back, and returns it.
func aged(t *testing.T, dir string, paths ...string) time.Time {
	t.Helper()
	past := time.Now().Add(-time.Hour)
	for _, p := range paths {
		if err := os.Chtimes(filepath.Join(dir, p), past, past); err != nil {
			t.Fatal(err)
		}
	}
	return past
}

// checkRewritten fails unless the files of want marked true, and only those, were written
// since past.
func checkRewritten(t *testing.T, dir string, past time.Time, want map[string]bool) {
	t.Helper()
	for p, changed := range want {
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

func TestTypeOf(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"index.html", "text/html"},
		{"css/style.3f2a.css", "text/css"},
		{"js/search.js", "application/javascript"},
		{"favicon.svg", "image/svg+xml"},
		{"search/en/manifest.json", "application/json"},
		{"site.webmanifest", "application/json"},
		{"sitemap.xml", "application/xml"},
		{"robots.txt", "text/plain"},
		{"en/index.md", "text/markdown"},
		{"data/jobs.csv", "text/csv"},
		{"social.png", "image/png"},
		{"photo.JPG", "image/jpeg"}, // not in the table: the mime package, which ignores case
		{"fonts/x.woff2", "font/woff2"},
		{"no-extension", "application/octet-stream"},
	} {
		if got := TypeOf(tc.path); got != tc.want {
			t.Errorf("TypeOf(%q) = %q; want %q", tc.path, got, tc.want)
		}
	}
}
