package content

import (
	"io/fs"
	"sync"
)

// readOnce is the content directory as one build sees it: each file is read at most once. The
// data and code files are few and shared, and every page showing a chart or a sample read its
// file again, as did the checks of every reused conversion (1,000 reads of 8 files for a
// corpus of 1,000 charts). A build gets a new one, so it never sees an older build's bytes.
type readOnce struct {
	fs.FS
	mu    sync.Mutex
	files map[string]*onceFile
}

type onceFile struct {
	once sync.Once
	b    []byte
	err  error
}

func newReadOnce(fsys fs.FS) *readOnce {
	return &readOnce{FS: fsys, files: map[string]*onceFile{}}
}

// ReadOnce is fsys where each file is read at most once, its bytes kept and shared (they are
// never written into), for one build: folio build reads layouts/ and assets/ through it.
func ReadOnce(fsys fs.FS) fs.FS { return newReadOnce(fsys) }

// ReadFile makes fs.ReadFile read name once. The bytes are shared: callers never write into
// what fs.ReadFile returns them here.
func (r *readOnce) ReadFile(name string) ([]byte, error) {
	r.mu.Lock()
	f := r.files[name]
	if f == nil {
		f = &onceFile{}
		r.files[name] = f
	}
	r.mu.Unlock()
	f.once.Do(func() {
		f.b, f.err = fs.ReadFile(r.FS, name)
		f.b = f.b[:len(f.b):len(f.b)] // an append copies rather than writes past the end
	})
	return f.b, f.err
}

// The rest is the content directory's own: an os.Root knows its links (which explain a read
// refused for leaving content/) and lists and stats without opening.

func (r *readOnce) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(r.FS, name) }
func (r *readOnce) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(r.FS, name) }
func (r *readOnce) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(r.FS, name) }
func (r *readOnce) ReadLink(name string) (string, error)       { return fs.ReadLink(r.FS, name) }
