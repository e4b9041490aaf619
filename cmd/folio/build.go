package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"folio/internal/content"
	"folio/internal/markdown"
	"folio/internal/output"
	"folio/internal/site"
)

type buildCmd struct {
	stdout, stderr io.Writer
	projectFlags
	out        string
	quiet      bool
	cpuprofile string
	memprofile string

	cache      string
	noCache    bool
	noDiagrams bool
}

func (c *buildCmd) Run(ctx context.Context, args []string) int {
	fs := newFlagSet("build", "Builds the site into the output directory. The build writes into a temporary directory\nand replaces the output only when everything succeeded. With a cache, an output left as the\nlast build made it, of the same sources, options and folio, is up to date: nothing is built.", c.stderr)
	c.register(fs)
	fs.StringVar(&c.out, "out", "", "output `dir`ectory (default: public/ in the source directory)")
	fs.BoolVar(&c.quiet, "quiet", false, "print only errors and warnings")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	fs.StringVar(&c.memprofile, "memprofile", "", "write a heap profile, taken when the build is done and before it is written, to `file`")
	fs.StringVar(&c.cache, "cache", "", "keep rendered code blocks, diagrams and charts in `dir` between builds (default: folio/ in the user cache directory)")
	fs.BoolVar(&c.noCache, "no-cache", false, "render every block again and keep no cache on disk")
	fs.BoolVar(&c.noDiagrams, "no-diagrams", false, "leave mermaid and chart blocks to the browser as <pre class=\"mermaid\">, as Hugo does (for comparisons)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if c.out == "" {
		c.out = filepath.Join(c.source, "public")
	}
	if c.memprofile != "" {
		runtime.MemProfileRate = 512 * 1024 // the runtime's default, which main turned off
	}
	proj, closeFn, err := c.open()
	if err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	defer closeFn()

	if c.cpuprofile != "" {
		f, err := os.Create(c.cpuprofile)
		if err != nil {
			fmt.Fprintf(c.stderr, "folio: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(c.stderr, "folio: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	opts := c.options()
	opts.Progress = progressPrinter(c.stderr)
	opts.PlainDiagrams = c.noDiagrams
	opts.OneShot = true
	// Pages go to the output's stage as they are finished, rather than all at the end: the
	// build then need not hold them. The stage touches the output only once the build is good.
	stage := output.NewStage(c.out)
	defer stage.Abort() // after Commit, nothing is left to drop
	opts.Sink = stage
	if !c.noCache {
		if c.cache == "" {
			if c.cache, err = markdown.DefaultCacheDir(); err != nil {
				fmt.Fprintf(c.stderr, "folio: %v; building without a cache\n", err)
			}
		}
		opts.CacheDir = c.cache
	}
	start := time.Now()
	// Sources and output as the last build left them: nothing to do.
	var record string
	var key [32]byte
	// How much of the heap to lay out in huge pages (preferHugePages): heapFor the sources;
	// without a listing to size it by, a guess.
	heap := int64(256 << 20)
	size := int64(-1)  // the bytes of the sources, once they are listed
	var path string    // the record of this output's builds, in the cache directory
	var r *buildRecord // the last build it records
	if opts.CacheDir != "" {
		path = recordPath(opts.CacheDir, c.out)
		r = readRecord(path)
	}
	// Every build reads every layout and asset, a few hundred KB at most, and the layouts more
	// than once (the fingerprint, the key of the templates, their parse): each is read once.
	// They were 110 of the opens and reads of the report's first build (strace), each open five
	// system calls in Go.
	proj.Layouts, proj.Assets = content.ReadOnce(proj.Layouts), content.ReadOnce(proj.Assets)
	if r == nil && path != "" {
		// No last build of this output: nothing to compare with, and this build builds every
		// page. Its fingerprint names it only once it is done, so the sources are read beside
		// the build, which takes the bytes the fingerprint reads (or the fingerprint the bytes
		// the build read first) rather than reading each again. Read before the build, they
		// took 4.5 ms, at half the machine's two cores.
		proj.Content = content.Handover(proj.Content)
	}
	// The listing of the sources sizes the heap; their fingerprint names this build, with a
	// cache, for the next one.
	srcs, srcErr := site.ListSources(proj)
	if srcErr == nil {
		size, heap = srcs.Size, heapFor(srcs.Size)
	}
	var k [32]byte
	if srcErr == nil && r != nil {
		k, _, srcErr = srcs.Fingerprint(opts)
	}
	if srcErr == nil && r != nil {
		if !smallSite(size) {
			// A build after a recorded one takes most pages from the cache, and its heap
			// churns within a smaller size: in huge pages it stayed as fast and held twice
			// the memory (N = 1,000 edit builds: 59 → 114 MB anonymous, 161 → 212 MB in all).
			// A small site's heap is small either way, and its faults are most of what an
			// edit build waits for.
			heap = 0
		}
		key, record = k, path
		if r.upToDate(key, c.out) {
			fmt.Fprint(c.stderr, strings.Join(append(r.Warnings, ""), "\n"))
			if !c.quiet {
				fmt.Fprintf(c.stdout, "%s is up to date: nothing it is built from changed since its last build (checked in %.0f ms)\n%s\n", c.out, float64(time.Since(start).Microseconds())/1000, r.Summary)
				fmt.Fprintf(c.stdout, "heaviest pages, gzipped HTML + CSS + JS:\n%s", r.Heaviest)
			}
			return 0
		}
		// Files still as the last build left them need not be read to be compared.
		stage.Trust(&r.Output)
	}
	preferHugePages(heap)
	if smallSite(size) && os.Getenv("GOGC") == "" {
		// A small site's build fills a heap of a few tens of MB in a tenth of a second, and
		// from the runtime's 4 MB minimum it collected about ten times doing so.
		raiseGCFloor()
	}
	fingerprinted := func() {} // waits for the fingerprint made beside the build
	if srcErr == nil && r == nil && path != "" {
		done := make(chan struct{})
		go func() {
			defer close(done)
			if k, _, err := srcs.Fingerprint(opts); err == nil {
				key, record = k, path
			}
		}()
		fingerprinted = func() { <-done }
	}
	res, ds := site.New(proj, opts).Build(ctx)
	clearProgress(c.stderr)
	printDiags(c.stderr, ds)
	if res == nil {
		fmt.Fprintf(c.stderr, "folio: build failed with %d error(s); %s left unchanged\n", len(ds.Errors()), c.out)
		return 1
	}
	if c.memprofile != "" {
		if err := writeHeapProfile(c.memprofile); err != nil {
			fmt.Fprintf(c.stderr, "folio: %v\n", err)
			return 1
		}
	}
	w := time.Now()
	if err := stage.Commit(res.Files); err != nil {
		fmt.Fprintf(c.stderr, "folio: %v\n", err)
		return 1
	}
	res.Timings = append(res.Timings, site.Timing{Stage: "write", D: time.Since(w)})
	printDiags(c.stderr, res.Warnings)
	summary, heaviest := res.Summary(), res.Heaviest(5)
	if !c.quiet {
		fmt.Fprintf(c.stdout, "built %s in %.0f ms\n%s\n", c.out, float64(time.Since(start).Microseconds())/1000, summary)
		fmt.Fprintf(c.stdout, "heaviest pages, gzipped HTML + CSS + JS:\n%s", heaviest)
	}
	fingerprinted()
	if record != "" {
		r := &buildRecord{Key: key, Heaviest: heaviest}
		r.Summary, _, _ = strings.Cut(summary, "\n") // not the stage timings
		for _, d := range res.Warnings {
			r.Warnings = append(r.Warnings, d.String())
		}
		if err := r.save(record, stage); err != nil {
			// The next build does the work again: nothing else depends on the record.
			fmt.Fprintf(c.stderr, "folio: keep a record of this build: %v\n", err)
		}
	}
	return 0
}

// heapFor is how much heap to lay out in huge pages for a build of every page of a site whose
// sources are size bytes: such a build fills about ten times its sources (cmd/corpus,
// N = 1,000 and 10,000), and the region is at least 64 MB.
func heapFor(size int64) int64 { return max(16*size, 64<<20) }

// smallSite reports whether a site whose sources are size bytes (-1: not known) builds within
// heapFor's minimum, as the bundled report does.
func smallSite(size int64) bool { return 0 <= size && 16*size <= 64<<20 }

// raiseGCFloor has a small site's build collect at GOGC=800 until its second collection,
// and at 200 from then on. The runtime's first goal is its minimum heap, 4 MB × GOGC/100, and
// the goal after the collection that frees preferHugePages' pieces is that minimum again: at
// 200 the report's --no-cache build then collected four times, growing its heap from 8 MB;
// at 800 it collects none but that one. The report, 30 alternating runs each: --no-cache
// 106.1 → 90.6 ms, first build 122.1 → 116.3 ms, edit 90.2 → 82.9 ms. From the second
// collection on, a heap larger than the report's grows at the usual pace: a cold N = 100
// corpus (five alternating runs) peaked at 69 → 74 MB (medians), where 800 throughout took
// 89 MB.
func raiseGCFloor() {
	gen := gcFloors.Add(1)
	debug.SetGCPercent(800)
	var arm func(n int)
	arm = func(n int) {
		// Not a tiny allocation: the runtime may never finalise those.
		s := &struct {
			p *int
			n int
		}{n: n}
		runtime.SetFinalizer(s, func(any) {
			switch {
			case gcFloors.Load() != gen:
				// A later build in this process (tests run many) raised its own.
			case n == 1:
				debug.SetGCPercent(200)
			default:
				arm(n - 1)
			}
		})
	}
	arm(2)
}

// gcFloors counts the calls of raiseGCFloor.
var gcFloors atomic.Int64

// progressPrinter shows progress on a terminal once a build takes more than a moment.
func progressPrinter(w io.Writer) func(stage string, done, total int) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	start := time.Now()
	var last time.Time
	return func(stage string, done, total int) {
		now := time.Now()
		if now.Sub(start) < 300*time.Millisecond || (now.Sub(last) < 100*time.Millisecond && done != total) {
			return
		}
		last = now
		fmt.Fprintf(f, "\r\033[K%s %d/%d", stage, done, total)
	}
}

func clearProgress(w io.Writer) {
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(f, "\r\033[K")
		}
	}
}

// writeHeapProfile records what the finished build holds: the live heap after a collection.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
