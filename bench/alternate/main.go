// Command alternate times folio binaries against each other on the bundled report, in
// alternating runs: each round runs every binary once, in a shuffled order, so that a machine
// whose speed drifts within minutes slows all of them alike. It prints, for each binary, the
// median wall and CPU time (user and system, of the child) and the median of its difference
// from the first binary in the same round.
//
//	go build -o /tmp/old ./cmd/folio   # at the commit to compare with
//	go build -o /tmp/new ./cmd/folio
//	go run ./bench/alternate -n 40 /tmp/old /tmp/new
//
// Modes (-mode): "first", a build with no cache directory and no output, as a fresh clone's
// first build (the default); "no-cache", folio build --no-cache into an existing output;
// "version", folio version. The project is a copy of content/, layouts/ and assets/ in a
// temporary directory, which is removed at the end (deleting a tree slows the creation of
// files nearby for a while on some file systems, so nothing is deleted between runs).
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 30, "rounds: runs of each binary")
	mode := flag.String("mode", "first", "first, no-cache or version")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./bench/alternate [-n rounds] [-mode first|no-cache|version] folio-binary...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	bins := flag.Args()
	if len(bins) == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*n, *mode, bins); err != nil {
		fmt.Fprintf(os.Stderr, "alternate: %v\n", err)
		os.Exit(1)
	}
}

func run(rounds int, mode string, bins []string) error {
	for i, b := range bins {
		abs, err := filepath.Abs(b)
		if err != nil {
			return err
		}
		bins[i] = abs
	}
	tmp, err := os.MkdirTemp("", "folio-alternate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	site := filepath.Join(tmp, "site")
	for _, d := range []string{"content", "layouts", "assets"} {
		if err := os.CopyFS(filepath.Join(site, d), os.DirFS(d)); err != nil {
			return fmt.Errorf("copy %s (run from the repository root): %w", d, err)
		}
	}
	aside := filepath.Join(tmp, "aside")
	if err := os.Mkdir(aside, 0o755); err != nil {
		return err
	}
	var args []string
	switch mode {
	case "first":
		args = []string{"build", "--quiet", "--cache", filepath.Join(site, ".cache")}
	case "no-cache":
		args = []string{"build", "--quiet", "--no-cache"}
		if err := exec.Command(bins[0], args...).Run(); err != nil { // the output it replaces
			return err
		}
	case "version":
		args = []string{"version"}
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}

	wall := make([][]float64, len(bins))
	cpu := make([][]float64, len(bins))
	moved := 0
	for range rounds {
		order := rand.Perm(len(bins))
		for _, i := range order {
			if mode == "first" {
				for _, name := range []string{"public", ".cache"} {
					moved++
					err := os.Rename(filepath.Join(site, name), filepath.Join(aside, fmt.Sprint(moved)))
					if err != nil && !os.IsNotExist(err) {
						return err
					}
				}
			}
			cmd := exec.Command(bins[i], args...)
			cmd.Dir = site
			start := time.Now()
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s %v: %w", bins[i], args, err)
			}
			wall[i] = append(wall[i], ms(time.Since(start)))
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			cpu[i] = append(cpu[i], ms(time.Duration(ru.Utime.Nano()+ru.Stime.Nano())))
		}
	}
	fmt.Printf("%d rounds, mode %s; medians in ms, and of the difference from the first binary in each round\n", rounds, mode)
	for i, b := range bins {
		fmt.Printf("%-40s wall %6.1f  cpu %6.1f  Δwall %+6.1f  Δcpu %+6.1f\n", b, median(wall[i]), median(cpu[i]), median(diff(wall[i], wall[0])), median(diff(cpu[i], cpu[0])))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func diff(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return d
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
