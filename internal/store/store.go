// Package store keeps content-addressed bytes on disk between builds in one pack file, so a
// cache costs one read when a build starts and one file written while it runs — not a file
// system call per entry, which on a cold build of thousands of blocks cost more than the
// rendering it saved.
//
// A pack is: the line "folio pack 2", then batches of entries, each entry a 32-byte key, a
// uvarint length and that many bytes. A batch ends with an entry under the reserved key
// batchEnd. The first batch is the file as written whole (beside it, then renamed into place);
// each later one was appended by a build that added a little to a pack it mostly used, and its
// end holds the SHA-256 of the batch, so that an append cut short or garbled is dropped with
// everything after it, never read as values. A later entry replaces an earlier one of its key.
//
// Keys are hashes of everything that determines the value, so an entry can never be stale; a
// pack that cannot be read is an empty one, and deleting it is always safe. Flush keeps only
// the entries this build used or added: it rewrites the pack without the others once they are
// a quarter of it, so the pack never outgrows the site by much.
package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

const magic = "folio pack 2\n"

// batchEnd is the key that ends a batch; no hash names it.
var batchEnd = Key{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// Flush appends rather than rewrites while the entries no build uses are at most a quarter of
// the pack, and what it appends is at most maxAppend (it is read back into memory to be
// written at once).
const (
	maxGarbage = 4 // the pack over its unused entries
	maxAppend  = 64 << 20
)

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
	loaded  os.FileInfo    // the file old was read from, to append to while it is still the same
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
	p.old, p.loaded = map[Key][]byte{}, nil
	st, err := os.Stat(p.path)
	if err != nil {
		return
	}
	var data []byte
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
	if int64(len(data)) == st.Size() {
		p.loaded = st
	}
}

// entrySize is what an entry of v takes in a pack.
func entrySize(v []byte) int64 {
	var b [binary.MaxVarintLen64]byte
	return int64(len(Key{}) + binary.PutUvarint(b[:], uint64(len(v))) + len(v))
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
	// 64 KB, not 1 MB: a first build of the report fills six packs, and six 1 MB buffers took
	// its heap past the goal of its second collection (40 alternating first builds each: 103.7 →
	// 94.4 ms). Cold N = 1,000 builds wrote their 82 MB of cache as fast (974 vs 975 ms).
	p.next, p.nextW = f, bufio.NewWriterSize(f, 64<<10)
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
	if err := p.appendAdded(keep); err != errRewrite {
		return err
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
	if _, err := p.writeEntry(batchEnd, nil); err != nil {
		return err
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

var errRewrite = errors.New("rewrite the pack")

// appendAdded appends what this build put to the pack as one batch, when the pack on disk is
// still the one loaded and the entries it would keep are most of it: a build that changed a
// page then writes that page's entries, where rewriting the pack wrote every page's again. It
// returns errRewrite when the pack is to be rewritten instead.
func (p *Pack) appendAdded(keep map[Key]bool) error {
	added := p.nextLen - int64(len(magic))
	if p.loaded == nil || added > maxAppend {
		return errRewrite
	}
	kept := int64(0)
	for k := range keep {
		kept += entrySize(p.old[k])
	}
	size := p.loaded.Size()
	if (size-kept)*maxGarbage > size {
		return errRewrite
	}
	if st, err := os.Stat(p.path); err != nil || !os.SameFile(st, p.loaded) || st.Size() != size || !st.ModTime().Equal(p.loaded.ModTime()) {
		return errRewrite // another build wrote it meanwhile
	}
	if err := p.nextW.Flush(); err != nil {
		return err
	}
	batch := make([]byte, added, int(added)+len(Key{})+1+sha256.Size)
	if _, err := p.next.ReadAt(batch, int64(len(magic))); err != nil {
		return err
	}
	sum := sha256.Sum256(batch)
	batch = append(batch, batchEnd[:]...)
	batch = binary.AppendUvarint(batch, sha256.Size)
	batch = append(batch, sum[:]...)
	f, err := os.OpenFile(p.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	// One write: another build appending at the same time cannot come between its bytes.
	_, err = f.Write(batch)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
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

// decode reads a pack's entries. A first batch cut short makes the pack unreadable; a later
// one cut short or whose hash does not match is dropped with the rest of the file.
func decode(data []byte) (map[Key][]byte, error) {
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, errors.New("not a folio pack")
	}
	data = data[len(magic):]
	m := map[Key][]byte{}
	type entry struct {
		k Key
		v []byte
	}
	var batch []entry
	start, first := data, true // where the batch begins; whether it is the file as written whole
	for len(data) > 0 {
		if len(data) < len(Key{}) {
			break
		}
		var k Key
		copy(k[:], data)
		n, w := binary.Uvarint(data[len(k):])
		if w <= 0 || n > uint64(len(data)-len(k)-w) {
			break
		}
		v := data[len(k)+w:][:n:n]
		if k != batchEnd {
			if first {
				m[k] = v // the bulk of a pack: it is whole, or unreadable as a whole
			} else {
				batch = append(batch, entry{k, v})
			}
			data = data[len(k)+w+int(n):]
			continue
		}
		if !first && (len(v) != sha256.Size || sha256.Sum256(start[:len(start)-len(data)]) != [sha256.Size]byte(v)) {
			break
		}
		for _, e := range batch {
			m[e.k] = e.v
		}
		batch, first = batch[:0], false
		data = data[len(k)+w+int(n):]
		start = data
	}
	if first {
		return nil, errors.New("truncated pack")
	}
	return m, nil
}
