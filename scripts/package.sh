#!/usr/bin/env bash
# Builds the Debian package, jsoc-browser_VERSION_ARCH.deb, into build/ (or the folder given):
# installs what is missing, builds the packaged programs (not the tests) and runs CPack.
# Install it with: sudo apt-get install ./jsoc-browser_VERSION_ARCH.deb
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$here/build}"
out="${1:-$build}"
bash "$here/scripts/install-deps.sh"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" --parallel "$(nproc)" --target jsoc-browser jsoc-cli jsoc-cli-fits jsoc_install_files
mkdir -p "$out"
cpack --config "$build/CPackConfig.cmake" -B "$out"
ls "$out"/jsoc-browser_*.deb
