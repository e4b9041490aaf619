package markdown

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"folio/internal/store"
)

// The on-disk block cache. A rendered block is stored in a pack (internal/store) by a hash of its key: the
// fence (info string, position, body), the page language, the converter's settings that reach
// the HTML (base path, repository link, UI strings, diagram mode) and the version of folio's
// renderers — the Go build ID of the running executable, which changes whenever any code that
// went into it changes. The entry records a hash of every file the block read (an included
// sample, a chart's CSV); it is used only while each file still has those bytes. So an entry is
// never stale, and the directory is safe to delete at any time: a missing or unreadable entry
// is a miss.

// cacheMagic starts every entry; bump it when the entry format changes.
const cacheMagic = "folio block cache 1\n"

// NewDiskCache returns a block cache that also keeps its entries under dir, so that the next
// build — another process — reuses them. The directory is created on the first write. open
// is store.Open, or store.OpenMapped for a process that builds once: a build that converts a
// few pages then touches only their blocks' pages of the pack, where reading it put all of it
// on the heap (200 MB at 10,000 pages).
func NewDiskCache(dir string, open func(path string) *store.Pack) *Cache {
	c := NewCache()
	c.disk = &diskStore{pack: open(filepath.Join(dir, "blocks.pack")), version: rendererVersion()}
	return c
}

// DefaultCacheDir is where builds keep their cache unless told otherwise: folio/ in the user's
// cache directory ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS).
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find user cache directory: %w", err)
	}
	return filepath.Join(d, "folio"), nil
}

type diskStore struct {
	pack    *store.Pack
	version string
}

// key mixes the renderer version into a block's key, so a new folio never reads an old entry.
func (d *diskStore) key(key [32]byte) store.Key {
	h := sha256.New()
	io.WriteString(h, d.version)
	h.Write(key[:])
	var k store.Key
	h.Sum(k[:0])
	return k
}

// load reads an entry; any problem reading or parsing it is a miss.
func (d *diskStore) load(key [32]byte) (cacheEntry, bool) {
	data, ok := d.pack.Get(d.key(key))
	if !ok {
		return cacheEntry{}, false
	}
	e, err := decodeEntry(data)
	return e, err == nil
}

// store adds an entry to the pack; it reaches the disk when the build flushes the cache.
func (d *diskStore) store(key [32]byte, e cacheEntry) {
	if data, ok := encodeEntry(e); ok {
		d.pack.Put(d.key(key), data)
	}
}

// Flush writes the on-disk cache: the entries this build used or added. A memory-only cache
// has nothing to write.
func (c *Cache) Flush() error {
	if c == nil || c.disk == nil {
		return nil
	}
	return c.disk.pack.Flush()
}

// Discard drops what a failed build put in the on-disk cache.
func (c *Cache) Discard() {
	if c != nil && c.disk != nil {
		c.disk.pack.Discard()
	}
}

