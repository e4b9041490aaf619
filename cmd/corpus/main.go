// Command corpus writes a deterministic bilingual site of N pages that both folio and Hugo can
// build, for the side-by-side speed comparison in bench/compare.sh.
//
// Usage:
//
//	corpus [-n 1000] [-out bench/out/corpus-1000] [-project .] [-bench bench]
//
// The output directory holds:
//
//	content/             folio's content: site.yaml, zh/ and en/ editions (N/2 chapters each
//	                     plus a cover), data/*.csv for the charts
//	layouts/, assets/    the project's layouts and assets, with the files of bench/folio/layouts
//	                     laid over them (a sidebar and cover that list neighbours, not all N)
//	hugo/                a Hugo site on the same Markdown: bench/hugo/hugo.toml and layouts,
//	                     content/zh and content/en copied from content/
//
// Every chapter has prose in its language, several headings, three 29-line Go blocks, a table,
// a mermaid flowchart and a chart. Code and labels carry the page number, so no two blocks of
// the corpus are the same and a cold build has to highlight every one of them.
package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "corpus: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fl.SetOutput(stderr)
	n := fl.Int("n", 1000, "number of `pages` (chapters of both languages together)")
	out := fl.String("out", "", "output `dir`ectory (default: bench/out/corpus-N)")
	project := fl.String("project", ".", "project `dir`ectory whose layouts/ and assets/ folio uses")
	bench := fl.String("bench", "bench", "`dir`ectory holding folio/layouts and hugo/ templates")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *n < 2 {
		return fmt.Errorf("-n %d: need at least 2 pages", *n)
	}
	if *out == "" {
		*out = filepath.Join("bench", "out", fmt.Sprintf("corpus-%d", *n))
	}
	if err := os.RemoveAll(*out); err != nil {
		return err
	}
	files := Generate(*n)
	for name, data := range files {
		if err := writeFile(filepath.Join(*out, "content", filepath.FromSlash(name)), data); err != nil {
			return err
		}
		if name != "site.yaml" && filepath.Dir(name) != "data" {
			// Hugo reads the same Markdown, one content directory per language.
			if err := writeFile(filepath.Join(*out, "hugo", "content", filepath.FromSlash(name)), data); err != nil {
				return err
			}
		}
	}
	copies := []struct{ from, to string }{
		{filepath.Join(*project, "layouts"), filepath.Join(*out, "layouts")},
		{filepath.Join(*project, "assets"), filepath.Join(*out, "assets")},
		{filepath.Join(*bench, "folio", "layouts"), filepath.Join(*out, "layouts")},
		{filepath.Join(*bench, "hugo"), filepath.Join(*out, "hugo")},
	}
	for _, c := range copies {
		if err := copyTree(c.from, c.to); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "corpus: %d pages in %s\n", *n, *out)
	return nil
}

func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// copyTree copies the regular files under from into to, replacing files of the same name.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(to, rel), data)
	})
}
