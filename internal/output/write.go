package output

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Write makes dir hold exactly files. It is called only after a build succeeded, so a broken
// build never touches dir. It is a Stage given every file at once.
func Write(dir string, files Files) error {
	s := NewStage(dir)
	return s.Commit(files)
}

// Stage is an output directory being written. A build may hand it files early with Put — a
// large build its pages, each as soon as it is final, so that it need not hold them all — and
// hands it the rest with Commit, which puts everything in place; Abort leaves dir as it was.
//
// Put never writes into dir: it writes into a temporary directory beside it, so a build that
// fails after it leaves dir untouched.
//
// A new dir is the temporary directory, filled and renamed into place. An existing dir is
// brought up to date in place: files whose bytes did not change are left alone (Put does not
// even write them), changed and new files are renamed over their final name (so a reader sees
// either the old file or the new one, never half of one), and files the site no longer has are
// removed last. Creating files and directories is the dear part of writing a site (on some file
// systems a millisecond each, against microseconds to read and compare one), so a rebuild that
// changed a few pages writes a few files.
type Stage struct {
	dir    string
	update bool // dir exists: Commit brings it up to date in place

	mu     sync.Mutex
	tmp    string          // the temporary directory beside dir, made by the first file that needs it
	put    map[string]bool // path → written into tmp (false: dir holds these bytes already)
	dirs   map[string]bool // directories made in tmp
	size   int
	known  map[string]Entry     // the last build's files, hashed, as its snapshot saw them (Trust)
	states map[string]fileState // files this stage wrote or found holding their bytes
	// replaced: Commit swapped in the temporary directory, so dir holds exactly the
	// directories in dirs and the files in states, and Snapshot need not walk it.
	replaced bool
}

// fileState is a file as the stage left it: its stat then, and the hash of its bytes.
type fileState struct {
	stat Stat
	sum  [32]byte
}

// NewStage starts writing dir. An existing directory is updated in place; anything else at dir
// (nothing, a file, a symbolic link) is replaced, never followed.
func NewStage(dir string) *Stage {
	dir = filepath.Clean(dir)
	st, err := os.Lstat(dir)
	return &Stage{dir: dir, update: err == nil && st.IsDir(), put: map[string]bool{}, dirs: map[string]bool{}, states: map[string]fileState{}}
}

// Trust takes the snapshot the last build's stage took of dir (Snapshot): a file whose stat is
// still the one it recorded holds the bytes it hashed, and is not read to be compared. An
// update of a large site otherwise read every file of it.
func (s *Stage) Trust(last *Snapshot) {
	s.known = map[string]Entry{}
	for _, e := range last.Entries {
		if e.Hashed && !e.Racy && e.Mode.IsRegular() {
			s.known[e.Path] = e
		}
	}
}

// Snapshot records dir after Commit, with the hash of every file the stage wrote or found
// holding its bytes, for the next build's stage to Trust.
func (s *Stage) Snapshot() (*Snapshot, error) {
	taken := time.Now().UnixNano()
	if !s.replaced {
		return snap(s.dir, taken, s.states)
	}
	return s.snapReplaced(taken)
}

// snapReplaced is snap of a directory the stage made whole: its files' stats are the ones the
// stage recorded as it wrote them, and only its directories, whose times changed as entries
// were added, are stated again. Walking a large site stated every file of it, on one core,
// after everything else was done.
func (s *Stage) snapReplaced(taken int64) (*Snapshot, error) {
	snap := &Snapshot{Taken: taken, Entries: make([]Entry, 0, len(s.dirs)+len(s.states))}
	for d := range s.dirs {
		info, err := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(d)))
		if err != nil {
			return nil, fmt.Errorf("snapshot %s: %w", s.dir, err)
		}
		snap.Entries = append(snap.Entries, Entry{Stat: statOf(d, info)})
	}
	for _, st := range s.states {
		// A file written within the clock's tick of now is racy, as snap has it: Same reads it
		// again. Its sum is the one of the bytes the stage wrote, so a change made since, even
		// within that tick, shows then; reading the files back here was a serial millisecond at
		// the end of every first build of the report.
		racy := max(st.stat.MTime, st.stat.CTime) > taken-int64(racyWindow)
		snap.Entries = append(snap.Entries, Entry{Stat: st.stat, Racy: racy, Hashed: true, Sum: st.sum})
	}
	// In the order walk visits them: a directory's entries by name, each directory's entries
	// right after it, which is the order of the paths with "/" below every other byte.
	slices.SortFunc(snap.Entries, func(a, b Entry) int { return comparePaths(a.Path, b.Path) })
	return snap, nil
}

