#pragma once

#include <QString>

// When to suggest one tar (method url-tar) instead of one download per file (url, url_quick).
//
// Why 100 files. JSOC allows one connection per client and has blocked parallel downloaders
// (sunpy #4291, protocol notes §10.7), so files arrive strictly one after another, and each costs
// a whole HTTP request before its first byte: 0.3 s from nearby, up to ~1 s from far away
// (Europe, Asia) as measured on jsoc.stanford.edu. The waiting alone is N × 0.3–1 s:
//     10 files       3–10 s      (nothing to gain; a tar also delays the first file)
//     100 files     30–100 s     (as long as JSOC's own processing of a small export)
//     1,440 files   7–24 min     (one day of 1-minute data)
//     10,000 files  50 min–2.8 h
// From about 100 files on the per-file overhead is minutes, JSOC's packing of the tar (part of
// the export it runs anyway) is cheaper than that, and JSOC asks heavy users for url-tar by name.
// Below 100 the one-by-one download wins: each file can be opened as it lands.
// url_quick cannot help: it is immediate only for as-is exports whose files are all online, and
// it hands out one SUMS path per file, so it has no tar form at all.
// The price of a tar: the whole export is one file (resumable, but nothing opens before the end),
// and unpacking needs room for the tar and its files at once, about twice the export's size.
namespace jsoc {

inline constexpr qint64 kTarSuggestionMinFiles = 100;

struct TarSuggestion {
    bool suggest = false;
    // For the export dialog and jsoc-cli, in words; empty when there is nothing to say.
    // "1,440 files: ask for one tar (url-tar). One by one over JSOC's single connection each
    // file costs a request of 0.3–1 s, 7 min 12 s–24 min 00 s of waiting in all, and JSOC asks heavy
    // users for url-tar. Unpacking needs room for the tar and its files, about 2 × 21.6 GB."
    QString sentence;
};

// `fileCount`: files the export will have (records × segments); `totalBytes`: the export's size
// when known (-1 unknown). Below 100 files, and above a billion (a lie), nothing is suggested.
TarSuggestion suggestTarExport(qint64 fileCount, qint64 totalBytes = -1);

} // namespace jsoc
