// Package upstream keeps the copies folio holds of other modules' packages true to the
// versions in go.mod. The tests of a package that holds such a copy (internal/lexers,
// internal/extension) make, from the module's source, what each copied file should hold, and
// Check compares the package with it or, with -update, rewrites the package to it.
package upstream

import (
	"bytes"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// Dir is where the go command keeps the source of the module at path, at the version in
// go.mod. The test is skipped when the source is not at hand.
func Dir(t testing.TB, path string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		t.Skipf("the source of %s is not at hand: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}

// Check holds the files of the package in the working directory to want (name → bytes):
// have are the files it holds (copies and its own), ours those of its own, which are not
// copies. With update it writes want and removes the copies no longer in it; otherwise each
// difference is an error that says to run update, the command in how.
func Check(t *testing.T, want map[string][]byte, have, ours []string, update bool, how string) {
	t.Helper()
	if update {
		for _, f := range have {
			if _, ok := want[f]; !ok && !slices.Contains(ours, f) {
				os.Remove(f)
			}
		}
		for f, b := range want {
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for _, f := range have {
		if _, ok := want[f]; !ok && !slices.Contains(ours, f) {
			t.Errorf("%s is no longer a copy; run %s", f, how)
		}
	}
	for f, b := range want {
		if got, err := os.ReadFile(f); err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s is not as the module in go.mod makes it; run %s", f, how)
		}
	}
}
