package content

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"folio/internal/config"
)

const siteYAML = "title: {zh: 标题, en: Title}\nlanguages: [zh, en]\n"

func page(title string, extra ...string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n" + strings.Join(extra, "\n") + "\n---\nbody\n")}
}

func baseFS() fstest.MapFS {
	return fstest.MapFS{
		"site.yaml":         {Data: []byte(siteYAML)},
		"zh/_index.md":      page("封面"),
		"en/_index.md":      page("Cover"),
		"zh/10-last.md":     page("最后"),
		"zh/02-second.md":   page("第二"),
		"zh/01-first.md":    page("第一"),
		"en/01-first.md":    page("First"),
		"en/02-second.md":   page("Second"),
		"en/10-last.md":     page("Last"),
		"GLOSSARY.md":       {Data: []byte("# not a page")},
		"data/x.csv":        {Data: []byte("a\n1\n")},
		"code/x/main.go":    {Data: []byte("package main")},
		"zh/03-draft.md":    page("草稿", "draft: true"),
		"en/03-draft.md":    page("Draft", "draft: true"),
		"zh/.hidden.md":     {Data: []byte("ignored")},
		"en/.DS_Store":      {Data: []byte("ignored")},
		"_drafts/notes.txt": {Data: []byte("ignored")},
	}
}

func TestLoadOrdersAndPairs(t *testing.T) {
	s, ds := Load(baseFS(), Options{})
	if ds.Err() != nil {
		t.Fatalf("Load: %v", ds)
	}
	if len(ds) != 0 {
		t.Errorf("warnings = %v; want none", ds)
	}
	for _, lang := range []string{"zh", "en"} {
		ed := s.Edition(lang)
		var got []string
		for _, p := range ed.Chapters {
			got = append(got, p.Slug)
		}
		if want := "first second last"; strings.Join(got, " ") != want {
			t.Errorf("%s chapters = %v; want %s (ordered by number, drafts left out)", lang, got, want)
		}
		if ed.Cover == nil || !ed.Cover.Cover {
			t.Errorf("%s cover missing", lang)
		}
	}
	if s.Editions[0].Lang != "zh" {
		t.Errorf("first edition = %s; want the default language zh", s.Editions[0].Lang)
	}
}

func TestLoadDrafts(t *testing.T) {
	s, ds := Load(baseFS(), Options{Drafts: true})
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	if n := len(s.Edition("zh").Chapters); n != 4 {
		t.Errorf("with drafts: %d chapters; want 4", n)
	}
}

func TestMissingTranslationWarns(t *testing.T) {
	fsys := baseFS()
	delete(fsys, "en/02-second.md")
	s, ds := Load(fsys, Options{})
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	if len(ds) != 1 || !strings.Contains(ds[0].String(), "content/zh/02-second.md: warning: no en translation") {
		t.Errorf("diagnostics = %v; want one warning about content/zh/02-second.md", ds)
	}
	if s.Edition("en").Chapter("02-second.md") != nil {
		t.Error("en has 02-second.md after deleting it")
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(fstest.MapFS)
		want string
	}{
		{"unclosed front matter", func(f fstest.MapFS) { f["zh/01-first.md"].Data = []byte("---\ntitle: x\nbody") }, "content/zh/01-first.md:1: front matter is not closed"},
		{"no front matter", func(f fstest.MapFS) { f["zh/01-first.md"].Data = []byte("# Hello") }, "content/zh/01-first.md:1: missing front matter"},
		{"bad yaml", func(f fstest.MapFS) {
			f["zh/01-first.md"].Data = []byte("---\ntitle: x\ndescription: [unclosed\n---\n")
		}, "content/zh/01-first.md:"},
		{"unknown key", func(f fstest.MapFS) { f["zh/01-first.md"].Data = []byte("---\ntitle: x\ndescriptoin: y\n---\n") }, `content/zh/01-first.md:3: unknown key "descriptoin", did you mean "description"?`},
		{"wrong type", func(f fstest.MapFS) { f["zh/01-first.md"].Data = []byte("---\ntitle: x\n\ndraft: maybe\n---\n") }, "content/zh/01-first.md:4: invalid YAML"},
		{"no title", func(f fstest.MapFS) { f["zh/01-first.md"].Data = []byte("---\ndescription: y\n---\n") }, "content/zh/01-first.md:2: front matter has no title"},
		{"not utf-8", func(f fstest.MapFS) { f["zh/01-first.md"].Data = []byte("---\ntitle: x\n---\nok\n\xff\xfe\n") }, "content/zh/01-first.md:5: file is not valid UTF-8"},
		{"unknown language", func(f fstest.MapFS) { f["fr/_index.md"] = page("Couverture") }, `content/fr: unknown language folder "fr"`},
		{"duplicate slug", func(f fstest.MapFS) { f["zh/04-first.md"] = page("重复") }, `duplicate slug "first"`},
		{"duplicate number", func(f fstest.MapFS) { f["zh/01-other.md"] = page("重复") }, "duplicate chapter number 01"},
		{"bad file name", func(f fstest.MapFS) { f["zh/chapter one.md"] = page("x") }, "must look like 01-slug.md"},
		{"missing cover", func(f fstest.MapFS) { delete(f, "en/_index.md") }, "content/en/_index.md: missing cover"},
		{"missing edition", func(f fstest.MapFS) {
			for k := range f {
				if strings.HasPrefix(k, "en/") {
					delete(f, k)
				}
			}
		}, `missing edition folder for language "en"`},
		{"bad site.yaml", func(f fstest.MapFS) {
			f["site.yaml"].Data = []byte("title: {zh: x, en: y}\nlanguages: [zh, en]\ntittle: z\n")
		}, `content/site.yaml:3: unknown key "tittle", did you mean "title"?`},
		{"no languages", func(f fstest.MapFS) { f["site.yaml"].Data = []byte("title: {zh: x}\n") }, "no languages"},
		{"huge file", func(f fstest.MapFS) {
			f["zh/01-first.md"].Data = append([]byte("---\ntitle: x\n---\n"), make([]byte, MaxFileSize+1)...)
		}, "over the 8 MB limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseFS()
			tt.edit(fsys)
			s, ds := Load(fsys, Options{})
			if s != nil || ds.Err() == nil {
				t.Fatalf("Load succeeded; want error containing %q", tt.want)
			}
			if !strings.Contains(ds.Error(), tt.want) {
				t.Errorf("Load error = %q; want it to contain %q", ds.Error(), tt.want)
			}
		})
	}
}

