package output

import (
	"os"
	"path/filepath"
	"testing"

	"folio/internal/store"
)

func TestMinifyCache(t *testing.T) {
	dir := t.TempDir()
	m := NewMinifier()
	m.CacheDir = dir
	tests := []struct{ path, in, want string }{
		{"a/index.html", "<p>  hello   world </p>\n", "<p>hello world</p>"},
		{"s.css", "body {  color : red ; }", "body{color:red}"},
		{"data/x.csv", "a, b\n", "a, b\n"}, // no minifier: passed through, not cached
	}
	for _, tt := range tests {
		for round := range 2 { // the second round reads the cache
			got, err := m.Bytes(tt.path, []byte(tt.in))
			if err != nil || string(got) != tt.want {
				t.Errorf("round %d: Bytes(%q, %q) = %q, %v; want %q", round, tt.path, tt.in, got, err, tt.want)
			}
		}
	}
	if err := m.Flush(); err != nil {
		t.Fatal(err)
	}
	if entries := store.Open(filepath.Join(dir, "minify.pack")).Len(); entries != 2 {
		t.Errorf("cache holds %d entries; want 2 (html and css)", entries)
	}

	// Same input, another cache state: deleting the directory only costs a re-minify.
	os.RemoveAll(dir)
	if got, err := m.Bytes("a/index.html", []byte(tests[0].in)); err != nil || string(got) != tests[0].want {
		t.Errorf("after deleting the cache: Bytes = %q, %v; want %q", got, err, tests[0].want)
	}
}
