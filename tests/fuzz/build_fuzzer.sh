#!/bin/bash
# Builds the FITS loader fuzz target by hand with clang's libFuzzer + AddressSanitizer + UBSan
# (Debian: clang-14, libclang-rt-14-dev). Not part of the CMake build.
# Usage: bash tests/fuzz/build_fuzzer.sh [OUTPUT]   (default /tmp/fuzz_fits_loader)
# Then:  mkdir -p /tmp/fits-corpus && cp ../shared/fits-samples/*.fits tests/fuzz/regressions/* /tmp/fits-corpus/
#        ASAN_OPTIONS=allocator_may_return_null=1 \
#        /tmp/fuzz_fits_loader -dict=tests/fuzz/fits.dict -max_total_time=300 -rss_limit_mb=2048 /tmp/fits-corpus
# allocator_may_return_null: a header claiming e.g. TFIELDS = 10^15 makes cfitsio calloc() petabytes;
# it checks for NULL and reports MEMORY_ALLOCATION, which is what malloc does outside ASan
# (regressions/huge-tfields.fits). Without the option ASan aborts on the request itself.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-/tmp/fuzz_fits_loader}"
CXX="${CXX:-clang++}"
# FitsFrameCache is a QObject (needs moc) and reads no bytes itself: left out.
sources=($(ls "$here"/model/fits/Fits*.cpp "$here"/model/fitsfile/Fits*.cpp | grep -v FitsFrameCache) "$here"/model/fits/ColourMap.cpp "$here"/model/fits/Stretch.cpp "$here"/model/fits/ImageLimits.cpp
         "$here"/model/fits/SolarWcs.cpp "$here"/model/fits/CfitsioMessage.cpp "$here"/model/fitsfile/VisibleText.cpp
         "$here"/tests/fuzz/fuzz_fits_loader.cpp)
"$CXX" -std=c++20 -g -O1 -fPIC -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$here" $(pkg-config --cflags Qt6Core Qt6Gui Qt6Concurrent cfitsio wcslib) \
    "${sources[@]}" -o "$out" \
    $(pkg-config --libs Qt6Core Qt6Gui Qt6Concurrent cfitsio wcslib)
echo "built $out"
