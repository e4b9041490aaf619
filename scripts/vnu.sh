#!/usr/bin/env bash
# Builds the bundled report and checks every HTML page of it with the Nu HTML Checker
# (npm vnu-jar, run with Java). Any error fails; warnings are printed but do not fail.
#
#   scripts/vnu.sh            build content/ into a temporary directory and check it
#   scripts/vnu.sh DIR        check an existing build in DIR
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
ensure_tools
command -v java >/dev/null || { echo "java not found: apt-get install default-jre-headless" >&2; exit 1; }

dir=${1:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  go run ./cmd/folio build --quiet --no-cache --out "$dir/public"
  dir=$dir/public
fi
pages=$(find "$dir" -name '*.html' | wc -l)
[ "$pages" -gt 0 ] || { echo "vnu: no HTML pages in $dir" >&2; exit 1; }

# --also-check-svg: the diagrams and charts are inline SVG inside the pages already; this also
# covers any standalone .svg (favicon) the build ships.
java -jar "$tools/node_modules/vnu-jar/build/dist/vnu.jar" --format gnu --also-check-svg --skip-non-html "$dir"
echo "vnu: $pages HTML pages valid, no errors"
