package mermaid

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func BenchmarkReport(b *testing.B) {
	files, err := filepath.Glob("testdata/report/*.mmd")
	if err != nil || len(files) == 0 {
		b.Fatalf("no report diagrams: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(f), ".mmd"), func(b *testing.B) {
			for b.Loop() {
				if _, err := Render(src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// sizedGraph is a random connected-ish graph of n nodes and m edges, with
// labels on a fifth of the edges.
func sizedGraph(n, m int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), uint64(m)))
	var sb strings.Builder
	sb.WriteString("flowchart TD\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "n%d[节点 %d]\n", i, i)
	}
	for i := 1; i < n && i <= m; i++ {
		fmt.Fprintf(&sb, "n%d --> n%d\n", r.IntN(i), i) // a spanning tree
	}
	for i := n - 1; i < m; i++ {
		a, c := r.IntN(n), r.IntN(n)
		if i%5 == 0 {
			fmt.Fprintf(&sb, "n%d -->|是| n%d\n", a, c)
		} else {
			fmt.Fprintf(&sb, "n%d --> n%d\n", a, c)
		}
	}
	return []byte(sb.String())
}

func BenchmarkSize(b *testing.B) {
	for _, size := range [][2]int{{100, 150}, {200, 300}, {500, 750}} {
		src := sizedGraph(size[0], size[1])
		b.Run(fmt.Sprintf("nodes=%d,edges=%d", size[0], size[1]), func(b *testing.B) {
			for b.Loop() {
				if _, err := Render(src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
