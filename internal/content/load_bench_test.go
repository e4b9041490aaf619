package content

import (
	"os"
	"testing"
)

// BenchmarkLoad is the load stage on the bundled report: configuration, both editions, front
// matter and translation pairing.
func BenchmarkLoad(b *testing.B) {
	fsys := os.DirFS("../../content")
	if _, err := os.Stat("../../content/site.yaml"); err != nil {
		b.Skip("no report content")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := Load(fsys, Options{}); ds.Err() != nil {
			b.Fatal(ds)
		}
	}
}
