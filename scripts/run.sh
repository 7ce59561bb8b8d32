#!/usr/bin/env bash
# Installs what is missing, builds, and starts JSOC Browser.
#   scripts/run.sh          -> against the real JSOC (or $JSOC_SERVER)
#   scripts/run.sh --demo   -> starts the loopback JSOC simulator and points the app at it
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/install-deps.sh"
build="${BUILD_DIR:-$here/build}"
# The same configuration as scripts/test.sh, so running one after the other rebuilds nothing.
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target jsoc-browser jsoc-sim jsoc-cli

if [ "${1:-}" = "--demo" ]; then
  shift
  fifo=$(mktemp -u); mkfifo "$fifo"
  # Like JSOC, the simulator exports only to registered addresses. The demo registers
  # demo@example.org, the address the app has saved (Preferences) and $JSOC_DEMO_EMAIL.
  conf="${XDG_CONFIG_HOME:-$HOME/.config}/JSOC Browser/jsoc-browser.conf"
  registered="demo@example.org"
  for address in "$(sed -n '/^\[export\]/,/^\[/s/^notifyEmail=//p' "$conf" 2>/dev/null | head -n1)" "${JSOC_DEMO_EMAIL:-}"; do
    case "$address" in *@*.*) registered="$registered,$address" ;; esac
  done
  JSOC_SIM_REGISTERED="${JSOC_SIM_REGISTERED:+$JSOC_SIM_REGISTERED,}$registered" \
    "$build/tests/jsoc-sim" --host 127.0.0.1 --port 0 >"$fifo" &
  sim=$!
  trap 'kill $sim 2>/dev/null || true; rm -f "$fifo"' EXIT
  exec 3<"$fifo"
  read -r line <&3
  url=${line#listening on }
  echo "JSOC simulator: $url (registered for exports: $registered)" >&2
  "$build/app/jsoc-browser" --server "$url" "$@"
else
  exec "$build/app/jsoc-browser" "$@"
fi
