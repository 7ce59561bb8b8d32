#pragma once

#include <QString>

// Whether a file on disk is a whole, sound FITS file: what "verified" means for a download.
// Reads the file's own bytes (never through cfitsio, so a hostile header cannot crash it), in
// bounded memory, streaming:
// - every HDU header is 80-character cards in 2880-byte blocks, ends with END, and has the
//   mandatory keywords in order (SIMPLE/XTENSION, BITPIX, NAXIS, NAXISn, PCOUNT/GCOUNT);
// - each data unit's size follows from BITPIX × NAXIS1…n (PCOUNT/GCOUNT for extensions),
//   padded to 2880, without overflow;
// - the file ends exactly after the last padded data unit (nothing missing, nothing extra);
// - CHECKSUM and DATASUM match where an HDU carries them (the FITS standard's 32-bit ones'
//   complement sums; a blank value, or the all-zero CHECKSUM placeholder, means "not computed").
// A file cut exactly at an HDU boundary is a whole, shorter FITS file: only the size the server
// announced can tell it apart, so the downloader compares sizes as well.
// Memory: a 1 MiB buffer and one header block, whatever the file claims (model/fitsfile/FitsStructure).
namespace fits {

struct FitsFileCheck {
    enum class Verdict {
        Sound,            // structure whole; every CHECKSUM/DATASUM present matches
        NotFits,          // does not begin with a FITS primary header
        Truncated,        // the file ends before its last data unit does
        Damaged,          // a header does not parse, sizes overflow, or bytes trail the last HDU
        ChecksumMismatch, // structure whole, but a CHECKSUM or DATASUM does not match
        Unreadable        // the file cannot be opened or read
    };
    Verdict verdict = Verdict::Unreadable;
    QString problem;        // in words, empty when Sound ("HDU 2: DATASUM 123 but the data sum to 456")
    int hdus = 0;           // HDUs walked completely
    int checksummedHdus = 0; // HDUs whose CHECKSUM/DATASUM were present and verified

    bool isSound() const { return verdict == Verdict::Sound; }

    // The whole check on a file. Reads the file once, sequentially.
    static FitsFileCheck verify(const QString &path);
    // True when the first bytes look like a FITS primary header ("SIMPLE  =" at offset 0):
    // decides whether a downloaded file gets the FITS check at all.
    static bool looksLikeFits(const QString &path);
};

} // namespace fits
