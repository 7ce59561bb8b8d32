#!/bin/bash
# Builds the FITS loader fuzz target by hand with clang's libFuzzer + AddressSanitizer + UBSan
# (Debian: clang-14, libclang-rt-14-dev). Not part of the CMake build.
# Usage: bash tests/fuzz/build_fuzzer.sh [OUTPUT]   (default /tmp/fuzz_fits_loader)
# Then:  mkdir -p /tmp/fits-corpus && cp ../shared/fits-samples/*.fits tests/fuzz/regressions/* /tmp/fits-corpus/
#        (and the corpus of files from anywhere: JSOC_FITS_CORPUS_OUT=/tmp/fits-corpus build/tests/tst_fits_corpus
#        binaryTableReads; drop its 8 MB 100k-cards.fits, or pass -max_len=200000)
#        ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0 \
#        /tmp/fuzz_fits_loader -detect_leaks=0 -dict=tests/fuzz/fits.dict -max_total_time=300 -rss_limit_mb=2048 /tmp/fits-corpus
# allocator_may_return_null: a header claiming e.g. TFIELDS = 10^15 makes cfitsio calloc() petabytes;
# it checks for NULL and reports MEMORY_ALLOCATION, which is what malloc does outside ASan
# (regressions/huge-tfields.fits). Without the option ASan aborts on the request itself.
# detect_leaks=0: cfitsio 4.2's imcomp_decompress_tile leaks its tile buffer (a few hundred bytes)
# on some damaged tiles' error path; a bounded leak inside cfitsio, not a crash.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-/tmp/fuzz_fits_loader}"
CXX="${CXX:-clang++}"
# QObjects (FitsFrameCache, FitsTableModel: they need moc) read no bytes themselves: left out.
sources=($(for f in "$here"/model/fits/*.cpp "$here"/model/fitsfile/*.cpp; do
             grep -q Q_OBJECT "${f%.cpp}.h" 2>/dev/null || echo "$f"; done)
         "$here"/tests/fuzz/fuzz_fits_loader.cpp)
"$CXX" -std=c++20 -g -O1 -fPIC -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$here" $(pkg-config --cflags Qt6Core Qt6Gui Qt6Concurrent cfitsio wcslib zlib) \
    "${sources[@]}" -o "$out" \
    $(pkg-config --libs Qt6Core Qt6Gui Qt6Concurrent cfitsio wcslib zlib) -lbz2 # libbz2 has no .pc (FitsBzip2)
echo "built $out"
