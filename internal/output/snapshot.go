package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Snapshot records what a directory held, without reading it: the path, type, size, times and
// inode of every entry. A build that finds its output as its last snapshot left it knows the
// output holds the last build's files without reading them, as make and git know a file is
// unchanged from its times.
//
// Times alone miss a change made within one tick of the file system's clock after the
// snapshot, which leaves them as they were. An entry changed that close to the snapshot (git's
// "racily clean" entry) has its bytes' hash recorded as well, and Same reads it again.
//
// A snapshot a Stage takes also holds the hash of every file it wrote or found holding its
// bytes, and a Stage that trusts it (Stage.Trust) knows a file still as the snapshot saw it
// by its times, without reading it.
type Snapshot struct {
	Taken   int64 // Unix nanoseconds at the start of the walk
	Entries []Entry
}

// Entry is one file, directory or link of a Snapshot.
type Entry struct {
	Stat
	Racy   bool // changed within racyWindow of Taken: its times do not vouch for it
	Hashed bool // Sum is the hash of the file's bytes
	Sum    [32]byte
}

// Stat is what the file system says of an entry, and changes whenever the entry does.
type Stat struct {
	Path   string // slash-separated, relative to the directory
	Mode   fs.FileMode
	Size   int64
	MTime  int64  // Unix nanoseconds
	CTime  int64  // of the last change to the inode, which no program can set back; 0 where unknown
	Ino    uint64 // 0 where unknown
	Target string // of a symbolic link
}

func statOf(rel string, info fs.FileInfo) Stat {
	st := Stat{Path: rel, Mode: info.Mode(), MTime: info.ModTime().UnixNano()}
	if !info.IsDir() {
		st.Size = info.Size() // a directory's size says nothing of its entries
	}
	st.CTime, st.Ino = inodeOf(info)
	return st
}

// racyWindow is as wide as the coarsest tick of the clock Linux stamps files with (10 ms), so
// an entry whose times are older than Taken by more than it cannot change again unseen.
const racyWindow = 10 * time.Millisecond

// Snap records dir.
func Snap(dir string) (*Snapshot, error) { return snap(dir, time.Now().UnixNano(), nil) }

// snap records dir at taken, with the hashes known of files whose stat is still the one known.
func snap(dir string, taken int64, known map[string]fileState) (*Snapshot, error) {
	s := &Snapshot{Taken: taken}
	err := walk(dir, func(st Stat, name string) error {
		e := Entry{Stat: st}
		switch {
		case !st.Mode.IsRegular():
		case max(st.MTime, st.CTime) > s.Taken-int64(racyWindow):
			e.Racy, e.Hashed = true, true
			if k, ok := known[st.Path]; ok && k.stat == st {
				e.Sum = k.sum // the bytes written: a change since shows when Same reads them
				break
			}
			b, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			e.Sum = sha256.Sum256(b)
		default:
			if k, ok := known[st.Path]; ok && k.stat == st {
				e.Hashed, e.Sum = true, k.sum
			}
		}
		s.Entries = append(s.Entries, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", dir, err)
	}
	return s, nil
}

// Same reports whether dir holds exactly what the snapshot recorded: the same entries, none of
// them changed since.
func (s *Snapshot) Same(dir string) bool {
	i := 0
	err := walk(dir, func(st Stat, name string) error {
		if i >= len(s.Entries) {
			return errDiffers
		}
		want := s.Entries[i]
		i++
		if st != want.Stat {
			return errDiffers
		}
		if want.Racy {
			b, err := os.ReadFile(name)
			if err != nil || sha256.Sum256(b) != want.Sum {
				return errDiffers
			}
		}
		return nil
	})
	return err == nil && i == len(s.Entries)
}

var errDiffers = errors.New("differs")

// walk calls f for every entry under dir, in lexical order, with its name on disk. It does not
// follow symbolic links.
func walk(dir string, f func(st Stat, name string) error) error {
	return filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st := statOf(filepath.ToSlash(rel), info)
		if info.Mode()&fs.ModeSymlink != 0 {
			if st.Target, err = os.Readlink(name); err != nil {
				return err
			}
		}
		return f(st, name)
	})
}

// snapshotMagic starts an encoded snapshot. Snapshots were gob before; see folio's record.
const snapshotMagic = "folio snapshot 1\n"

// MarshalBinary encodes the snapshot, to be kept between builds.
func (s *Snapshot) MarshalBinary() ([]byte, error) {
	b := append(make([]byte, 0, len(snapshotMagic)+16+len(s.Entries)*80), snapshotMagic...)
	b = binary.AppendVarint(b, s.Taken)
	b = binary.AppendUvarint(b, uint64(len(s.Entries)))
	for _, e := range s.Entries {
		b = appendString(b, e.Path)
		b = binary.AppendUvarint(b, uint64(e.Mode))
		for _, n := range []int64{e.Size, e.MTime, e.CTime} {
			b = binary.AppendVarint(b, n)
		}
		b = binary.AppendUvarint(b, e.Ino)
		b = appendString(b, e.Target)
		var flags byte
		if e.Racy {
			flags |= 1
		}
		if e.Hashed {
			flags |= 2
		}
		b = append(b, flags)
		b = append(b, e.Sum[:]...)
	}
	return b, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (s *Snapshot) UnmarshalBinary(b []byte) error {
	if !bytes.HasPrefix(b, []byte(snapshotMagic)) {
		return errors.New("not a folio snapshot")
	}
	d := decoder{b: b[len(snapshotMagic):]}
	taken := d.varint()
	n := d.uvarint()
	if n > uint64(len(d.b)) { // each entry takes a byte at least
		return errors.New("snapshot cut short")
	}
	entries := make([]Entry, 0, n)
	for range n {
		var e Entry
		e.Path = d.string()
		e.Mode = fs.FileMode(d.uvarint())
		e.Size, e.MTime, e.CTime = d.varint(), d.varint(), d.varint()
		e.Ino = d.uvarint()
		e.Target = d.string()
		flags := d.bytes(1)
		copy(e.Sum[:], d.bytes(len(e.Sum)))
		if d.err != nil {
			return d.err
		}
		e.Racy, e.Hashed = flags[0]&1 != 0, flags[0]&2 != 0
		entries = append(entries, e)
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errors.New("snapshot: bytes after its end")
	}
	if d.err != nil {
		return d.err
	}
	s.Taken, s.Entries = taken, entries
	return nil
}

// decoder reads what MarshalBinary appended; the first error sticks, and reads after it
// return zero values.
type decoder struct {
	b   []byte
	err error
}

var errCutShort = errors.New("snapshot cut short")

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCutShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCutShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n > len(d.b) {
		d.err = errCutShort
		return make([]byte, n)
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = errCutShort
		return ""
	}
	return string(d.bytes(int(n)))
}
