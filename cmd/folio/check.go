package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"folio/internal/site"
)

type checkCmd struct {
	stdout, stderr io.Writer
	projectFlags
}

func (c *checkCmd) Run(ctx context.Context, args []string) int {
	fs := newFlagSet("check", "Validates everything a build validates, lists warnings and external links, and writes nothing.\nExits 1 when there are errors.", c.stderr)
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	proj, closeFn, err := c.open()
	if err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	defer closeFn()
	res, ds := site.New(proj, c.options()).Build(ctx)
	if res == nil {
		printDiags(c.stderr, ds)
		fmt.Fprintf(c.stderr, "folio: check found %d error(s)\n", len(ds.Errors()))
		return 1
	}
	report := site.Check(res)
	printDiags(c.stderr, report.Diags)
	ext := report.External
	sort.Strings(ext)
	if len(ext) > 0 {
		fmt.Fprintf(c.stdout, "external links (%d, not fetched):\n  %s\n", len(ext), strings.Join(ext, "\n  "))
	}
	if report.Diags.Err() != nil {
		fmt.Fprintf(c.stderr, "folio: check found %d error(s)\n", len(report.Diags.Errors()))
		return 1
	}
	fmt.Fprintf(c.stdout, "check: %d pages, %d warning(s), no errors\n", len(res.Pages), len(report.Diags.Warnings()))
	return 0
}
