package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"

	"folio/internal/output"
)

// buildRecord is what folio build keeps, in the cache directory, of its last good build of an
// output: the fingerprint of everything the build read, a snapshot of what the output held
// after it, and what the build said. A build that finds both unchanged has nothing to do: the
// output already holds the site those sources make (upToDate).
type buildRecord struct {
	Key      [32]byte // site.Fingerprint
	Output   output.Snapshot
	Warnings []string
	Summary  string // pages and files
	Heaviest string
}

// recordPath is where the record of builds into out lives: one per output directory, so that
// builds of one project into two places do not take each other's turn.
func recordPath(cache, out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		abs = out
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "builds", hex.EncodeToString(sum[:12])+".gob")
}

// readRecord returns the record at path, or nil: an unreadable record is no record.
func readRecord(path string) *buildRecord {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var r buildRecord
	if gob.NewDecoder(bytes.NewReader(b)).Decode(&r) != nil {
		return nil
	}
	return &r
}

// upToDate reports whether the record was made from sources with the fingerprint key and out
// is still as that build left it.
func (r *buildRecord) upToDate(key [32]byte, out string) bool {
	return r != nil && r.Key == key && r.Output.Same(out)
}

// save writes the record whole (beside path, then renamed over it), with a snapshot of the
// output the stage committed.
func (r *buildRecord) save(path string, stage *output.Stage) error {
	snap, err := stage.Snapshot()
	if err != nil {
		return err
	}
	r.Output = *snap
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(r); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".record-")
	if err != nil {
		return err
	}
	_, err = f.Write(b.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
