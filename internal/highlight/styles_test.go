package highlight

import (
	"bytes"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// TestStylesAreChromas holds the themes kept in styles/ to the ones chroma ships: every token
// type draws the same, and the stylesheet is the same byte for byte.
func TestStylesAreChromas(t *testing.T) {
	for _, name := range styleNames {
		t.Run(name, func(t *testing.T) {
			ours, theirs := style(name), styles.Get(name)
			if theirs.Name != name {
				t.Fatalf("chroma has no style %q any more (it gave %q)", name, theirs.Name)
			}
			if ours.Name != theirs.Name {
				t.Errorf("name = %q, chroma's %q", ours.Name, theirs.Name)
			}
			for tt := range chroma.StandardTypes {
				if a, b := ours.Get(tt), theirs.Get(tt); a != b {
					t.Errorf("%v: %v, chroma's %v", tt, a, b)
				}
			}
			var a, b bytes.Buffer
			if err := baseFormatter.WriteCSS(&a, ours); err != nil {
				t.Fatal(err)
			}
			if err := baseFormatter.WriteCSS(&b, theirs); err != nil {
				t.Fatal(err)
			}
			if a.String() != b.String() {
				t.Errorf("stylesheet differs from chroma's:\n%s\nchroma's:\n%s", a.String(), b.String())
			}
		})
	}
}
