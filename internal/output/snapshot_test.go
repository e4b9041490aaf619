package output

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestSnapshotSame takes a snapshot of a small site, changes it one way per case, and asks
// whether it is the same: every change a build must repair is seen, nothing else is.
func TestSnapshotSame(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		racy   bool // snapshot taken right after the files were written
		frozen bool // the change left every time as it was: the clock did not tick meanwhile
		same   bool
	}{
		{"unchanged", func(*testing.T, string) {}, false, false, true},
		{"unchanged, racy", func(*testing.T, string) {}, true, false, true},
		{"unchanged, racy, frozen", func(*testing.T, string) {}, true, true, true},
		{"edited, same size, racy, frozen", func(t *testing.T, d string) { write(t, d, "a/index.html", "<p>A</p>") }, true, true, false},
		{"rewritten with the same bytes", func(t *testing.T, d string) { write(t, d, "a/index.html", "<p>a</p>") }, false, false, false},
		{"edited, same size, old time put back", func(t *testing.T, d string) {
			write(t, d, "a/index.html", "<p>A</p>")
			must(t, os.Chtimes(filepath.Join(d, "a/index.html"), old, old))
		}, false, false, false},
		{"edited, same size, racy", func(t *testing.T, d string) { write(t, d, "a/index.html", "<p>A</p>") }, true, false, false},
		{"file added", func(t *testing.T, d string) { write(t, d, "b/extra.txt", "x") }, false, false, false},
		{"directory added", func(t *testing.T, d string) { must(t, os.Mkdir(filepath.Join(d, "c"), 0o755)) }, false, false, false},
		{"file removed", func(t *testing.T, d string) { must(t, os.Remove(filepath.Join(d, "b/style.css"))) }, false, false, false},
		{"file replaced by a link", func(t *testing.T, d string) {
			must(t, os.Remove(filepath.Join(d, "index.html")))
			must(t, os.Symlink("a/index.html", filepath.Join(d, "index.html")))
		}, false, false, false},
		{"mode changed", func(t *testing.T, d string) { must(t, os.Chmod(filepath.Join(d, "index.html"), 0o600)) }, false, false, false},
		{"directory gone", func(t *testing.T, d string) { must(t, os.RemoveAll(filepath.Join(d, "b"))) }, false, false, false},
		{"output gone", func(t *testing.T, d string) { must(t, os.RemoveAll(d)) }, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "index.html", "<h1>home</h1>")
			write(t, dir, "a/index.html", "<p>a</p>")
			write(t, dir, "b/style.css", "p{}")
			taken := time.Now().Add(time.Second) // the files are old enough not to be racy
			if tt.racy {
				taken = time.Now()
			}
			s, err := snap(dir, taken.UnixNano(), nil)
			if err != nil {
				t.Fatal(err)
			}
			racy := 0
			for _, e := range s.Entries {
				if e.Racy {
					racy++
				}
			}
			if want := map[bool]int{false: 0, true: 3}[tt.racy]; racy != want {
				t.Errorf("%d racy entries, want %d", racy, want)
			}
			// Kept between builds: what Same sees is what was decoded.
			b, err := s.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var kept Snapshot
			if err := kept.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			tt.change(t, dir)
			if tt.frozen {
				now, err := snap(dir, taken.UnixNano(), nil)
				if err != nil {
					t.Fatal(err)
				}
				for i := range min(len(now.Entries), len(kept.Entries)) {
					kept.Entries[i].MTime, kept.Entries[i].CTime = now.Entries[i].MTime, now.Entries[i].CTime
				}
			}
			if got := kept.Same(dir); got != tt.same {
				t.Errorf("Same = %v, want %v", got, tt.same)
			}
		})
	}
}

// FuzzSnapshotUnmarshal feeds UnmarshalBinary any bytes (a cache file can be cut short or
// damaged): it fails or decodes, never panics, and what it decodes encodes again, to bytes
// that decode to the same snapshot.
func FuzzSnapshotUnmarshal(f *testing.F) {
	dir := f.TempDir()
	write(f, dir, "a/index.html", "<p>a</p>")
	s, err := Snap(dir)
	if err != nil {
		f.Fatal(err)
	}
	b, err := s.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Snapshot
		if s.UnmarshalBinary(b) != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("decoded, but does not encode again: %v", err)
		}
		var s2 Snapshot
		if err := s2.UnmarshalBinary(again); err != nil || !reflect.DeepEqual(s, s2) {
			t.Fatalf("encoded again, decodes to %+v (%v), want %+v", s2, err, s)
		}
	})
}

func write(t testing.TB, dir, rel, s string) {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(rel))
	must(t, os.MkdirAll(filepath.Dir(name), 0o755))
	must(t, os.WriteFile(name, []byte(s), 0o644))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestStageTrust: a stage that trusts the last build's snapshot takes a file whose stat is
