package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFingerprint changes a project one way per case: every change a build would see changes
// the fingerprint, and nothing else does.
func TestFingerprint(t *testing.T) {
	edit := func(rel, s string) func(*testing.T, string) {
		return func(t *testing.T, root string) {
			name := filepath.Join(root, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(name)
			if err := os.WriteFile(name, append(b, s...), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	none := func(*testing.T, string) {}
	tests := []struct {
		name   string
		change func(t *testing.T, root string)
		opts   Options
		same   bool
	}{
		{"unchanged", none, Options{}, true},
		{"only touched", func(t *testing.T, root string) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(filepath.Join(root, "content/site.yaml"), later, later); err != nil {
				t.Fatal(err)
			}
		}, Options{}, true},
		{"options that do not change the site", none, Options{OneShot: true, CacheDir: "elsewhere"}, true},
		{"page edited", edit("content/en/01-intro.md", "\nOne more line.\n"), Options{}, false},
		{"page added", edit("content/en/new.md", "# New\n"), Options{}, false},
		{"data edited", edit("content/data/jobs.csv", "\n"), Options{}, false},
		{"page renamed", func(t *testing.T, root string) {
			if err := os.Rename(filepath.Join(root, "content/en/01-intro.md"), filepath.Join(root, "content/en/01-intro2.md")); err != nil {
				t.Fatal(err)
			}
		}, Options{}, false},
		{"layout edited", edit("layouts/chapter.html", "\n"), Options{}, false},
		{"asset edited", edit("assets/css/00-base.css", "\n"), Options{}, false},
		{"base URL", none, Options{BaseURL: "https://example.org/report/"}, false},
		{"drafts", none, Options{Drafts: true}, false},
		{"plain diagrams", none, Options{PlainDiagrams: true}, false},
	}
	pr := project(t).Project
	base, size, err := Fingerprint(pr, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, fsys := range []fs.FS{pr.Content, pr.Layouts, pr.Assets} {
		fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := fs.ReadFile(fsys, name)
				want += int64(len(b))
			}
			return err
		})
	}
	if size != want || size == 0 {
		t.Errorf("size = %d bytes, want the %d bytes of the project's files", size, want)
	}
	if s, err := ListSources(pr); err != nil || s.Size != want {
		t.Errorf("ListSources: %d bytes (err %v), want the %d bytes of the project's files", s.Size, err, want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := project(t)
			tt.change(t, p.root)
			got, _, err := Fingerprint(p.Project, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if (got == base) != tt.same {
				t.Errorf("same fingerprint = %v, want %v", got == base, tt.same)
			}
		})
	}

	t.Run("linked directory", func(t *testing.T) {
		p := project(t)
		if err := os.Symlink(t.TempDir(), filepath.Join(p.root, "content/more")); err != nil {
			t.Fatal(err)
		}
		if _, _, err := Fingerprint(p.Project, Options{}); !errors.Is(err, errLinkedDir) {
			t.Errorf("err = %v, want %v", err, errLinkedDir)
		}
	})
}

type projectCopy struct {
	Project
	root string
}

// project copies the fixture site, the layouts and the assets into a new directory.
func project(t *testing.T) projectCopy {
	t.Helper()
	root := t.TempDir()
	for from, to := range map[string]string{"testdata/site": "content", "../../layouts": "layouts", "../../assets": "assets"} {
		if err := os.CopyFS(filepath.Join(root, to), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	return projectCopy{
		Project: Project{
			Content: os.DirFS(filepath.Join(root, "content")),
			Layouts: os.DirFS(filepath.Join(root, "layouts")),
			Assets:  os.DirFS(filepath.Join(root, "assets")),
		},
		root: root,
	}
}
