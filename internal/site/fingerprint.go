package site

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"folio/internal/markdown"
)

// Fingerprint hashes everything a build of p with opts reads: the path and bytes of every file
// of the project, the options that change what is built, and the folio code itself (its build
// ID). A build depends on nothing else (no clock, no environment), so two builds with the same
// fingerprint make the same site: folio build uses it to see that an output is up to date
// without building anything. It also returns how many bytes it read.
//
// A project with a symbolic link to a directory has no fingerprint: the walk does not follow
// it, and what lies behind it could change unseen.
func Fingerprint(p Project, opts Options) (key [32]byte, size int64, err error) {
	s, err := ListSources(p)
	if err != nil {
		return [32]byte{}, 0, err
	}
	return s.Fingerprint(opts)
}

// Sources are the files of a project, listed but not read.
type Sources struct {
	trees []fs.FS
	files []*listedFile
	Size  int64 // their bytes, as the listing gives them
}

type listedFile struct {
	tree int // index in trees
	path string
}

// ListSources lists the files of p. A first build sizes its heap by the listing and
// fingerprints the files beside the build.
func ListSources(p Project) (*Sources, error) {
	s := &Sources{trees: []fs.FS{p.Content, p.Layouts, p.Assets}}
	for i, fsys := range s.trees {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			var info fs.FileInfo
			if d.Type()&fs.ModeSymlink != 0 {
				info, err = fs.Stat(fsys, name)
				if err == nil && info.IsDir() {
					return fmt.Errorf("%s: %w", name, errLinkedDir)
				}
			} else {
				info, err = d.Info()
			}
			if err != nil {
				return err
			}
			s.files = append(s.files, &listedFile{tree: i, path: name})
			s.Size += info.Size()
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("fingerprint: %w", err)
		}
	}
	return s, nil
}

// Fingerprint reads the files listed and hashes them as the package's Fingerprint does. The
// listing is left as it was: what it reads is its own.
func (s *Sources) Fingerprint(opts Options) (key [32]byte, size int64, err error) {
	type read struct {
		sum  [32]byte
		size int
		err  error
	}
	reads := make([]read, len(s.files))
	parallel(context.Background(), len(s.files), func(i int) {
		f := s.files[i]
		b, err := fs.ReadFile(s.trees[f.tree], f.path)
		reads[i] = read{sha256.Sum256(b), len(b), err}
	})
	h := sha256.New()
	writeString(h, "folio build")
	writeString(h, markdown.Version())
	writeString(h, opts.BaseURL)
	writeString(h, strconv.FormatBool(opts.Drafts))
	writeString(h, strconv.FormatBool(opts.PlainDiagrams))
	for i, f := range s.files {
		r := reads[i]
		if r.err != nil {
			return [32]byte{}, 0, fmt.Errorf("fingerprint: %w", r.err)
		}
		size += int64(r.size)
		writeString(h, strconv.Itoa(f.tree))
		writeString(h, f.path)
		h.Write(r.sum[:])
	}
	h.Sum(key[:0])
	return key, size, nil
}

var errLinkedDir = errors.New("a symbolic link to a directory")
