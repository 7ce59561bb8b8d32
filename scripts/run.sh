#!/usr/bin/env bash
# Installs what is missing, builds, and starts JSOC Browser.
#   scripts/run.sh          -> against the real JSOC (or $JSOC_SERVER)
#   scripts/run.sh --demo   -> starts the loopback JSOC simulator and points the app at it
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/install-deps.sh"
build="${BUILD_DIR:-$here/build}"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target jsoc-browser jsoc-sim jsoc-cli

if [ "${1:-}" = "--demo" ]; then
  shift
  fifo=$(mktemp -u); mkfifo "$fifo"
  "$build/tests/jsoc-sim" --host 127.0.0.1 --port 0 >"$fifo" &
  sim=$!
  trap 'kill $sim 2>/dev/null || true; rm -f "$fifo"' EXIT
  exec 3<"$fifo"
  read -r line <&3
  url=${line#listening on }
  echo "JSOC simulator: $url" >&2
  "$build/app/jsoc-browser" --server "$url" "$@"
else
  exec "$build/app/jsoc-browser" "$@"
fi
