package store

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func key(s string) Key { return sha256.Sum256([]byte(s)) }

func TestRoundTripAndPrune(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "blocks.pack")
	p := Open(path)
	if _, ok := p.Get(key("a")); ok {
		t.Fatal("empty pack has a")
	}
	p.Put(key("a"), []byte("A"))
	p.Put(key("b"), []byte(""))
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}

	// A new process reads what the first wrote; what it does not use is dropped at Flush.
	q := Open(path)
	if v, ok := q.Get(key("a")); !ok || string(v) != "A" {
		t.Fatalf("Get(a) = %q, %v; want A, true", v, ok)
	}
	q.Put(key("c"), []byte("C"))
	if err := q.Flush(); err != nil {
		t.Fatal(err)
	}
	r := Open(path)
	if _, ok := r.Get(key("b")); ok {
		t.Error("b survived a build that did not use it")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := r.Get(key(k)); !ok {
			t.Errorf("%s lost", k)
		}
	}
}

func TestFlushWithoutChangesWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p")
	p := Open(path)
	p.Put(key("a"), []byte("A"))
	p.Flush()
	before, _ := os.Stat(path)
	q := Open(path)
	q.Get(key("a"))
	if err := q.Flush(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("an unchanged pack was rewritten")
	}
}

func TestDamagedPackIsEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p")
	for _, data := range [][]byte{[]byte("junk"), []byte(magic + "short"), append([]byte(magic), bytes.Repeat([]byte{1}, 32)...)} {
		os.WriteFile(path, data, 0o644)
		if n := Open(path).Len(); n != 0 {
			t.Errorf("pack %q has %d entries; want 0", data, n)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(magic))
	f.Add(append([]byte(magic), make([]byte, 33)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decode(data)
		if err == nil && m == nil {
			t.Fatal("nil map without error")
		}
	})
}

// TestPutReplaces: a value put under a stored key replaces it (the site memo keys a page's
// conversion by its Markdown; the value carries the hashes of the files it read), and Touch
// keeps an entry without reading it.
func TestPutReplacesAndTouchKeeps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p")
	p := Open(path)
	p.Put(key("a"), []byte("old"))
	p.Put(key("b"), []byte("B"))
	p.Put(key("c"), []byte("C"))
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	q := Open(path)
	q.Put(key("a"), []byte("new"))
	q.Touch(key("b"))
	q.Touch(key("missing"))
	if err := q.Flush(); err != nil {
		t.Fatal(err)
	}
	r := Open(path)
	for k, want := range map[string]string{"a": "new", "b": "B", "c": "", "missing": ""} {
		got, ok := r.Get(key(k))
		if string(got) != want || ok != (want != "") {
			t.Errorf("after Put, Touch and Flush: %s = %q, %v; want %q", k, got, ok, want)
		}
	}
}

