package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
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

// MarshalBinary encodes the snapshot, to be kept between builds.
func (s *Snapshot) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(snapshotGob{s.Taken, s.Entries})
	return b.Bytes(), err
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (s *Snapshot) UnmarshalBinary(b []byte) error {
	var g snapshotGob
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&g); err != nil {
		return err
	}
	s.Taken, s.Entries = g.Taken, g.Entries
	return nil
}

type snapshotGob struct {
	Taken   int64
	Entries []Entry
}
