# Sourced by vnu.sh and lighthouse.sh: installs the npm tools they need, pinned, outside the
# repository (FOLIO_TOOLS, default: folio-tools/ in the user cache directory), once.
tools=${FOLIO_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/folio-tools}

# Lighthouse 13 wants Node 22; 12.2.3 is the newest that runs on Debian 12's Node 20.
npm_tools=(lighthouse@12.2.3 vnu-jar@26.9.27)

ensure_tools() {
  local want
  want=$(printf '%s\n' "${npm_tools[@]}")
  if [ -f "$tools/installed" ] && [ "$(cat "$tools/installed")" = "$want" ]; then
    return
  fi
  command -v npm >/dev/null || { echo "npm not found: apt-get install nodejs npm" >&2; return 1; }
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private": true}' > "$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error -E "${npm_tools[@]}" >&2)
  echo "$want" > "$tools/installed"
}

# find_chromium prints the path of Chromium, or fails.
find_chromium() {
  local c
  for c in "${FOLIO_CHROMIUM:-}" chromium chromium-browser google-chrome google-chrome-stable; do
    [ -n "$c" ] && command -v "$c" && return 0
  done
  echo "no Chromium found: apt-get install chromium (or set FOLIO_CHROMIUM)" >&2
  return 1
}
