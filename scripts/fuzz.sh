#!/usr/bin/env bash
# Runs every fuzz target in the module for a bounded time each.
#
#   scripts/fuzz.sh                    every target, FUZZTIME each (default 10s)
#   FUZZTIME=10m scripts/fuzz.sh ./internal/chart/...   only the targets under those packages
#   FUZZ='^FuzzRender$' scripts/fuzz.sh ./internal/chart  only the targets matching a regexp
#   JOBS=2 scripts/fuzz.sh             two targets at a time (default 1)
#   FUZZMINIMIZETIME=1m scripts/fuzz.sh  minimize new inputs longer (default 1s)
#
# Targets are found with `go test -list`, so a new Fuzz function is picked up without editing
# this script. Each target runs with one worker (-parallel=1), so JOBS targets use JOBS cores.
# A failing input is written by go test under the package's testdata/fuzz/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

export fuzztime=${FUZZTIME:-10s}
# go test minimizes each new interesting input for up to a minute by default, running no new
# inputs meanwhile: in a 10 s run it took the rest of the time, and the worker, still
# minimizing at the deadline, failed the target with "context deadline exceeded" (FuzzDecode,
# twice in a row in CI). A failing input is still written, less minimized.
export minimize=${FUZZMINIMIZETIME:-1s}
jobs=${JOBS:-1}
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./...)

# one PKG TARGET fuzzes one target and prints its log in one piece, so parallel runs do not mix.
one() {
  local pkg=$1 t=$2 start log rc=0
  start=$(date +%s)
  log=$(go test -run '^$' -fuzz "^${t}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" -parallel 1 "$pkg" 2>&1) || rc=$?
  # go test can report its own time limit as a failure ("context deadline exceeded") when a
  # worker is slow to answer at the deadline on a loaded machine. That names no input; a real
  # failure writes one under testdata/fuzz. Run such a target once more.
  if [ "$rc" -ne 0 ] && grep -q 'context deadline exceeded' <<<"$log" && ! grep -q 'Failing input written' <<<"$log"; then
    log="$log"$'\n'"(the fuzzer's own deadline, no failing input: running again)"$'\n'
    rc=0
    log+=$(go test -run '^$' -fuzz "^${t}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" -parallel 1 "$pkg" 2>&1) || rc=$?
  fi
  printf '== fuzz %s %s for %s\n%s\n' "$pkg" "$t" "$fuzztime" "$log"
  if [ "$rc" -eq 0 ]; then
    printf '   ok   %s %s (%ss)\n' "$pkg" "$t" "$(( $(date +%s) - start ))"
  else
    printf '   FAIL %s %s (%ss)\n' "$pkg" "$t" "$(( $(date +%s) - start ))"
  fi
  return "$rc"
}
export -f one

list=$(mktemp)
trap 'rm -f "$list"' EXIT
while read -r pkg; do
  for t in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' | grep -E "${FUZZ:-.}" || true); do
    echo "$pkg $t" >> "$list"
  done
done < <(go list "${pkgs[@]}")

ran=$(wc -l < "$list")
[ "$ran" -gt 0 ] || { echo "fuzz: no fuzz targets found" >&2; exit 1; }
failed=0
xargs -P "$jobs" -L 1 bash -c 'one "$0" "$1"' < "$list" || failed=1
if [ "$failed" -ne 0 ]; then
  echo "fuzz: $ran target(s) run for $fuzztime each; some FAILED (see above)"
  exit 1
fi
echo "fuzz: $ran target(s) run for $fuzztime each, all passed"
