// Package asset bundles the files of assets/: every css/*.css in name order (plus generated CSS
// such as the code themes) into one stylesheet, each js/*.js as its own script, both with
// content-hashed names so browsers may cache them forever; static/ is copied as it is.
package asset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Bundle is the processed assets.
type Bundle struct {
	Files map[string][]byte // site path → bytes
	names map[string]string // logical name ("css/style.css") → site path with hash
}

// Build reads fsys (the assets directory). generatedCSS is appended to the stylesheet.
func Build(fsys fs.FS, generatedCSS string) (*Bundle, error) {
	b := &Bundle{Files: map[string][]byte{}, names: map[string]string{}}

	cssFiles, err := fs.Glob(fsys, "css/*.css")
	if err != nil {
		return nil, err
	}
	sort.Strings(cssFiles)
	var css bytes.Buffer
	for _, f := range cssFiles {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("assets/%s: %w", f, err)
		}
		fmt.Fprintf(&css, "/* %s */\n", f)
		css.Write(data)
		css.WriteByte('\n')
		if f == "css/00-base.css" {
			// Code themes come right after the base so later files may refine them.
			css.WriteString(generatedCSS)
			css.WriteByte('\n')
		}
	}
	if len(cssFiles) == 0 || cssFiles[0] != "css/00-base.css" {
		css.WriteString(generatedCSS)
	}
	b.add("css/style.css", css.Bytes())

	jsFiles, err := fs.Glob(fsys, "js/*.js")
	if err != nil {
		return nil, err
	}
	for _, f := range jsFiles {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("assets/%s: %w", f, err)
		}
		b.add(f, data)
	}

	err = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("assets/%s: %w", p, err)
		}
		b.Files[strings.TrimPrefix(p, "static/")] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

func (b *Bundle) add(name string, data []byte) {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	b.Files[hashed] = data
	b.names[name] = hashed
}

// Path returns the hashed site path of a logical asset name, or "" if there is none.
func (b *Bundle) Path(name string) string { return b.names[name] }

// Scripts lists the hashed paths of every script, in name order.
func (b *Bundle) Scripts() []string {
	var out []string
	for name, p := range b.names {
		if strings.HasPrefix(name, "js/") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
