package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// start watches a fresh temp tree holding a/page.md and returns it with its watcher.
func start(t *testing.T) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "a", "page.md"), "first")
	w, err := New([]string{dir, filepath.Join(dir, "missing")}, Options{Quiet: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return dir, w
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for a batch; a watcher that reports nothing fails the test after a generous
// deadline instead of hanging it.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10s")
		return nil
	}
}

// until collects batches until one holds want.
func until(t *testing.T, w *Watcher, want string) []string {
	t.Helper()
	var all []string
	for !slices.Contains(all, want) {
		all = append(all, next(t, w)...)
	}
	return all
}

func TestSaveStyles(t *testing.T) {
	tests := []struct {
		name string
		save func(t *testing.T, file string)
	}{
		{"write in place", func(t *testing.T, file string) {
			f, err := os.OpenFile(file, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteAt([]byte("FIRST"), 0); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}},
		{"truncate then write", func(t *testing.T, file string) {
			f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString("second"); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}},
		{"vim: rename away, write new, delete backup", func(t *testing.T, file string) {
			dir := filepath.Dir(file)
			write(t, filepath.Join(dir, "4913"), "")
			os.Remove(filepath.Join(dir, "4913"))
			if err := os.Rename(file, file+"~"); err != nil {
				t.Fatal(err)
			}
			write(t, file, "third")
			os.Remove(file + "~")
			write(t, filepath.Join(dir, ".page.md.swp"), "swap")
		}},
		{"jetbrains: write temp, rename over", func(t *testing.T, file string) {
			tmp := file + "___jb_tmp___"
			write(t, tmp, "fourth")
			if err := os.Rename(file, file+"___jb_old___"); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, file); err != nil {
				t.Fatal(err)
			}
			os.Remove(file + "___jb_old___")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, w := start(t)
			file := filepath.Join(dir, "a", "page.md")
			tt.save(t, file)
			got := until(t, w, file)
			for _, p := range got {
				if p != file {
					t.Errorf("%s: batch holds %q; want only %q (temporary files are ignored)", tt.name, p, file)
				}
			}
		})
	}
}

func TestNewAndRemovedFolders(t *testing.T) {
	dir, w := start(t)
	// A folder created with files already in it: the files are reported, and later edits in
	// the folder are seen.
	sub := filepath.Join(dir, "b", "c")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	early := filepath.Join(sub, "early.csv")
	write(t, early, "x")
	until(t, w, filepath.Join(dir, "b"))
	late := filepath.Join(sub, "late.csv")
	write(t, late, "y")
	until(t, w, late)

	if err := os.RemoveAll(filepath.Join(dir, "b")); err != nil {
		t.Fatal(err)
	}
	until(t, w, filepath.Join(dir, "b"))
	for p := range w.watched {
		if p == sub {
			t.Errorf("watched folders after removal = include %q; want it forgotten", p)
		}
	}
	// The tree is still watched after the removal.
	file := filepath.Join(dir, "a", "page.md")
	write(t, file, "again")
	until(t, w, file)
}

func TestBurstIsOneBatch(t *testing.T) {
	dir, w := start(t)
	var want []string
	for i := range 50 {
		name := filepath.Join(dir, "a", string(rune('a'+i%26))+string(rune('a'+i/26))+".md")
		write(t, name, "x")
		want = append(want, name)
	}
	slices.Sort(want)
	got := next(t, w)
	// Fifty writes in a row on a busy machine may straddle a quiet period; gather the rest.
	for len(got) < len(want) {
		got = append(got, next(t, w)...)
		slices.Sort(got)
		got = slices.Compact(got)
	}
	if !slices.Equal(got, want) {
		t.Errorf("batches = %q; want %q", got, want)
	}
}

func TestTemporary(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"01-intro.md", false},
		{"site.yaml", false},
		{"style.css", false},
		{".01-intro.md.swp", true},
		{"01-intro.md~", true},
		{"4913", true},
		{"01-intro.md___jb_tmp___", true},
		{"01-intro.md___jb_old___", true},
		{".git", true},
		{"#01-intro.md#", true},
	}
	for _, tt := range tests {
		if got := Temporary(tt.name); got != tt.want {
			t.Errorf("Temporary(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}
