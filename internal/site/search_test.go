package site

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"folio/internal/output"
)

// TestSearchRebuild: a Builder reuses the index of an edition whose text did not change and
// redoes the one whose text did.
func TestSearchRebuild(t *testing.T) {
	fsys := driftSite(enChapter("", enBody))
	b := New(Project{Content: fsys, Layouts: fixture("").Layouts, Assets: fixture("").Assets}, Options{})
	first, ds := b.Build(t.Context())
	if first == nil {
		t.Fatal(ds)
	}
	fsys["en/01-scheduler.md"] = &fstest.MapFile{Data: []byte(enChapter("", strings.Replace(enBody, "Hunting a memory leak.", "Hunting a goroutine leak.", 1)))}
	second, ds := b.Build(t.Context())
	if second == nil {
		t.Fatal(ds)
	}
	same := func(lang string) bool {
		for name, data := range first.Files {
			if strings.HasPrefix(name, "search/"+lang+"/") && !bytes.Equal(data, second.Files[name]) {
				return false
			}
		}
		return true
	}
	if !same("zh") {
		t.Error("the zh index changed though no zh text did")
	}
	if same("en") {
		t.Error("the en index did not change though an en section did")
	}
	full := build(t, Project{Content: fsys, Layouts: fixture("").Layouts, Assets: fixture("").Assets}, Options{})
	for name, data := range full.Files {
		if strings.HasPrefix(name, "search/") && !bytes.Equal(data, second.Files[name]) {
			t.Errorf("%s of the rebuild differs from a full build's", name)
		}
	}
}

// TestSearchIndexIsMinified: the build writes the search index parts as search.Index.Files
// makes them, without minifying them, because minifying changes none of their bytes.
func TestSearchIndexIsMinified(t *testing.T) {
	for _, proj := range []Project{fixture("../../content"), fixture(writeCorpus(t, 6))} {
		res := build(t, proj, Options{})
		min, n := output.NewMinifier(), 0
		for name, data := range res.Files {
			if !strings.HasPrefix(name, "search/") || !strings.HasSuffix(name, ".json") {
				continue
			}
			n++
			got, err := min.Bytes(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Errorf("%s: minifying changes it:\n%.200q\n%.200q", name, data, got)
			}
		}
		if n == 0 {
			t.Fatal("no search index part built")
		}
	}
}
