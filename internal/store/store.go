// Package store keeps content-addressed bytes on disk between builds in one pack file, so a
// cache costs one read when a build starts and one file written while it runs — not a file
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
//
// Values put by a build are not held in memory: they are written as they come into the file
// that will replace the pack (next), and read back from it when asked for. A cold build of a
// large site puts most of what it renders, and holding all of it until Flush would double
// the build's memory.
type Pack struct {
	path   string
	mapped bool // read the pack by mapping it (OpenMapped)

	once    sync.Once
	mu      sync.Mutex
	old     map[Key][]byte // as loaded
	used    map[Key]bool   // old entries read by this build
	touched map[Key]bool   // keys this build marked as used without reading them
	added   map[Key]span   // entries this build put, where they are in next

	next    *os.File // the pack being written, created by the first Put
	nextW   *bufio.Writer
	nextLen int64 // bytes written to next so far
	nextErr error // the first write error: Flush reports it, and writes nothing
}

// span is where a value lies in the next pack file.
type span struct{ off, n int64 }

// Open returns the pack stored at path; it is read on first use.
func Open(path string) *Pack {
	return &Pack{path: path, used: map[Key]bool{}, touched: map[Key]bool{}, added: map[Key]span{}}
}

// OpenMapped is Open for a process that builds once: the pack is mapped into memory rather
// than read, so its values are the file's pages in the page cache — no copy on the heap, and
// no zeroed memory to fault in (reading them was most of a large warm build's system time).
// A mapping is never unmapped, as values handed out may live until the process ends; the file
// is only ever replaced by renaming another over it, which leaves the mapped one intact.
func OpenMapped(path string) *Pack {
	p := Open(path)
	p.mapped = true
	return p
}

func (p *Pack) load() {
	p.old = map[Key][]byte{}
	var data []byte
	var err error
	if p.mapped {
		data, err = mapFile(p.path)
	} else {
		data, err = os.ReadFile(p.path)
	}
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
	if sp, ok := p.added[key]; ok {
		return p.readAdded(sp)
	}
	v, ok := p.old[key]
	if ok {
		p.used[key] = true
	}
	return v, ok
}

// readAdded reads a value this build put back from the next pack file.
func (p *Pack) readAdded(sp span) ([]byte, bool) {
	if p.nextErr != nil {
		return nil, false
	}
	if err := p.nextW.Flush(); err != nil {
		p.nextErr = err
		return nil, false
	}
	v := make([]byte, sp.n)
	if _, err := p.next.ReadAt(v, sp.off); err != nil {
		return nil, false
	}
	return v, true
}

// Touch marks key as used by this build, if the pack has it, so Flush keeps it. It does not
// read the pack: a warm build that touches every block it would have rendered reads none.
func (p *Pack) Touch(key Key) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.touched[key] = true
}

// Put stores a value under key; it reaches the disk with Flush. The pack keeps no reference
// to v.
func (p *Pack) Put(key Key, v []byte) {
	p.once.Do(p.load)
	p.mu.Lock()
	defer p.mu.Unlock()
	if o, ok := p.old[key]; ok && bytes.Equal(o, v) {
		p.used[key] = true
		return
	}
	// A key names its value, but a value may also carry what it was checked against: the new
	// value replaces the old one.
	delete(p.used, key)
	if p.next == nil && p.nextErr == nil {
		p.nextErr = p.create()
	}
	if p.nextErr != nil {
		return
	}
	off, err := p.writeEntry(key, v)
	if err != nil {
		p.nextErr = err
		return
	}
	p.added[key] = span{off, int64(len(v))}
}

// create starts the next pack file beside the pack.
func (p *Pack) create() error {
	if err := os.MkdirAll(filepath.Dir(p.path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p.path), ".pack-*")
	if err != nil {
		return err
	}
	p.next, p.nextW = f, bufio.NewWriterSize(f, 1<<20)
	n, err := io.WriteString(p.nextW, magic)
	p.nextLen = int64(n)
	return err
}

// writeEntry appends key and v to the next pack file and returns where v starts.
func (p *Pack) writeEntry(key Key, v []byte) (int64, error) {
	var lenBuf [binary.MaxVarintLen64]byte
	l := lenBuf[:binary.PutUvarint(lenBuf[:], uint64(len(v)))]
	for _, b := range [][]byte{key[:], l} {
		if _, err := p.nextW.Write(b); err != nil {
			return 0, err
		}
	}
	off := p.nextLen + int64(len(key)+len(l))
	if _, err := p.nextW.Write(v); err != nil {
		return 0, err
	}
	p.nextLen = off + int64(len(v))
	return off, nil
}

// Flush writes the entries this build used or added, atomically, when that differs from what
// is on disk. It then starts a new round: the next build's unused entries will be dropped.
//
// A build that added nothing leaves the pack as it is, even if it used only part of it: the
// entries it did not use are dropped by the next build that adds something.
func (p *Pack) Flush() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.added) == 0 && p.next == nil {
		p.used, p.touched = map[Key]bool{}, map[Key]bool{}
		return nil
	}
	p.mu.Unlock()
	p.once.Do(p.load)
	p.mu.Lock()
	err := p.finish()
	p.discard()
	// The next round reads the pack as written, rather than keeping it in memory.
	p.old, p.used, p.touched, p.added = nil, map[Key]bool{}, map[Key]bool{}, map[Key]span{}
	p.once = sync.Once{}
	if err != nil {
		return fmt.Errorf("write cache %s: %w", p.path, err)
	}
	return nil
}

// finish completes the next pack file with the old entries this build used and renames it
// over the pack.
func (p *Pack) finish() error {
	if p.next == nil && p.nextErr == nil {
		p.nextErr = p.create()
	}
	if p.nextErr != nil {
		return p.nextErr
	}
	keep := map[Key]bool{}
	for _, set := range []map[Key]bool{p.used, p.touched} {
		for k := range set {
			if _, has := p.old[k]; has {
				if _, replaced := p.added[k]; !replaced {
					keep[k] = true
				}
			}
		}
	}
	keys := make([]Key, 0, len(keep))
	for k := range keep {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i][:], keys[j][:]) < 0 })
	for _, k := range keys {
		if _, err := p.writeEntry(k, p.old[k]); err != nil {
			return err
		}
	}
	if err := p.nextW.Flush(); err != nil {
		return err
	}
	if err := p.next.Close(); err != nil {
		return err
	}
	name := p.next.Name()
	p.next = nil
	return os.Rename(name, p.path)
}

// Discard drops what this build put, for a build that failed: the pack on disk stays as it was.
func (p *Pack) Discard() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.discard()
	p.used, p.touched, p.added = map[Key]bool{}, map[Key]bool{}, map[Key]span{}
}

func (p *Pack) discard() {
	if p.next != nil {
		p.next.Close()
		os.Remove(p.next.Name())
	}
	p.next, p.nextW, p.nextLen, p.nextErr = nil, nil, 0, nil
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
