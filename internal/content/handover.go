package content

import (
	"io/fs"
	"sync"
)

// Handover is fsys where the bytes of a file are kept from one read to the next, then
// forgotten: a one-shot build's fingerprint reads every source, and its load then takes those
// bytes rather than reading the disk again (20,000 reads for a corpus of 10,000 pages). A
// third read of a file goes to fsys. Lists and stats always do.
//
// The two reads may come at once (a first build fingerprints its sources beside the build):
// the second waits for the first, so both have the same bytes, the ones the fingerprint names.
func Handover(fsys fs.FS) fs.FS { return &handover{FS: fsys, kept: map[string]*handedFile{}} }

type handover struct {
	fs.FS
	mu   sync.Mutex
	kept map[string]*handedFile
}

type handedFile struct {
	once sync.Once
	b    []byte
	err  error
}

func (h *handover) ReadFile(name string) ([]byte, error) {
	h.mu.Lock()
	f := h.kept[name]
	if f == nil {
		f = &handedFile{}
		h.kept[name] = f
	} else {
		delete(h.kept, name) // the second read: forgotten once it has the bytes
	}
	h.mu.Unlock()
	f.once.Do(func() { f.b, f.err = fs.ReadFile(h.FS, name) })
	return f.b, f.err
}

// The rest is fsys's own, as for readOnce.

func (h *handover) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(h.FS, name) }
func (h *handover) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(h.FS, name) }
func (h *handover) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(h.FS, name) }
func (h *handover) ReadLink(name string) (string, error)       { return fs.ReadLink(h.FS, name) }