// still the one recorded to hold the bytes recorded, without reading it; a file changed since
// is read and compared, and rewritten where it differs. A snapshot the stage takes after
// Commit records the hash of every file it wrote or found holding its bytes.
func TestStageTrust(t *testing.T) {
	files := Files{"index.html": []byte("<h1>home</h1>"), "a/index.html": []byte("<p>a</p>"), "b/index.html": []byte("<p>b</p>")}
	tests := []struct {
		name   string
		change func(t *testing.T, dir string, last *Snapshot)
		want   string // what a/index.html holds after the update writes "<p>a</p>" there
	}{
		{"unchanged", func(*testing.T, string, *Snapshot) {}, "<p>a</p>"},
		// The snapshot vouches for the file by its stat: its hash is what the file is taken
		// to hold. Told another hash, the stage leaves the file alone, unread.
		{"believed by its stat", func(t *testing.T, dir string, last *Snapshot) {
			must(t, os.WriteFile(filepath.Join(dir, "a/index.html"), []byte("<p>x</p>"), 0o644))
			for i, e := range last.Entries {
				if e.Path == "a/index.html" {
					now, err := os.Lstat(filepath.Join(dir, "a/index.html"))
					must(t, err)
					last.Entries[i].Stat = statOf(e.Path, now)
				}
			}
		}, "<p>x</p>"},
		{"edited since", func(t *testing.T, dir string, _ *Snapshot) {
			must(t, os.WriteFile(filepath.Join(dir, "a/index.html"), []byte("<p>x</p>"), 0o644))
		}, "<p>a</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			first := NewStage(dir)
			must(t, first.Put("a/index.html", files["a/index.html"]))
			must(t, first.Commit(Files{"index.html": files["index.html"], "b/index.html": files["b/index.html"]}))
			// Taken a second later: no file is racy, so every hash comes from the stage.
			last, err := snap(dir, time.Now().Add(time.Second).UnixNano(), first.states)
			must(t, err)
			hashed := 0
			for _, e := range last.Entries {
				if e.Hashed && !e.Racy {
					hashed++
				}
			}
			if hashed != len(files) {
				t.Fatalf("%d files hashed by the stage, want %d", hashed, len(files))
			}
			tt.change(t, dir, last)

			next := NewStage(dir)
			next.Trust(last)
			must(t, next.Put("a/index.html", files["a/index.html"]))
			must(t, next.Commit(Files{"index.html": files["index.html"], "b/index.html": files["b/index.html"]}))
			got, err := os.ReadFile(filepath.Join(dir, "a/index.html"))
			must(t, err)
			if string(got) != tt.want {
				t.Errorf("a/index.html = %q, want %q", got, tt.want)
			}
			if len(next.states) != len(files) {
				t.Errorf("the stage knows %d files, want %d", len(next.states), len(files))
			}
		})
	}
}

// TestSnapshotOfReplacedDir holds the snapshot a stage takes of a directory it made whole,
// from what it wrote, to the one a walk of that directory takes.
func TestSnapshotOfReplacedDir(t *testing.T) {
	tests := []struct {
		name string
		put  []string // given to Put before Commit
		rest []string // given to Commit
	}{
		{"flat", nil, []string{"index.html", "a.css", "b.js"}},
		{"pages put early", []string{"a/index.html", "a/b/index.html"}, []string{"index.html", "sitemap.xml"}},
		// Walk order is not the order of the path strings: "a/x" comes before "a-b", "a.b".
		{"names sorting around the slash", []string{"a/x/index.html", "a-b/index.html"}, []string{"a.b", "a/index.md", "a0/y", "ab/index.html"}},
		{"deep", []string{"x/y/z/w/index.html"}, []string{"x/index.html", "x/y/index.html", "x-y/index.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			s := NewStage(dir)
			for _, p := range tt.put {
				must(t, s.Put(p, []byte("put "+p)))
			}
			rest := Files{}
			for _, p := range tt.rest {
				rest[p] = []byte("committed " + p)
			}
			must(t, s.Commit(rest))
			if !s.replaced {
				t.Fatal("a new directory was not replaced whole")
			}
			// Now: every file is racy, to be read again by Same. A second later: none is.
			for _, taken := range []int64{time.Now().UnixNano(), time.Now().Add(time.Second).UnixNano()} {
				got, err := s.snapReplaced(taken)
				must(t, err)
				want, err := snap(dir, taken, s.states)
				must(t, err)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("snapshot from the stage:\n%+v\nwant (walked):\n%+v", got.Entries, want.Entries)
				}
			}
		})
	}
}

// TestRacySnapshotKeepsWrittenBytes: a file changed right after the stage wrote it, within the
// clock's tick (so its times do not show it), is not taken for the build's output: the
// snapshot holds the hash of the bytes the stage wrote, and Same finds the file differs.
func TestRacySnapshotKeepsWrittenBytes(t *testing.T) {
	for _, replaced := range []bool{true, false} {
		t.Run(map[bool]string{true: "new directory", false: "updated directory"}[replaced], func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			if !replaced {
				must(t, os.MkdirAll(dir, 0o755))
			}
			s := NewStage(dir)
			must(t, s.Commit(Files{"index.html": []byte("<p>a</p>")}))
			if s.replaced != replaced {
				t.Fatalf("replaced = %v, want %v", s.replaced, replaced)
			}
			must(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte("<p>b</p>"), 0o644))
			info, err := os.Lstat(filepath.Join(dir, "index.html"))
			must(t, err)
			// The clock did not tick: the file's stat is the one the stage recorded.
			st := s.states["index.html"]
			st.stat = statOf("index.html", info)
			s.states["index.html"] = st
			snap, err := s.Snapshot()
			must(t, err)
			if e := snap.Entries[len(snap.Entries)-1]; e.Path != "index.html" || !e.Racy {
				t.Fatalf("last entry %+v, want index.html, racy", e)
			}
			if snap.Same(dir) {
				t.Error("Same: the file someone changed is taken for the stage's")
			}
		})
	}
}