// comparePaths orders slash-separated paths as a walk of their tree visits them.
func comparePaths(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := a[i], b[i]
		if ca == cb {
			continue
		}
		switch {
		case ca == '/':
			return -1
		case cb == '/':
			return 1
		case ca < cb:
			return -1
		default:
			return 1
		}
	}
	return len(a) - len(b)
}

// holds reports whether the file p, at name, holds data, and records its state if so.
func (s *Stage) holds(p, name string, data []byte) bool {
	sum := sha256.Sum256(data)
	if e, ok := s.known[p]; ok {
		if info, err := os.Lstat(name); err == nil {
			if st := statOf(p, info); st == e.Stat {
				if e.Sum != sum {
					return false // the last build's bytes, and these are others
				}
				s.keep(p, st, sum)
				return true
			}
		}
	}
	info, same := sameContent(name, data)
	if same {
		s.keep(p, statOf(p, info), sum)
	}
	return same
}

func (s *Stage) keep(p string, st Stat, sum [32]byte) {
	s.mu.Lock()
	s.states[p] = fileState{st, sum}
	s.mu.Unlock()
}

// write writes data to the file p at name, and records its state.
func (s *Stage) write(p, name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	err = writeThrough(f, data)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		s.keep(p, statOf(p, info), sha256.Sum256(data))
	}
	return err
}

// Put writes the file at p (a site path) into the stage. Safe for concurrent use.
func (s *Stage) Put(p string, data []byte) error {
	if !validPath(p) {
		return fmt.Errorf("refusing to write %q outside the output directory", p)
	}
	if s.update && s.holds(p, filepath.Join(s.dir, filepath.FromSlash(p)), data) {
		s.mu.Lock()
		s.put[p], s.size = false, s.size+len(data)
		s.mu.Unlock()
		return nil
	}
	tmp, err := s.tmpDir()
	if err != nil {
		return err
	}
	if err := s.makeDir(tmp, path.Dir(p)); err != nil {
		return err
	}
	// A new dir is tmp renamed, which leaves its files' stats as they are; a file of an
	// updated one is renamed into it (commitUpdate), and stated again there.
	if err := s.write(p, filepath.Join(tmp, filepath.FromSlash(p)), data); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	s.mu.Lock()
	s.put[p], s.size = true, s.size+len(data)
	s.mu.Unlock()
	return nil
}

// Get reads back a file given to Put.
func (s *Stage) Get(p string) ([]byte, error) {
	s.mu.Lock()
	inTmp, ok := s.put[p]
	tmp := s.tmp
	s.mu.Unlock()
	switch {
	case !ok:
		return nil, fmt.Errorf("%s: not staged", p)
	case inTmp:
		return os.ReadFile(filepath.Join(tmp, filepath.FromSlash(p)))
	default:
		return os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(p)))
	}
}

// Len and Size are the number of files given to Put and their bytes.
func (s *Stage) Len() int  { s.mu.Lock(); defer s.mu.Unlock(); return len(s.put) }
func (s *Stage) Size() int { s.mu.Lock(); defer s.mu.Unlock(); return s.size }

// Abort drops what was staged; dir stays as it was.
func (s *Stage) Abort() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
		s.tmp = ""
	}
}

// Commit makes dir hold exactly the staged files and files. On failure nothing staged is kept.
func (s *Stage) Commit(files Files) error {
	paths := files.Paths()
	for _, p := range paths {
		if !validPath(p) {
			s.Abort()
			return fmt.Errorf("refusing to write %q outside the output directory", p)
		}
		if _, ok := s.put[p]; ok {
			s.Abort()
			return fmt.Errorf("%s: written twice", p)
		}
	}
	var err error
	if s.update {
		err = s.commitUpdate(files, paths)
	} else {
		err = s.commitReplace(files, paths)
	}
	s.Abort() // what is left of the temporary directory
	return err
}

