package weight

import (
	"bytes"
	"os"
	"runtime"
	"testing"

	"github.com/klauspost/compress/gzip"
)

func samples(t testing.TB) [][]byte {
	page, err := os.ReadFile("../../layouts/chapter.html")
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 40000)
	for i := range random {
		random[i] = byte(i*7919 ^ i>>3)
	}
	return [][]byte{{'x'}, []byte("hello, hello, hello"), page, bytes.Repeat(page, 20), random}
}

// TestGzipped holds Gzipped, which deflates without a gzip writer and reuses its deflaters,
// to the length of what a new gzip writer makes at the same level.
func TestGzipped(t *testing.T) {
	for range 2 { // the second round reuses the first's deflaters
		for _, b := range samples(t) {
			for _, level := range []int{Fast, Default} {
				var buf bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&buf, level)
				zw.Write(b)
				zw.Close()
				if got := Gzipped(b, level); got != buf.Len() {
					t.Errorf("Gzipped(%d bytes, level %d) = %d; gzip writes %d", len(b), level, got, buf.Len())
				}
			}
		}
	}
	if Gzipped(nil, Fast) != 0 {
		t.Error("Gzipped(nil) != 0")
	}
}

// BenchmarkGzipped measures a chapter layout at each level, with a garbage collection every
// few files as in a build: a sync.Pool of deflaters would be emptied by each.
func BenchmarkGzipped(b *testing.B) {
	page := samples(b)[2]
	for _, level := range []int{Fast, Default} {
		b.Run(map[int]string{Fast: "fast", Default: "default"}[level], func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(page)))
			i := 0
			for b.Loop() {
				if i++; i%8 == 0 {
					b.StopTimer()
					runtime.GC()
					b.StartTimer()
				}
				Gzipped(page, level)
			}
		})
	}
}