// TestPutStreamsToDisk: a value put is read back before Flush (from the file being written),
// Discard leaves the pack as it was, and neither leaves a temporary file behind.
func TestPutStreamsToDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p")
	p := Open(path)
	p.Put(key("kept"), []byte("K"))
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		flush bool
		want  map[string]string // after the round; "" means absent
	}{
		{"flushed", true, map[string]string{"kept": "K", "a": "A", "big": strings.Repeat("x", 3<<20)}},
		{"discarded", false, map[string]string{"kept": "K", "a": "", "big": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Open(path)
			q.Get(key("kept"))
			q.Put(key("a"), []byte("A"))
			q.Put(key("big"), []byte(strings.Repeat("x", 3<<20)))
			if v, ok := q.Get(key("a")); !ok || string(v) != "A" {
				t.Errorf("Get after Put = %q, %v; want \"A\"", v, ok)
			}
			if v, _ := q.Get(key("big")); len(v) != 3<<20 {
				t.Errorf("Get after Put of 3 MB = %d bytes", len(v))
			}
			if tt.flush {
				if err := q.Flush(); err != nil {
					t.Fatal(err)
				}
			} else {
				q.Discard()
			}
			r := Open(path)
			for k, want := range tt.want {
				if got, _ := r.Get(key(k)); string(got) != want {
					t.Errorf("%s = %.20q (%d bytes); want %.20q", k, got, len(got), want)
				}
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 1 {
				t.Errorf("cache dir holds %v; want only the pack", ents)
			}
			// Reset to the first state for the next case.
			os.Remove(path)
			s := Open(path)
			s.Put(key("kept"), []byte("K"))
			if err := s.Flush(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestFlushWithoutAddsKeepsEverything: a build that put nothing (a warm build) leaves the pack
// whole, and Touch reads nothing; the next build that adds prunes what neither touched nor got.
func TestFlushWithoutAddsKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p")
	p := Open(path)
	for _, k := range []string{"a", "b", "c"} {
		p.Put(key(k), []byte(k))
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	q := Open(path)
	q.Touch(key("a"))
	if q.old != nil {
		t.Error("Touch read the pack")
	}
	if err := q.Flush(); err != nil {
		t.Fatal(err)
	}
	r := Open(path)
	r.Touch(key("a"))
	r.Get(key("b"))
	r.Put(key("d"), []byte("d"))
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	s := Open(path)
	for k, want := range map[string]bool{"a": true, "b": true, "c": false, "d": true} {
		if _, ok := s.Get(key(k)); ok != want {
			t.Errorf("%s kept = %v; want %v", k, ok, want)
		}
	}
}

// TestMappedPack reads a pack by mapping it, and checks that values it handed out stay intact
// when a flush replaces the file under them.
func TestMappedPack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pages.pack")
	p := Open(path)
	p.Put(key("a"), []byte("value a"))
	p.Put(key("b"), []byte("value b"))
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	m := OpenMapped(path)
	a, ok := m.Get(key("a"))
	if !ok || string(a) != "value a" {
		t.Fatalf("mapped Get(a) = %q, %v", a, ok)
	}
	m.Put(key("c"), []byte("value c"))
	if err := m.Flush(); err != nil { // writes a new file and renames it over the mapped one
		t.Fatal(err)
	}
	if string(a) != "value a" {
		t.Fatalf("a value handed out before the flush changed to %q", a)
	}
	again := OpenMapped(path)
	for k, want := range map[string]string{"a": "value a", "c": "value c"} {
		if v, ok := again.Get(key(k)); !ok || string(v) != want {
			t.Errorf("after the flush, Get(%s) = %q, %v; want %q", k, v, ok, want)
		}
	}
	if _, ok := again.Get(key("b")); ok {
		t.Error("b, unused by the mapped build, was kept")
	}
	empty := filepath.Join(t.TempDir(), "empty.pack")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := OpenMapped(empty).Get(key("a")); ok {
		t.Error("an empty mapped pack has a")
	}
}

// fill writes a pack of n entries of 1 KB, "k0" to "k<n-1>".
func fill(t *testing.T, path string, n int) {
	t.Helper()
	p := Open(path)
	for i := range n {
		p.Put(key(fmt.Sprint("k", i)), bytes.Repeat([]byte{byte(i)}, 1024))
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
}

// rebuild opens the pack at path as a build would: it uses the first n entries fill wrote,
// puts the values given and flushes.
func rebuild(t *testing.T, path string, n int, put map[string]string) {
	t.Helper()
	p := Open(path)
	for i := range n {
		p.Get(key(fmt.Sprint("k", i)))
	}
	for k, v := range put {
		p.Put(key(k), []byte(v))
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
}

// TestFlushAppends: a build that used most of a pack and put a little appends it, leaving
// the bytes already there alone; a build that used little of it rewrites it without the rest.
func TestFlushAppends(t *testing.T) {
	tests := []struct {
		name   string
		use    int // of 100 entries
		append bool
	}{
		{"most used", 90, true},
		{"three quarters used", 80, true},
		{"half used", 50, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p")
			fill(t, path, 100)
			before, _ := os.ReadFile(path)
			rebuild(t, path, tt.use, map[string]string{"new": "N", "k0": "replaced"})
			after, _ := os.ReadFile(path)
			if appended := bytes.HasPrefix(after, before); appended != tt.append {
				t.Errorf("appended = %v, want %v (%d bytes before, %d after)", appended, tt.append, len(before), len(after))
			}
			q := Open(path)
			want := map[string]string{"new": "N", "k0": "replaced", "k1": strings.Repeat("\x01", 1024)}
			if !tt.append {
				want["k99"] = "" // unused: dropped by the rewrite
			}
			for k, w := range want {
				if v, ok := q.Get(key(k)); string(v) != w || ok != (w != "") {
					t.Errorf("%s = %.20q, %v; want %.20q", k, v, ok, w)
				}
			}
		})
	}
}

// TestDamagedAppendIsDropped cuts an appended batch short or garbles it at every byte: the
// pack reads as it was before the append, never with a value of the damaged batch.
func TestDamagedAppendIsDropped(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p")
	fill(t, path, 20)
	base, _ := os.ReadFile(path)
	rebuild(t, path, 20, map[string]string{"new": "N", "k3": "replaced"})
	whole, _ := os.ReadFile(path)
	if !bytes.HasPrefix(whole, base) || len(whole) == len(base) {
		t.Fatal("the flush did not append")
	}
	check := func(t *testing.T, data []byte) {
		t.Helper()
		m, err := decode(data)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if _, ok := m[key("new")]; ok {
			t.Error("an entry of the damaged batch was read")
		}
		if v := m[key("k3")]; !bytes.Equal(v, bytes.Repeat([]byte{3}, 1024)) {
			t.Errorf("k3 = %.20q; want its value before the append", v)
		}
		if len(m) != 20 {
			t.Errorf("%d entries; want the 20 before the append", len(m))
		}
	}
	for n := len(base); n < len(whole); n++ {
		check(t, whole[:n])
		garbled := bytes.Clone(whole)
		garbled[n] ^= 0x40
		check(t, garbled)
	}
}

// TestFlushRewritesAPackChangedMeanwhile: two builds sharing a cache; the one that flushes
// second finds the pack is not the one it read and rewrites it rather than append to it.
func TestFlushRewritesAPackChangedMeanwhile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p")
	fill(t, path, 10)
	a, b := Open(path), Open(path)
	for i := range 10 {
		a.Get(key(fmt.Sprint("k", i)))
		b.Get(key(fmt.Sprint("k", i)))
	}
	a.Put(key("a"), []byte("A"))
	b.Put(key("b"), []byte("B"))
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	afterA, _ := os.ReadFile(path)
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	afterB, _ := os.ReadFile(path)
	if bytes.HasPrefix(afterB, afterA) {
		t.Error("the second build appended to a pack it did not read")
	}
	m, err := decode(afterB)
	if err != nil || string(m[key("b")]) != "B" || len(m) != 11 {
		t.Errorf("after both: %d entries, b = %q, %v", len(m), m[key("b")], err)
	}
}
