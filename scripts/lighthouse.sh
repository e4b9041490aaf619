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

FOLIO_LIGHTHOUSE="$tools/node_modules/.bin/lighthouse" \
  go test -count=1 -run '^TestLighthouse$' -v ./e2e/ 2>&1 | grep -v '^=== ' 
exit "${PIPESTATUS[0]}"
