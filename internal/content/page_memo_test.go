package content

import (
	"reflect"
	"testing"
	"testing/fstest"
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
