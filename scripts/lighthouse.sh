#!/usr/bin/env bash
# Runs Lighthouse (npm lighthouse, mobile) with Debian's Chromium on the cover and the first
# chapter of both editions of the bundled report, built and served on loopback by the e2e
# package's TestLighthouse, and fails unless performance, accessibility, best practices and SEO
# are all 100. Prints the scores per page.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
ensure_tools
find_chromium >/dev/null

# Write out what earlier steps left in the page cache first: the kernel writing it back during
# a measurement takes CPU from the page under test (on CI, the tests and builds before this
# step leave hundreds of megabytes), and Lighthouse counts that as the page's blocking time.
sync
FOLIO_LIGHTHOUSE="$tools/node_modules/.bin/lighthouse" \
  go test -count=1 -run '^TestLighthouse$' -v ./e2e/ 2>&1 | grep -v '^=== ' 
exit "${PIPESTATUS[0]}"
