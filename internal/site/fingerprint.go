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
	type file struct {
		tree int
		path string
		sum  [32]byte
		size int
		err  error
	}
	trees := []fs.FS{p.Content, p.Layouts, p.Assets}
	var files []*file
	for i, fsys := range trees {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case d.IsDir():
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				st, err := fs.Stat(fsys, name)
				if err != nil {
					return err
				}
				if st.IsDir() {
					return fmt.Errorf("%s: %w", name, errLinkedDir)
				}
			}
			files = append(files, &file{tree: i, path: name})
			return nil
		})
		if err != nil {
			return [32]byte{}, 0, fmt.Errorf("fingerprint: %w", err)
		}
	}
	parallel(context.Background(), len(files), func(i int) {
		f := files[i]
		b, err := fs.ReadFile(trees[f.tree], f.path)
		f.sum, f.size, f.err = sha256.Sum256(b), len(b), err
	})
	h := sha256.New()
	writeString(h, "folio build")
	writeString(h, markdown.Version())
	writeString(h, opts.BaseURL)
	writeString(h, strconv.FormatBool(opts.Drafts))
	writeString(h, strconv.FormatBool(opts.PlainDiagrams))
	for _, f := range files {
		if f.err != nil {
			return [32]byte{}, 0, fmt.Errorf("fingerprint: %w", f.err)
		}
		size += int64(f.size)
		writeString(h, strconv.Itoa(f.tree))
		writeString(h, f.path)
		h.Write(f.sum[:])
	}
	h.Sum(key[:0])
	return key, size, nil
}

var errLinkedDir = errors.New("a symbolic link to a directory")