func (s *Stage) tmpDir() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tmp != "" {
		return s.tmp, nil
	}
	parent := filepath.Dir(s.dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("create output parent: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(s.dir)+".tmp-")
	if err != nil {
		return "", fmt.Errorf("create temporary output: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	s.tmp = tmp
	return tmp, nil
}

// makeDir makes d (a site path) and its parents in tmp, once. Parents come from the record of
// what was made, so each new directory costs one mkdir: MkdirAll looks at every parent on the
// disk first, which tripled the system calls of a stage whose pages each have a directory.
func (s *Stage) makeDir(tmp, d string) error {
	if d == "." {
		return nil
	}
	s.mu.Lock()
	made := s.dirs[d]
	s.mu.Unlock()
	if made {
		return nil
	}
	if err := s.makeDir(tmp, path.Dir(d)); err != nil {
		return err
	}
	// Another goroutine may make it meanwhile: ErrExist is success.
	if err := os.Mkdir(filepath.Join(tmp, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create output directory: %w", err)
	}
	s.mu.Lock()
	s.dirs[d] = true
	s.mu.Unlock()
	return nil
}

// commitReplace writes files into the temporary directory beside the staged ones and swaps it
// in for dir.
func (s *Stage) commitReplace(files Files, paths []string) error {
	tmp, err := s.tmpDir()
	if err != nil {
		return err
	}
	var dirs []string
	for _, d := range dirsOf(paths) {
		if !s.dirs[d] { // made by Put
			dirs = append(dirs, d)
		}
	}
	if err := makeDirs(tmp, dirs); err != nil {
		return err
	}
	for _, d := range dirs {
		s.dirs[d] = true
	}
	errs := make([]error, len(paths))
	parallel(len(paths), func(i int) {
		errs[i] = s.write(paths[i], filepath.Join(tmp, filepath.FromSlash(paths[i])), files[paths[i]])
	})
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	dir := s.dir
	var old string
	if _, err := os.Lstat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("move old output aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return fmt.Errorf("swap in new output: %w", err)
	}
	s.tmp, s.replaced = "", true
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// commitUpdate brings an existing dir to exactly the staged files and files, touching only what
// differs.
func (s *Stage) commitUpdate(files Files, paths []string) error {
	dir := s.dir
	all := slices.Concat(paths, slices.Collect(maps.Keys(s.put)))
	wantDirs := dirsOf(all)
	// What dir holds now. WalkDir does not follow symbolic links: a link is an entry like a
	// file, so nothing below is ever written through one.
	var oldFiles, oldDirs []string
	kind := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		kind[rel] = d.Type()
		if d.IsDir() {
			oldDirs = append(oldDirs, rel)
		} else {
			oldFiles = append(oldFiles, rel)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read old output: %w", err)
	}

	// Clear the way: a directory where a file goes, or anything but a directory where a
	// directory goes.
	for _, p := range all {
		if m, ok := kind[p]; ok && m.IsDir() {
			if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			for k := range kind {
				if k == p || strings.HasPrefix(k, p+"/") {
					delete(kind, k)
				}
			}
		}
	}
	for _, d := range wantDirs {
		if m, ok := kind[d]; ok && !m.IsDir() {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(d))); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			delete(kind, d)
		}
	}
	var newDirs []string
	for _, d := range wantDirs {
		if _, ok := kind[d]; !ok {
			newDirs = append(newDirs, d)
		}
	}
	if err := makeDirs(dir, newDirs); err != nil {
		return err
	}

	errs := make([]error, len(all))
	parallel(len(all), func(i int) {
		p := all[i]
		name := filepath.Join(dir, filepath.FromSlash(p))
		inTmp, staged := s.put[p]
		switch m, ok := kind[p]; {
		case staged && inTmp:
			if errs[i] = os.Rename(filepath.Join(s.tmp, filepath.FromSlash(p)), name); errs[i] == nil {
				s.restat(p, name) // a rename changes the file's ctime
			}
		case staged && ok && m.IsRegular():
			// dir held these bytes when they were staged
		case staged:
			errs[i] = fmt.Errorf("%s: changed while the site was built", name)
		case ok && m.IsRegular() && s.holds(p, name, files[p]):
		default:
			if errs[i] = writeReplacing(name, files[p]); errs[i] == nil {
				s.keepAt(p, name, sha256.Sum256(files[p]))
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("write output: %w", err)
	}

	// Then what the site no longer has: files, and directories left empty (deepest first).
	want := make(map[string]bool, len(all)+len(wantDirs))
	for _, p := range all {
		want[p] = true
	}
	for _, d := range wantDirs {
		want[d] = true
	}
	for _, f := range oldFiles {
		if _, still := kind[f]; still && !want[f] {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove old output: %w", err)
			}
		}
	}
	slices.SortFunc(oldDirs, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range oldDirs {
		if _, still := kind[d]; still && !want[d] {
			if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(d))); err != nil {
				return fmt.Errorf("remove old output: %w", err)
			}
		}
	}
	return nil
}

// restat records the stat of the file p, at name, which the stage wrote under another name
// and renamed.
func (s *Stage) restat(p, name string) {
	s.mu.Lock()
	st, ok := s.states[p]
	s.mu.Unlock()
	if ok {
		s.keepAt(p, name, st.sum)
	}
}

// keepAt records the file p, at name, as holding the bytes of sum, with its stat now.
func (s *Stage) keepAt(p, name string, sum [32]byte) {
	if info, err := os.Lstat(name); err == nil {
		s.keep(p, statOf(p, info), sum)
	}
}

// sameContent reports whether the file name holds exactly b, and its stat.
func sameContent(name string, b []byte) (fs.FileInfo, bool) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() != int64(len(b)) {
		return nil, false
	}
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	if cap(*bp) < len(b)+1 {
		*bp = make([]byte, len(b)+1)
	}
	buf := (*bp)[:len(b)+1] // one byte more: a file that grew meanwhile differs
	n, _ := readFull(f, buf)
	return st, n == len(b) && bytes.Equal(buf[:n], b)
}

// readBufs hold the files sameContent reads: an update compares every file of the site, and a
// fresh buffer for each was a third of a large warm build's allocations.
var readBufs = sync.Pool{New: func() any { return new([]byte) }}

func readFull(f *os.File, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := f.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// writeReplacing writes b beside name and renames it over name, so that name is always whole.
func writeReplacing(name string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = writeThrough(f, b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// writeThrough writes data to f through a small buffer that every write reuses. The bytes of
// a page are fresh memory, and on some virtual machines the kernel's first read of a fresh
// page costs a fault of its own in the hypervisor (a shadow page table for kernel mode). On
// such a machine BenchmarkWriteFresh writes a fresh megabyte in 3.7 ms straight from it and in
// 2.7 ms through the buffer, mapping and filling the megabyte included.
func writeThrough(f *os.File, data []byte) error {
	bp := writeBufs.Get().(*[writeBufSize]byte)
	defer writeBufs.Put(bp)
	for len(data) > 0 {
		n := copy(bp[:], data)
		if _, err := f.Write(bp[:n]); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

const writeBufSize = 64 << 10

var writeBufs = sync.Pool{New: func() any { return new([writeBufSize]byte) }}

// dirsOf returns every directory the paths need, parents before children.
func dirsOf(paths []string) []string {
	seen := map[string]bool{}
	var dirs []string
	for _, p := range paths {
		for d := path.Dir(p); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	slices.SortFunc(dirs, func(a, b string) int {
		if c := strings.Count(a, "/") - strings.Count(b, "/"); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return dirs
}

// makeDirs creates dirs (parents first) under root, one depth at a time in parallel: making a
// directory costs as much as writing a file, and there is one per page.
func makeDirs(root string, dirs []string) error {
	for start := 0; start < len(dirs); {
		depth := strings.Count(dirs[start], "/")
		end := start
		for end < len(dirs) && strings.Count(dirs[end], "/") == depth {
			end++
		}
		level := dirs[start:end]
		errs := make([]error, len(level))
		parallel(len(level), func(i int) {
			errs[i] = os.Mkdir(filepath.Join(root, filepath.FromSlash(level[i])), 0o755)
			if errors.Is(errs[i], fs.ErrExist) {
				errs[i] = nil
			}
		})
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("create output directory: %w", err)
		}
		start = end
	}
	return nil
}

func validPath(p string) bool {
	return p != "" && !strings.HasPrefix(p, "/") && !strings.Contains(p, "\\") && path.Clean(p) == p && !strings.HasPrefix(p, "../") && p != ".."
}