// encodeEntry writes the magic line, the kind, the number of dependencies, one "sum name" line
// per dependency, then the HTML.
func encodeEntry(e cacheEntry) ([]byte, bool) {
	var b bytes.Buffer
	b.WriteString(cacheMagic)
	b.WriteString(e.r.kind + "\n")
	b.WriteString(strconv.Itoa(len(e.deps)) + "\n")
	names := make([]string, 0, len(e.deps))
	for name := range e.deps {
		if strings.ContainsAny(name, "\n") {
			return nil, false
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		sum := e.deps[name]
		b.WriteString(hex.EncodeToString(sum[:]) + " " + name + "\n")
	}
	b.Write(e.r.html)
	return b.Bytes(), true
}

func decodeEntry(data []byte) (cacheEntry, error) {
	r := bufio.NewReader(bytes.NewReader(data))
	line := func() (string, error) {
		s, err := r.ReadString('\n')
		return strings.TrimSuffix(s, "\n"), err
	}
	magic, err := line()
	if err != nil || magic+"\n" != cacheMagic {
		return cacheEntry{}, fmt.Errorf("not a cache entry")
	}
	kind, err := line()
	if err != nil {
		return cacheEntry{}, err
	}
	ns, err := line()
	if err != nil {
		return cacheEntry{}, err
	}
	n, err := strconv.Atoi(ns)
	if err != nil || n < 0 || n > 1<<16 {
		return cacheEntry{}, fmt.Errorf("bad dependency count %q", ns)
	}
	e := cacheEntry{deps: make(map[string][32]byte, n)}
	var deps []string
	for range n {
		s, err := line()
		if err != nil {
			return cacheEntry{}, err
		}
		sumHex, name, ok := strings.Cut(s, " ")
		var sum [32]byte
		if b, err := hex.DecodeString(sumHex); !ok || err != nil || len(b) != len(sum) {
			return cacheEntry{}, fmt.Errorf("bad dependency line %q", s)
		}
		hex.Decode(sum[:], []byte(sumHex))
		e.deps[name] = sum
		deps = append(deps, name)
	}
	html, err := io.ReadAll(r)
	if err != nil {
		return cacheEntry{}, err
	}
	e.r = &rendered{kind: kind, html: html, deps: deps}
	return e, nil
}

var (
	versionOnce sync.Once
	version     string
)

// Version identifies the running folio code, for caches of anything it renders: an entry made
// by another build of folio is never used.
func Version() string { return rendererVersion() }

// rendererVersion identifies the code that renders blocks: the Go build ID of the running
// executable (go build, go run and go test all set one), else a hash of the whole executable.
// If neither can be read, it is random, and the disk cache never hits rather than risk a stale
// entry.
func rendererVersion() string {
	versionOnce.Do(func() {
		version = executableVersion()
		if version == "" {
			version = "random:" + rand.Text()
		}
	})
	return version
}

func executableVersion() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	// ELF (Linux) keeps the build ID in a note section; other formats in a marked string near
	// the start of the text. Hashing the whole executable instead costs a tenth of a warm build.
	if ef, err := elf.NewFile(f); err == nil {
		if id := elfBuildID(ef); id != "" {
			return "buildid:" + id
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	const marker = "\xff Go build ID: \""
	if i := bytes.Index(head, []byte(marker)); i >= 0 {
		rest := head[i+len(marker):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return "buildid:" + string(rest[:j])
		}
	}
	h := sha256.New()
	h.Write(head)
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// elfBuildID reads the Go build ID from the note the Go linker writes: name "Go", type 4.
func elfBuildID(f *elf.File) string {
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	bo := f.ByteOrder
	nameSize, descSize, typ := bo.Uint32(note), bo.Uint32(note[4:]), bo.Uint32(note[8:])
	if nameSize != 4 || typ != 4 || string(note[12:16]) != "Go\x00\x00" || uint64(len(note)) < 16+uint64(descSize) {
		return ""
	}
	return string(note[16 : 16+descSize])
}

// writeSettings adds to a block's key the converter settings that reach its HTML.
func (c *Converter) writeSettings(h hash.Hash) {
	sum := c.settings()
	h.Write(sum[:])
}

// settingsDigest hashes the options once per Converter: URLs are functions, and calling them
// and sorting the strings for every block cost a tenth of a warm build.
func (c *Converter) settingsDigest() [32]byte {
	h := sha256.New()
	o := c.opts
	if o.DataURL != nil {
		io.WriteString(h, o.DataURL("\x00"))
	}
	h.Write([]byte{0})
	if o.CodeURL != nil {
		io.WriteString(h, o.CodeURL("\x00"))
	}
	h.Write([]byte{0})
	keys := make([]string, 0, len(o.Strings))
	for k := range o.Strings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "%q=%q;", k, o.Strings[k])
	}
	h.Write([]byte{0})
	fmt.Fprintf(h, "%q %t", o.ClientFallback, o.PlainDiagrams)
	h.Write([]byte{0})
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}
