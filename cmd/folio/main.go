// Command folio builds the bilingual report site in content/ into a fast static site.
//
// Usage:
//
//	folio build   [--source DIR] [--out DIR] [--base-url URL]   build into public/
//	folio serve   [--source DIR] [--port N] [--bind ADDR]        live preview
//	folio check   [--source DIR]                                 validate without writing
//	folio stamp   [--source DIR] [--all] [FILE...]               record source_hash in translations
//	folio version
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
)

func main() {
	// No heap profile is written but for build --memprofile, which turns sampling back on:
	// sampling unwound the stack of an allocation in 512 KB and kept a bucket for it, on
	// every build.
	runtime.MemProfileRate = 0
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command interface {
	Run(ctx context.Context, args []string) int
}

// run dispatches to a subcommand and returns the exit status; tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	var cmd command
	switch args[0] {
	case "build":
		cmd = &buildCmd{stdout: stdout, stderr: stderr}
	case "serve":
		cmd = &serveCmd{stdout: stdout, stderr: stderr}
	case "check":
		cmd = &checkCmd{stdout: stdout, stderr: stderr}
	case "stamp":
		cmd = &stampCmd{stdout: stdout, stderr: stderr}
	case "version":
		cmd = &versionCmd{stdout: stdout}
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "folio: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.Run(ctx, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprint(w, `folio builds a chaptered, bilingual report into a static site.

Usage:
  folio build    build content/ into public/ (atomic: a failed build keeps the old public/)
  folio serve    build in memory, serve on 127.0.0.1:1313 and reload the browser on every save
  folio check    everything build validates, plus warnings and external links; writes nothing
  folio stamp    record in translations which version of their original they translate
  folio version  print the version

Run "folio COMMAND -h" for the flags of a command.
`)
}
