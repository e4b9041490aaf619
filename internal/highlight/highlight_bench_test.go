package highlight

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// benchBlock is a 29-line Go block like the ones the report and the corpus show.
const benchBlock = `func Fetch(ctx context.Context, urls []string) ([]int, error) {
	type result struct {
		i, size int
		err     error
	}
	results := make(chan result, len(urls))
	for i, u := range urls {
		go func() {
			resp, err := http.Get(u)
			if err != nil {
				results <- result{i: i, err: err}
				return
			}
			defer resp.Body.Close()
			n, err := io.Copy(io.Discard, resp.Body)
			results <- result{i, int(n) + 0x1f, err}
		}()
	}
	sizes := make([]int, len(urls))
	for range urls {
		r := <-results
		if r.err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		sizes[r.i] = r.size // 1.5e3
	}
	return sizes, nil
}
`

// BenchmarkHighlight is the highlight stage for one Go block: lexing and HTML.
func BenchmarkHighlight(b *testing.B) {
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(benchBlock)))
		for b.Loop() {
			if err := Write(io.Discard, "go", benchBlock, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go-linenos", func(b *testing.B) {
		for b.Loop() {
			if err := Write(io.Discard, "go", benchBlock, Options{LineNumbers: true, Highlight: []int{3, 4}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yaml", func(b *testing.B) {
		for b.Loop() {
			if err := Write(io.Discard, "yaml", "type: bar\ndata: x.csv\nx: a\ny: [b, c]\n", Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkGoLexer compares the go/scanner lexer with chroma's regex lexer it replaces.
func BenchmarkGoLexer(b *testing.B) {
	code := benchBlock
	if data, err := os.ReadFile(filepath.Join("golang.go")); err == nil {
		code = string(data)
	}
	b.Run("scanner", func(b *testing.B) {
		b.SetBytes(int64(len(code)))
		for b.Loop() {
			goTokens(code).Tokens()
		}
	})
	b.Run("chroma", func(b *testing.B) {
		b.SetBytes(int64(len(code)))
		for b.Loop() {
			chromaGo(code).Tokens()
		}
	})
}
