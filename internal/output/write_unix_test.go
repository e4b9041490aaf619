//go:build unix

package output

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkWriteFresh writes 1 MB the program has just written into memory new to the process,
// as a cold build writes its pages: straight from that memory, and through writeThrough's
// reused buffer. On a VM where the kernel's first read of a page faults in the hypervisor
// (a PVM guest), the first is several times slower; elsewhere the two are close.
func BenchmarkWriteFresh(b *testing.B) {
	for _, c := range []struct {
		name  string
		write func(f *os.File, data []byte) error
	}{
		{"direct", func(f *os.File, data []byte) error { _, err := f.Write(data); return err }},
		{"through", writeThrough},
	} {
		b.Run(c.name, func(b *testing.B) {
			f, err := os.Create(filepath.Join(b.TempDir(), "out"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			const size = 1 << 20
			b.SetBytes(size)
			for b.Loop() {
				// Mapped afresh each time: the Go heap would hand back pages the kernel has
				// read before.
				data, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < size; i += 4096 {
					data[i] = byte(i)
				}
				if err := c.write(f, data); err != nil {
					b.Fatal(err)
				}
				if err := f.Truncate(0); err != nil {
					b.Fatal(err)
				}
				if _, err := f.Seek(0, 0); err != nil {
					b.Fatal(err)
				}
				if err := syscall.Munmap(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
