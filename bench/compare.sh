#!/usr/bin/env bash
# compare.sh builds the same generated corpus with folio and with Hugo, alternating runs, cold
# and warm, and prints the medians of wall time and peak memory with the ratio folio/Hugo.
#
# Usage, from the repository root:
#
#	bench/compare.sh                 N = 100, 1000 and 10000
#	bench/compare.sh 100 1000        only these sizes
#	REPS=7 REPS_LARGE=2 bench/compare.sh
#
# Everything it makes goes to bench/out/ (ignored by git): the binaries, the corpora, the
# outputs, the caches and the raw measurements (bench/out/runs.tsv).
#
# Modes, each measured with /usr/bin/time -f "%e %M %U %S" (wall seconds, peak RSS in KB, user
# and system CPU seconds; CPU time is the steadier figure on a machine shared with other work):
#
#	folio cold        folio build with an empty cache directory and no output directory
#	folio warm        the same build again, reusing the cache the cold run left: nothing changed,
#	                  so folio finds the output up to date and builds nothing
#	folio edit        one page edited (a sentence added), then built with that cache and output:
#	                  what an author's rebuild costs
#	folio plain cold  --no-diagrams: mermaid and chart blocks left to the browser, as Hugo does
#	folio plain warm
#	hugo cold         hugo --minify with no cache and no output directory
#	hugo warm         the same build again
#
# N = 10000 takes Hugo minutes per run, so it runs REPS_LARGE times (default 3) instead of REPS
# (default 5).
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=bench/out
BIN=$OUT/bin
REPS=${REPS:-5}
REPS_LARGE=${REPS_LARGE:-3}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000 10000)
HUGO_VERSION=v0.166.0

if [ ! -x /usr/bin/time ]; then
	echo "compare: /usr/bin/time is missing: install GNU time (Debian/Ubuntu: apt-get install time)" >&2
	exit 1
fi
mkdir -p "$BIN"

# Hugo from the Go module proxy; newer Hugo releases need modules the proxy does not serve.
if [ ! -x "$BIN/hugo" ] || ! "$BIN/hugo" version | grep -q "$HUGO_VERSION"; then
	echo "compare: installing Hugo $HUGO_VERSION (takes a few minutes)" >&2
	GOBIN=$PWD/$BIN GOTOOLCHAIN=go1.27.0 go install github.com/gohugoio/hugo@$HUGO_VERSION ||
		GOBIN=$PWD/$BIN GOTOOLCHAIN=go1.27.3 go install github.com/gohugoio/hugo@$HUGO_VERSION
fi
# folio as the README's set-up builds it: static (CGO_ENABLED=0 unless given).
CGO_ENABLED=${CGO_ENABLED:-0} go build -o "$BIN/folio" ./cmd/folio
go build -o "$BIN/corpus" ./cmd/corpus

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
echo "folio:   $(go version | cut -d' ' -f3-) ($(git rev-parse --short HEAD 2>/dev/null || echo "no git")), CGO_ENABLED=${CGO_ENABLED:-0}"
echo "hugo:    $("$BIN/hugo" version | cut -d' ' -f1-2)"
echo

RUNS=$OUT/runs.tsv
: >"$RUNS"

# aside moves outputs and caches out of the way before a cold run. They are deleted only when
# the script ends: deleting a tree of thousands of files leaves the file system busy (on the
# machine below, creating a file right after costs ten times as much), and that would be
# charged to whichever build ran next.
TRASH=$OUT/trash
rm -rf "$TRASH"
mkdir -p "$TRASH"
trap 'rm -rf "$TRASH"' EXIT
aside() {
	local d
	for d in "$@"; do
		if [ -e "$d" ]; then mv "$d" "$(mktemp -d "$TRASH/XXXXXX")/"; fi
	done
}

# measure N MODE CMD...: runs CMD under GNU time and appends "N MODE wall KB user sys" to runs.tsv.
# It first writes back what earlier runs left in the page cache: a build that starts while the
# kernel flushes the last one's files shares the CPU with that flushing, which charged one
# tool's writes to whichever ran next.
measure() {
	local n=$1 mode=$2
	shift 2
	local t=$OUT/time.txt
	sync
	if ! /usr/bin/time -f "%e %M %U %S" -o "$t" "$@" >"$OUT/last.log" 2>&1; then
		echo "compare: $mode at N=$n failed:" >&2
		cat "$OUT/last.log" >&2
		exit 1
	fi
	printf '%s\t%s\t%s\n' "$n" "$mode" "$(tr ' ' '\t' <"$t")" >>"$RUNS"
}

