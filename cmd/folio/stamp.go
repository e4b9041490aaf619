package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"folio/internal/config"
)

// stampCmd records in translated chapters which version of their original they translate:
// source_hash in the front matter, the hash check compares to tell stale translations.
type stampCmd struct {
	stdout, stderr io.Writer
	source         string
	all            bool
	dryRun         bool
}

func (c *stampCmd) Run(ctx context.Context, args []string) int {
	fs := newFlagSet("stamp", "Records in each named translation (e.g. en/03-competency.md) the hash of its original in the\n"+
		"default language, as source_hash in its front matter. Run it once a translation is up to date;\n"+
		"check then warns when the original changes again. The rest of the file is kept byte for byte.\n\n"+
		"Usage: folio stamp [flags] FILE... | --all", c.stderr)
	fs.StringVar(&c.source, "source", ".", "project `dir`ectory holding content/")
	fs.BoolVar(&c.all, "all", false, "stamp every translated chapter")
	fs.BoolVar(&c.dryRun, "n", false, "print what would change, change nothing")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if c.all == (fs.NArg() > 0) {
		fmt.Fprintln(c.stderr, "folio stamp: name the translations to stamp (en/03-competency.md) or pass --all, not both")
		return 2
	}
	dir := filepath.Join(c.source, "content")
	cfg, ds := config.Load(os.DirFS(dir))
	if ds.Err() != nil {
		printDiags(c.stderr, ds)
		return 1
	}
	files := fs.Args()
	if c.all {
		var err error
		if files, err = translations(dir, cfg); err != nil {
			fmt.Fprintf(c.stderr, "folio stamp: %v\n", err)
			return 1
		}
	}
	failed := false
	for _, f := range files {
		msg, err := c.stamp(dir, cfg, f)
		if err != nil {
			fmt.Fprintf(c.stderr, "folio stamp: %v\n", err)
			failed = true
			continue
		}
		fmt.Fprintln(c.stdout, msg)
	}
	if failed {
		return 1
	}
	return 0
}

var translationFile = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^/]+/\d+-[a-z0-9]+(?:-[a-z0-9]+)*\.md$`) })

// translations lists the chapters of every language but the default that have an original.
func translations(dir string, cfg *config.Config) ([]string, error) {
	var out []string
	for _, lang := range cfg.Languages[1:] {
		names, err := filepath.Glob(filepath.Join(dir, lang, "*.md"))
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			rel := lang + "/" + filepath.Base(n)
			if !translationFile().MatchString(rel) {
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, cfg.DefaultLang(), filepath.Base(n))); err == nil {
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// stamp writes the source_hash of one translation and says what it did.
func (c *stampCmd) stamp(dir string, cfg *config.Config, file string) (string, error) {
	rel := path.Clean(filepath.ToSlash(file))
	rel = strings.TrimPrefix(rel, "content/")
	lang, name, _ := strings.Cut(rel, "/")
	switch {
	case !translationFile().MatchString(rel):
		return "", fmt.Errorf("%s: not a chapter file inside content/ like en/03-competency.md", file)
	case lang == cfg.DefaultLang():
		return "", fmt.Errorf("%s: an original, not a translation (%s is the default language)", file, lang)
	case !contains(cfg.Languages, lang):
		return "", fmt.Errorf("%s: %q is not a language of content/site.yaml", file, lang)
	}
	orig := cfg.DefaultLang() + "/" + name
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(orig)))
	if err != nil {
		return "", fmt.Errorf("%s: read its original: %w", rel, err)
	}
	target := filepath.Join(dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(target)
	if err != nil {
		return "", fmt.Errorf("%s: %w", rel, err)
	}
	hash := shortHash(src)
	out, old, err := setSourceHash(data, hash)
	if err != nil {
		return "", fmt.Errorf("content/%s: %w", rel, err)
	}
	if old == hash {
		return fmt.Sprintf("%s: up to date (source_hash %s)", rel, hash), nil
	}
	was := old
	if was == "" {
		was = "none"
	}
	if c.dryRun {
		return fmt.Sprintf("%s: would stamp source_hash %s (was %s)", rel, hash, was), nil
	}
	if err := writeAtomic(target, out); err != nil {
		return "", fmt.Errorf("%s: %w", rel, err)
	}
	return fmt.Sprintf("%s: stamped source_hash %s (was %s)", rel, hash, was), nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// shortHash is content.Page.ShortHash of a file's bytes: the first 12 hex digits of their
// SHA-256. Hashing the bytes directly lets stamp work on a site that does not build yet.
func shortHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:12]
}

var sourceHashLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^source_hash:[ \t]*["']?([^"'\s#]*)["']?[ \t]*(?:#.*)?$`)
})

// setSourceHash sets source_hash in the front matter of a Markdown file and returns the file,
// the previous value ("" when there was none) and an error when there is no front matter.
// Only that one line changes: it is rewritten in place, or added before the closing "---",
// with the file's own line ending.
func setSourceHash(data []byte, hash string) ([]byte, string, error) {
	rest := bytes.TrimPrefix(data, []byte("\ufeff"))
	offset := len(data) - len(rest)
	eol := "\n"
	if i := bytes.IndexByte(rest, '\n'); i > 0 && rest[i-1] == '\r' {
		eol = "\r\n"
	}
	if !bytes.HasPrefix(rest, []byte("---"+eol)) {
		return nil, "", errors.New("no front matter: the file must start with a line \"---\"")
	}
	pos := offset + len("---"+eol)
	for pos < len(data) {
		end := bytes.IndexByte(data[pos:], '\n')
		next := len(data)
		if end >= 0 {
			next = pos + end + 1
		}
		line := strings.TrimRight(string(data[pos:next]), "\r\n")
		if line == "---" {
			add := "source_hash: " + hash + eol
			return concat(data[:pos], []byte(add), data[pos:]), "", nil
		}
		if m := sourceHashLine().FindStringSubmatch(line); m != nil {
			lineEnd := data[pos+len(line) : next]
			return concat(data[:pos], []byte("source_hash: "+hash), lineEnd, data[next:]), m[1], nil
		}
		pos = next
	}
	return nil, "", errors.New("front matter is not closed: add a line \"---\" after the last key")
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// writeAtomic replaces a file through a temporary file in its directory, keeping its mode,
// so an interrupted stamp never leaves half a chapter.
func writeAtomic(name string, data []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".stamp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