func TestBodyLine(t *testing.T) {
	p, ds := parsePage("zh/01-a.md", []byte("\ufeff---\r\ntitle: x\r\ndescription: y\r\n---\r\nfirst body line\r\n"))
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	if p.BodyLine != 5 || string(p.Body) != "first body line\n" {
		t.Errorf("BodyLine, Body = %d, %q; want 5, %q", p.BodyLine, p.Body, "first body line\n")
	}
}

func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte("---\ntitle: x\n---\nbody"))
	f.Add([]byte("---\ntitle: [\n---\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\ntitle: &a x\nb: *a\n---"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ds := parsePage("zh/01-a.md", data)
		if p == nil && ds.Err() == nil {
			t.Fatalf("parsePage(%q) returned neither page nor error", data)
		}
		if p != nil && p.Title == "" {
			t.Fatalf("parsePage(%q) accepted a page without title", data)
		}
		for _, d := range ds {
			if !strings.HasPrefix(d.String(), "content/zh/01-a.md") {
				t.Fatalf("diagnostic %q does not name the file", d)
			}
		}
	})
}

// chapterName is the pattern isChapterName implements.
var chapterName = regexp.MustCompile(`^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$`)

// TestIsChapterName checks the hand-written matcher against the pattern it stands for.
func TestIsChapterName(t *testing.T) {
	for _, name := range []string{
		"01-intro.md", "1-a.md", "0001-ch1234.md", "12-cloud-native-jobs.md", "01-a-b-c.md",
		"01-.md", "-intro.md", "01intro.md", "01-intro.markdown", "01-Intro.md", "01-in_tro.md",
		"01-intro-.md", "01--intro.md", "01-intro--x.md", "a1-intro.md", "01-intro.md.bak",
		"01-intro", "_index.md", "01-über.md", "01-x.MD", "", "-", ".md", "01-9.md",
	} {
		if got, want := isChapterName(name), chapterName.MatchString(name); got != want {
			t.Errorf("isChapterName(%q) = %v; the pattern says %v", name, got, want)
		}
	}
}

func FuzzIsChapterName(f *testing.F) {
	for _, s := range []string{"01-intro.md", "01--x.md", "x-.md", "01-a-b.md"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if got, want := isChapterName(name), chapterName.MatchString(name); got != want {
			t.Errorf("isChapterName(%q) = %v; the pattern says %v", name, got, want)
		}
	})
}

// FuzzQuickFrontMatter holds the fast front matter reader to the YAML decoder: whatever it
// accepts, the decoder reads the same.
func FuzzQuickFrontMatter(f *testing.F) {
	for _, s := range []string{
		"title: Go 语言国内就业环境全景概览\ndescription: 2024 年第二季度，占 18.7%。\n",
		"title: \"Chapter 2: profiling\"\ndescription: \"Notes, part 2.\"\n",
		"title: x\ndraft: true\nsource_hash: 0123abcd\n",
		"title: true\n", "title: 'x'\n", "title: \"a\\\"b\"\n", "title: x # c\n", "title: a: b\n",
		"title: x\ntitle: y\n", "title:  x\n", "title: x \n", "title: Go's way\n", "title: null\n",
		"title: ~\n", "title: 1.5\n", "draft: yes\n", "title: x\n  more\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fm string) {
		got, ok := quickFrontMatter([]byte(fm))
		if !ok {
			return
		}
		var want FrontMatter
		if errs := config.Decode("f.md", 2, []byte(fm), &want); len(errs) > 0 {
			t.Fatalf("quickFrontMatter(%q) = %+v; the YAML decoder rejects it: %v", fm, got, errs)
		}
		if got != want {
			t.Fatalf("quickFrontMatter(%q) = %+v; the YAML decoder reads %+v", fm, got, want)
		}
	})
}

// TestQuickFrontMatterReadsTheReport checks that the report's pages take the fast path, so a
// change to their front matter style that falls back to the YAML decoder is noticed.
func TestQuickFrontMatterReadsTheReport(t *testing.T) {
	files, _ := filepath.Glob("../../content/*/*.md")
	if len(files) == 0 {
		t.Skip("no report content")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rest := bytes.TrimPrefix(data, []byte("---\n"))
		fm, _, ok := bytes.Cut(rest, []byte("\n---\n"))
		if !ok {
			t.Fatalf("%s: no front matter", f)
		}
		fm = append(fm, '\n')
		got, ok := quickFrontMatter(fm)
		if !ok {
			t.Errorf("%s: front matter falls back to the YAML decoder:\n%s", f, fm)
			continue
		}
		var want FrontMatter
		if errs := config.Decode(f, 2, fm, &want); len(errs) > 0 || got != want {
			t.Errorf("%s: quick %+v, YAML %+v %v", f, got, want, errs)
		}
	}
}