for n in "${SIZES[@]}"; do
	dir=$OUT/corpus-$n
	if ! "$BIN/corpus" -n "$n" -out "$dir" >/dev/null 2>"$OUT/corpus.log"; then
		echo "compare: generating the corpus of N=$n failed:" >&2
		cat "$OUT/corpus.log" >&2
		exit 1
	fi
	page=$(find "$dir/content/en" -name '*.md' ! -name '_index.md' | sort | sed -n 1p) # sed reads all: head would leave sort a broken pipe
	reps=$REPS
	[ "$n" -lt 10000 ] || reps=$REPS_LARGE
	echo "N=$n: $reps runs of each mode" >&2
	for r in $(seq "$reps"); do
		aside "$OUT/cache-$n" "$OUT/cache-plain-$n" "$dir/public" "$dir/public-plain" "$dir/hugo/public" "$dir/hugo/resources" "$OUT/hugo-cache-$n"
		measure "$n" "folio cold" "$BIN/folio" build --quiet --source "$dir" --out "$dir/public" --cache "$OUT/cache-$n"
		measure "$n" "hugo cold" "$BIN/hugo" --quiet --minify --source "$dir/hugo" --cacheDir "$PWD/$OUT/hugo-cache-$n"
		measure "$n" "folio warm" "$BIN/folio" build --quiet --source "$dir" --out "$dir/public" --cache "$OUT/cache-$n"
		measure "$n" "hugo warm" "$BIN/hugo" --quiet --minify --source "$dir/hugo" --cacheDir "$PWD/$OUT/hugo-cache-$n"
		cp "$page" "$OUT/page.md"
		printf '\nA sentence added for the comparison.\n' >>"$page"
		measure "$n" "folio edit" "$BIN/folio" build --quiet --source "$dir" --out "$dir/public" --cache "$OUT/cache-$n"
		mv "$OUT/page.md" "$page"
		measure "$n" "folio plain cold" "$BIN/folio" build --quiet --no-diagrams --source "$dir" --out "$dir/public-plain" --cache "$OUT/cache-plain-$n"
		measure "$n" "folio plain warm" "$BIN/folio" build --quiet --no-diagrams --source "$dir" --out "$dir/public-plain" --cache "$OUT/cache-plain-$n"
		echo "  run $r done" >&2
	done
done

# The table: medians per size and mode, and folio over Hugo for the same temperature.
awk -F'\t' '
function median(key,   n, i, j, v, tmp) {
	n = split(vals[key], v, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { tmp = v[i]; v[i] = v[j]; v[j] = tmp }
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
{
	k = $1 SUBSEP $2
	if (!(k in seen)) { seen[k] = 1; order[++count] = k }
	vals[k "t"] = vals[k "t"] " " $3
	vals[k "m"] = vals[k "m"] " " $4
	vals[k "c"] = vals[k "c"] " " ($5 + $6)
	runs[k]++
}
END {
	printf "%-7s %-17s %5s %9s %9s %10s %10s %10s %11s\n", "N", "mode", "runs", "wall (s)", "CPU (s)", "peak (MB)", "wall/Hugo", "CPU/Hugo", "memory/Hugo"
	for (i = 1; i <= count; i++) {
		k = order[i]; split(k, p, SUBSEP)
		t = median(k "t"); m = median(k "m") / 1024; c = median(k "c")
		temp = (p[2] ~ /cold/) ? "cold" : "warm"
		h = p[1] SUBSEP "hugo " temp
		rt = ""; rc = ""; rm = ""
		if (p[2] !~ /^hugo/ && (h in seen)) {
			rt = sprintf("%.2f", t / median(h "t")); rc = sprintf("%.2f", c / median(h "c")); rm = sprintf("%.2f", m * 1024 / median(h "m"))
		}
		printf "%-7s %-17s %5d %9.2f %9.2f %10.0f %10s %10s %11s\n", p[1], p[2], runs[k], t, c, m, rt, rc, rm
	}
}' "$RUNS"
