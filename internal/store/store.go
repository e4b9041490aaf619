// Package store keeps content-addressed bytes on disk between builds in one pack file, so a
// cache costs one read when a build starts and at most one write when it ends — not a file
// system call per entry, which on a cold build of thousands of blocks cost more than the
// rendering it saved.
//
// A pack is: the line "folio pack 1", then entries of a 32-byte key, a uvarint length and that
// many bytes. Keys are hashes of everything that determines the value, so an entry can never be
// stale; a pack that cannot be read is an empty one, and deleting it is always safe. Flush keeps
// only the entries this build used or added, so the pack never outgrows the site.
package store

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

const magic = "folio pack 1\n"

// Key names a value: a hash of everything that determines it.
type Key = [32]byte

// Pack is a persistent map from Key to bytes. It is safe for concurrent use.
type Pack struct {
	path string

	once  sync.Once
	mu    sync.Mutex
	old   map[Key][]byte // as loaded
	used  map[Key]bool   // old entries read by this build
	added map[Key][]byte // entries this build put
}

// Open returns the pack stored at path; it is read on first use.
func Open(path string) *Pack {
	return &Pack{path: path, used: map[Key]bool{}, added: map[Key][]byte{}}
}

func (p *Pack) load() {
	p.old = map[Key][]byte{}
	data, err := os.ReadFile(p.path)
	if err != nil {
		return
	}
	m, err := decode(data)
	if err != nil {
		return // a damaged pack is an empty one
	}
	p.old = m
}

// Get returns the value of key, if the pack has it.
func (p *Pack) Get(key Key) ([]byte, bool) {
	p.once.Do(p.load)
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.added[key]; ok {
		return v, true
	}
	v, ok := p.old[key]
	if ok {
		p.used[key] = true
	}
	return v, ok
}

// Touch marks key as used by this build, if the pack has it, so Flush keeps it.
func (p *Pack) Touch(key Key) {
	p.once.Do(p.load)
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.old[key]; ok {
		p.used[key] = true
	}
}

// Put stores a value under key; it reaches the disk with Flush.
func (p *Pack) Put(key Key, v []byte) {
	p.once.Do(p.load)
	p.mu.Lock()
	defer p.mu.Unlock()
	if o, ok := p.old[key]; ok && bytes.Equal(o, v) {
		p.used[key] = true
		return
	}
	p.added[key] = v // a key names its value, but a value may also carry what it was checked against
}

// Flush writes the entries this build used or added, atomically, when that differs from what
// is on disk. It then starts a new round: the next build's unused entries will be dropped.
func (p *Pack) Flush() error {
	p.once.Do(p.load)
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.added) == 0 && len(p.used) == len(p.old) {
		p.used = map[Key]bool{}
		return nil
	}
	keep := make(map[Key][]byte, len(p.used)+len(p.added))
	for k := range p.used {
		keep[k] = p.old[k]
	}
	for k, v := range p.added {
		keep[k] = v
	}
	if err := write(p.path, keep); err != nil {
		return fmt.Errorf("write cache %s: %w", p.path, err)
	}
	p.old, p.used, p.added = keep, map[Key]bool{}, map[Key][]byte{}
	return nil
}

// Len is the number of entries the pack would write now.
func (p *Pack) Len() int {
	p.once.Do(p.load)
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.old) + len(p.added)
}

func decode(data []byte) (map[Key][]byte, error) {
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, errors.New("not a folio pack")
	}
	data = data[len(magic):]
	m := map[Key][]byte{}
	for len(data) > 0 {
		if len(data) < 32 {
			return nil, errors.New("truncated key")
		}
		var k Key
		copy(k[:], data)
		data = data[32:]
		n, w := binary.Uvarint(data)
		if w <= 0 || n > uint64(len(data)-w) {
			return nil, errors.New("truncated value")
		}
		data = data[w:]
		m[k] = data[:n:n]
		data = data[n:]
	}
	return m, nil
}

func write(path string, m map[Key][]byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".pack-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	keys := make([]Key, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i][:], keys[j][:]) < 0 })
	w := bufio.NewWriterSize(f, 1<<20)
	io.WriteString(w, magic)
	var lenBuf [binary.MaxVarintLen64]byte
	for _, k := range keys {
		w.Write(k[:])
		w.Write(lenBuf[:binary.PutUvarint(lenBuf[:], uint64(len(m[k])))])
		w.Write(m[k])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
