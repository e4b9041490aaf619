#!/usr/bin/env bash
# Runs every fuzz target in the module for a bounded time each, one after another.
#
#   scripts/fuzz.sh                    every target, FUZZTIME each (default 10s)
#   FUZZTIME=10m scripts/fuzz.sh ./internal/chart/...   only the targets under those packages
#   FUZZ='^FuzzRender$' scripts/fuzz.sh ./internal/chart  only the targets matching a regexp
#
# Targets are found with `go test -list`, so a new Fuzz function is picked up without editing
# this script. Each target runs with one worker (-parallel=1) so two runs can share two cores.
# A failing input is written by go test under the package's testdata/fuzz/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-10s}
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./...)

failed=0
ran=0
while read -r pkg; do
  # -run '^$' lists only; the pattern keeps Fuzz functions, not tests or examples.
  targets=$(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' | grep -E "${FUZZ:-.}" || true)
  for t in $targets; do
    printf '== fuzz %s %s for %s\n' "$pkg" "$t" "$fuzztime"
    start=$(date +%s)
    if go test -run '^$' -fuzz "^${t}\$" -fuzztime "$fuzztime" -parallel 1 "$pkg"; then
      printf '   ok   %s %s (%ss)\n' "$pkg" "$t" "$(( $(date +%s) - start ))"
    else
      printf '   FAIL %s %s (%ss)\n' "$pkg" "$t" "$(( $(date +%s) - start ))"
      failed=$((failed + 1))
    fi
    ran=$((ran + 1))
  done
done < <(go list "${pkgs[@]}")

echo "fuzz: $ran target(s) run for $fuzztime each, $failed failed"
[ "$ran" -gt 0 ] || { echo "fuzz: no fuzz targets found" >&2; exit 1; }
[ "$failed" -eq 0 ]
