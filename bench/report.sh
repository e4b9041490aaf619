#!/usr/bin/env bash
# Times folio on the bundled report, as an author meets it, and prints the median, fastest and
# slowest wall time of RUNS runs (default 15) of each:
#
#	version        ./folio version: starting the binary alone
#	unchanged      folio build with nothing changed since the last build
#	edit           folio build after a sentence is added to a chapter
#	fresh output   folio build into a deleted output directory, with the cache of the last
#	               build (a clean checkout on a machine that built the report before)
#	no cache       folio build --no-cache: every page, block, diagram and chart made again
#	first build    folio build with an empty cache and no output: a fresh clone on a machine
#	               that never built the report (the build fills the cache as it goes)
#
#	bench/report.sh            RUNS=30 bench/report.sh
#
# The project is a copy of content/, layouts/ and assets/ in a temporary directory, with its
# own cache, so the repository's public/ and the user's cache are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Built as the README's set-up builds it: static (CGO_ENABLED=0). CGO_ENABLED=1 measures the
# binary Go makes by default where a C compiler is installed.
CGO_ENABLED=${CGO_ENABLED:-0} go build -o "$tmp/folio" ./cmd/folio
echo "folio built with CGO_ENABLED=${CGO_ENABLED:-0}"
mkdir "$tmp/site" "$tmp/aside"
cp -r content layouts assets "$tmp/site/"
cd "$tmp/site"
chapter=content/zh/01-landscape.md
build=("$tmp/folio" build --quiet --cache "$tmp/cache")

# timed CMD... runs CMD and appends its wall time, in milliseconds, to times. EPOCHREALTIME
# (bash 5) rather than date(1), whose own start would be counted.
times=()
timed() {
	local start=${EPOCHREALTIME/[.,]/}
	"$@" >/dev/null
	local end=${EPOCHREALTIME/[.,]/}
	times+=($(((end - start) / 1000)))
}

# report LABEL TIMES... prints the median, fastest and slowest of TIMES.
report() {
	local label=$1
	shift
	printf '%s\n' "$@" | sort -n | awk -v l="$label" '{t[NR] = $1} END {
		m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "%-14s median %4d ms   fastest %4d ms   slowest %4d ms   (%d runs)\n", l, m, t[1], t[NR], NR
	}'
}

"${build[@]}" # the cache and the output the runs below start from
for ((i = 0; i < runs; i++)); do timed "$tmp/folio" version; done
report version "${times[@]}"
times=()
for ((i = 0; i < runs; i++)); do timed "${build[@]}"; done
report unchanged "${times[@]}"
times=()
for ((i = 0; i < runs; i++)); do
	printf '\nOne more sentence, %d.\n' "$i" >>"$chapter"
	timed "${build[@]}"
done
report edit "${times[@]}"
times=()
for ((i = 0; i < runs; i++)); do
	mv public "$tmp/aside/$i" # deleted when the script ends: deleting a tree slows file creation
	timed "${build[@]}"
done
report "fresh output" "${times[@]}"
times=()
for ((i = 0; i < runs; i++)); do timed "${build[@]}" --no-cache; done
report "no cache" "${times[@]}"
times=()
for ((i = 0; i < runs; i++)); do
	mv public "$tmp/aside/first-$i"
	timed "$tmp/folio" build --quiet --cache "$tmp/aside/cache-$i"
done
report "first build" "${times[@]}"
