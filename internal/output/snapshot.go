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

// Snapshot records what a directory held, without its bytes: the path, type, size, times and
// inode of every entry. A build that finds its output as its last snapshot left it knows the
// output holds the last build's files without reading them, as make and git know a file is
// unchanged from its times.
//
// Times alone miss a change made within one tick of the file system's clock after the
// snapshot, which leaves them as they were. An entry changed that close to the snapshot (git's
// "racily clean" entry) has its bytes' hash recorded as well, and Same reads it again.
type Snapshot struct {
	Taken   int64 // Unix nanoseconds at the start of the walk
	Entries []Entry
}

// Entry is one file, directory or link of a Snapshot.
type Entry struct {
	Path   string // slash-separated, relative to the directory
	Mode   fs.FileMode
	Size   int64
	MTime  int64  // Unix nanoseconds
	CTime  int64  // of the last change to the inode, which no program can set back; 0 where unknown
	Ino    uint64 // 0 where unknown
	Racy   bool   // changed within racyWindow of Taken: Sum holds the hash of the bytes
	Sum    [32]byte
	Target string // of a symbolic link
}

// racyWindow is as wide as the coarsest tick of the clock Linux stamps files with (10 ms), so
// an entry whose times are older than Taken by more than it cannot change again unseen.
const racyWindow = 10 * time.Millisecond

// Snap records dir.
func Snap(dir string) (*Snapshot, error) { return snap(dir, time.Now().UnixNano()) }

func snap(dir string, taken int64) (*Snapshot, error) {
	s := &Snapshot{Taken: taken}
	err := walk(dir, func(e Entry, name string) error {
		if e.Mode.IsRegular() && max(e.MTime, e.CTime) > s.Taken-int64(racyWindow) {
			b, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			e.Racy, e.Sum = true, sha256.Sum256(b)
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
	err := walk(dir, func(e Entry, name string) error {
		if i >= len(s.Entries) {
			return errDiffers
		}
		want := s.Entries[i]
		i++
		racy, sum := want.Racy, want.Sum
		want.Racy, want.Sum = false, [32]byte{}
		if e != want {
			return errDiffers
		}
		if racy {
			b, err := os.ReadFile(name)
			if err != nil || sha256.Sum256(b) != sum {
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
func walk(dir string, f func(e Entry, name string) error) error {
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
		e := Entry{Path: filepath.ToSlash(rel), Mode: info.Mode(), MTime: info.ModTime().UnixNano()}
		e.CTime, e.Ino = inodeOf(info)
		if !info.IsDir() {
			e.Size = info.Size() // a directory's size says nothing of its entries
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if e.Target, err = os.Readlink(name); err != nil {
				return err
			}
		}
		return f(e, name)
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
