package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

type versionCmd struct{ stdout io.Writer }

func (c *versionCmd) Run(_ context.Context, args []string) int {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(c.stdout, "folio %s\n", v)
	return 0
}
