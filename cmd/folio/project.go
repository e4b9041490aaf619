package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"folio/internal/diag"
	"folio/internal/site"
)

// projectFlags are the flags every building command shares.
type projectFlags struct {
	source  string
	baseURL string
	drafts  bool
}

func (p *projectFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.source, "source", ".", "project `dir`ectory holding content/, layouts/ and assets/")
	fs.StringVar(&p.baseURL, "base-url", "", "base `URL` of the published site (overrides base_url in content/site.yaml), e.g. https://owner.github.io/repo/")
	fs.BoolVar(&p.drafts, "drafts", false, "include pages marked draft: true")
}

// open opens the project's directories; content is opened as an os.Root so that nothing read
// through it (includes, data) can leave content/, not even through a symlink.
func (p *projectFlags) open() (site.Project, func(), error) {
	contentDir := filepath.Join(p.source, "content")
	root, err := os.OpenRoot(contentDir)
	if err != nil {
		return site.Project{}, nil, fmt.Errorf("open content directory: %w (run folio from the project root or pass --source)", err)
	}
	proj := site.Project{
		Content: root.FS(),
		Layouts: os.DirFS(filepath.Join(p.source, "layouts")),
		Assets:  os.DirFS(filepath.Join(p.source, "assets")),
	}
	return proj, func() { root.Close() }, nil
}

func (p *projectFlags) options() site.Options {
	return site.Options{BaseURL: p.baseURL, Drafts: p.drafts}
}

// newFlagSet returns a flag set whose -h prints a usage line and the flags.
func newFlagSet(name, synopsis string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: folio %s [flags]\n\n%s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// printDiags writes diagnostics one per line.
func printDiags(w io.Writer, ds diag.List) {
	for _, d := range ds {
		fmt.Fprintln(w, d.String())
	}
}
