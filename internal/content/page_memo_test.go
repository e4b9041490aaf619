package content

import (
	"io/fs"
	"reflect"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// TestMemoMatchesFreshLoad loads a site again and again through one Memo while files change,
// and checks each load is what a load without a Memo gives.
func TestMemoMatchesFreshLoad(t *testing.T) {
	fsys := baseFS()
	steps := []struct {
		name string
		edit func()
	}{
		{"nothing", func() {}},
		{"body", func() { fsys["en/01-first.md"] = page("First", "description: a new one") }},
		{"title", func() { fsys["en/01-first.md"] = page("Introduction", "description: a new one") }},
		{"broken front matter", func() { fsys["en/01-first.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [\n---\nx\n")} }},
		{"fixed", func() { fsys["en/01-first.md"] = page("First") }},
		{"new chapter", func() { fsys["en/03-more.md"] = page("More"); fsys["zh/03-more.md"] = page("更多") }},
		{"removed chapter", func() { delete(fsys, "en/03-more.md"); delete(fsys, "zh/03-more.md") }},
		{"draft", func() { fsys["en/01-first.md"] = page("First", "draft: true") }},
	}
	memo := NewMemo()
	for _, st := range steps {
		st.edit()
		got, gotDs := Load(fsys, Options{Memo: memo})
		want, wantDs := Load(fsys, Options{})
		if !reflect.DeepEqual(gotDs, wantDs) {
			t.Errorf("%s: diagnostics through the memo = %v; want %v", st.name, gotDs, wantDs)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: site through the memo differs from a fresh load:\n got %+v\nwant %+v", st.name, got, want)
		}
	}
}

// TestMemoHandsOutCopies checks that a change to a loaded page never reaches the next load.
func TestMemoHandsOutCopies(t *testing.T) {
	fsys := baseFS()
	memo := NewMemo()
	first, ds := Load(fsys, Options{Memo: memo})
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	first.Editions[0].Chapters[0].Title = "changed by a caller"
	second, ds := Load(fsys, Options{Memo: memo})
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	fresh, _ := Load(fsys, Options{})
	if got, want := second.Editions[0].Chapters[0].Title, fresh.Editions[0].Chapters[0].Title; got != want {
		t.Errorf("title after a caller changed the last load's page = %q; want %q", got, want)
	}
}

// countingFS counts the reads of one file.
type countingFS struct {
	fstest.MapFS
	file  string
	reads atomic.Int64
}

func (c *countingFS) Open(name string) (fs.File, error) {
	if name == c.file {
		c.reads.Add(1)
	}
	return c.MapFS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	if name == c.file {
		c.reads.Add(1)
	}
	return c.MapFS.ReadFile(name)
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) { return c.MapFS.Stat(name) }

// TestMemoTrustsOnlyOldTimes: a file whose size and time are unchanged, and whose time was well
// before the load that read it, is not read again; a file written within that window is read
// again even when its size and time look the same (a second-resolution clock), and so is one
// on a file system that gives no times.
func TestMemoTrustsOnlyOldTimes(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	file := "en/01-first.md"
	fsys := &countingFS{MapFS: baseFS(), file: file}
	for _, f := range fsys.MapFS {
		f.ModTime = old
	}
	memo := NewMemo()
	if _, ds := Load(fsys, Options{Memo: memo}); ds.Err() != nil {
		t.Fatal(ds)
	}
	tests := []struct {
		name      string
		edit      func()
		wantReads bool // must the chapter be read again
	}{
		{"unchanged, old time", func() {}, false},
		{"same size and time, written just now", func() {
			now := time.Now()
			fsys.MapFS[file] = &fstest.MapFile{Data: []byte("---\ntitle: Fresh\n---\nA body.\n"), ModTime: now}
		}, true},
		{"rewritten within the window, same size and time", func() {
			f := fsys.MapFS[file]
			fsys.MapFS[file] = &fstest.MapFile{Data: []byte("---\ntitle: Fish!\n---\nA body.\n"), ModTime: f.ModTime}
		}, true},
		{"no times at all", func() {
			fsys.MapFS[file] = &fstest.MapFile{Data: []byte("---\ntitle: Fishy\n---\nA body.\n")}
		}, true},
		{"again, no times", func() {
			fsys.MapFS[file] = &fstest.MapFile{Data: []byte("---\ntitle: Fishe\n---\nA body.\n")}
		}, true},
	}
	for _, tt := range tests {
		tt.edit()
		before := fsys.reads.Load()
		got, ds := Load(fsys, Options{Memo: memo})
		if ds.Err() != nil {
			t.Fatalf("%s: %v", tt.name, ds)
		}
		want, _ := Load(fsys.MapFS, Options{})
		if !reflect.DeepEqual(got.Editions, want.Editions) {
			t.Errorf("%s: the load through the memo differs from a fresh one", tt.name)
		}
		if reads := fsys.reads.Load() - before; (reads > 0) != tt.wantReads {
			t.Errorf("%s: %d files read; want the chapter read again = %v", tt.name, reads, tt.wantReads)
		}
	}
}
