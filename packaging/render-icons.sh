#!/usr/bin/env bash
# Renders resources/icons/jsoc-browser.svg into the PNG sizes the package installs (hicolor
# 16-128 px as jsoc-browser-SIZE.png; 256 px as jsoc-browser.png, also the window icon). Run after editing the SVG;
# the PNGs are committed, so building never needs a renderer. Needs rsvg-convert:
#   bash scripts/install-deps.sh --with-icon-tools
set -euo pipefail
icons=$(cd "$(dirname "$0")/../resources/icons" && pwd)
render() { rsvg-convert --width "$1" --height "$1" --output "$2" "$icons/jsoc-browser.svg"; }
for size in 16 24 32 48 64 128; do
  render "$size" "$icons/jsoc-browser-$size.png"
done
render 256 "$icons/jsoc-browser.png" # the 256 px one is also the window icon (app/CMakeLists.txt)
