#!/usr/bin/env bash
# Installs the Debian 12 packages JSOC Browser needs to build, run and test.
# Only missing packages are installed; as root via apt-get, otherwise via sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite
  qt6-httpserver-dev qt6-websockets-dev
  libqcustomplot-dev libcfitsio-dev wcslib-dev libjpeg-dev zlib1g-dev
  # .fits.bz2 files (model/fits/FitsBzip2), read as cfitsio reads them.
  libbz2-dev
  # compress(1) and zip(1), which write the .Z and .zip files tests/tst_fits_corpus opens beside its own.
  ncompress zip
  # cfitsio's own imcopy, the referee of tests/tst_fits_corpus (what cfitsio reads must open).
  libcfitsio-bin
  python3-drms python3-sunpy python3-zeep python3-pytest python3-pytest-remotedata
  # The Debian package (scripts/package.sh) and its test: CPack's dpkg-shlibdeps, man -l, lintian,
  # appstreamcli.
  dpkg-dev file man-db lintian appstream
  # Saving movies (mp4/gif) from the frame player and jsoc-cli movie, and their tests (ffprobe).
  ffmpeg
)
for arg in "$@"; do
  case "$arg" in
    --with-test-tools) packages+=(xvfb xauth) ;;
    # The references the benchmarks compare against (tests/bench/); never needed by the tests.
    --with-bench-tools) packages+=(curl python3-astropy python3-parfive nginx-light) ;;
    # rsvg-convert, for packaging/render-icons.sh after the icon's SVG changed; never needed to build.
    --with-icon-tools) packages+=(librsvg2-bin) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1; then
  run=(sudo)
else
  echo "error: these Debian packages are missing and I am neither root nor have sudo:" >&2
  echo "  ${missing[*]}" >&2
  echo "Ask an administrator to run: apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
