package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
)

// countFS counts the opens of each file.
type countFS struct {
	fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

// TestReadOnce reads the files of a build many times over from many goroutines: each is
// opened once, every reader gets its bytes (or its error), and appending to them leaves them
// as they were.
func TestReadOnce(t *testing.T) {
	c := &countFS{FS: fstest.MapFS{
		"data/jobs.csv":     {Data: []byte("role,n\ngo,3\n")},
		"code/main/main.go": {Data: []byte("package main\n")},
	}, opens: map[string]int{}}
	r := newReadOnce(c)
	want := map[string]string{"data/jobs.csv": "role,n\ngo,3\n", "code/main/main.go": "package main\n", "data/none.csv": ""}
	var wg sync.WaitGroup
	for range 8 {
		for name, w := range want {
			wg.Go(func() {
				b, err := fs.ReadFile(r, name)
				if w == "" {
					if !errors.Is(err, fs.ErrNotExist) {
						t.Errorf("%s: err = %v, want not exist", name, err)
					}
					return
				}
				if string(b) != w {
					t.Errorf("%s = %q, want %q", name, b, w)
				}
				_ = append(b, "more"...)
			})
		}
	}
	wg.Wait()
	for name, w := range want {
		if b, _ := fs.ReadFile(r, name); string(b) != w {
			t.Errorf("%s = %q after appends, want %q", name, b, w)
		}
		if n := c.opens[name]; n != 1 {
			t.Errorf("%s opened %d times, want 1", name, n)
		}
	}
}

// TestReadOnceKeepsLinks: a read refused for leaving content/ through a link is explained from
// the link, which the wrapper must still show.
func TestReadOnceKeepsLinks(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "out.go")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	r := newReadOnce(root.FS())
	if _, err := fs.ReadFile(r, "out.go"); err == nil {
		t.Error("read through a link out of the root")
	}
	if target, err := fs.ReadLink(r, "out.go"); err != nil || target != "/etc/hostname" {
		t.Errorf("ReadLink = %q, %v", target, err)
	}
}
