#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// The header of a segment file fetched straight from SUMS, built from its record's keywords.
//
// A SUMS file's header is bare: the structural cards (BITPIX, NAXISn, the tile-compression Z*
// cards, BZERO/BSCALE/BLANK, checksums) and nothing about the observation (protocol §10.6). The
// record's rs_list row has the rest: WCS (CRPIX/CDELT/CROTA2/CRVAL/CUNIT/CTYPE), the observer
// (DSUN_OBS, RSUN_OBS, CRLT_OBS, CRLN_OBS), T_OBS, QUALITY... RecordHeader writes a copy of the
// file whose image header holds those keywords too, after a COMMENT saying where they came from,
// so every FITS reader sees the record as an export would give it.
//
// Rules:
// - The file's own cards win: a keyword the image header already has is never replaced (its grid
//   is the one its pixels are on), and structural keywords are never taken from the row.
// - Types follow what rs_list prints: integers and 0x hex (QUALITY) become FITS integers, decimals
//   FITS reals, everything else a string (long strings use the CONTINUE convention). MISSING, nan
//   and empty values are left out, as are names FITS cannot hold (more than 8 characters after
//   DRMS's "__" -> "-").
// - The data units are copied byte for byte; the image HDU's CHECKSUM (which covers its header)
//   is dropped, its DATASUM kept, and its blank fill cards too. Only that header changes.
// Memory: the headers, plus a 1 MiB copy buffer.
namespace fits {

struct RecordKeyword {
    QString name;  // as rs_list names it (DATE__OBS, T_OBS, QUALITY)
    QString value; // as rs_list prints it ("2118", "0x00000000", "2014.01.01_00:00:45_TAI", "MISSING")
};

struct RecordHeaderBuild {
    enum class Outcome {
        Built,       // `out` written with the row's keywords added
        NothingToAdd,// `out` written, a plain copy: the file already had every keyword the row has
        NoImage,     // the file is FITS but has no image HDU (nothing written)
        NotReadable  // not FITS, damaged, or cannot be read or written (nothing left at `out`)
    };
    Outcome outcome = Outcome::NotReadable;
    QString problem;    // in words, for NoImage and NotReadable
    int imageHdu = -1;  // 0-based HDU whose header was extended
    QStringList added;  // FITS keywords added, in order

    bool ok() const { return outcome == Outcome::Built || outcome == Outcome::NothingToAdd; }
};

class RecordHeader final
{
public:
    // Writes `out` (replaced if it exists) from `in` and the row. `in` and `out` must differ.
    static RecordHeaderBuild build(const QString &in, const QString &out, const QList<RecordKeyword> &row);

    // The FITS keyword a DRMS keyword is written as ("DATE__OBS" -> "DATE-OBS"); empty when FITS
    // cannot hold it.
    static QByteArray fitsName(const QString &drmsName);
    // The card(s) for one keyword (80 bytes each; several for a long string); empty when the value
    // is left out (MISSING, nan, empty) or the name cannot be written.
    static QByteArray cards(const QString &drmsName, const QString &value);
    // Whether the file's structure owns `fitsKeyword` (never taken from a row).
    static bool isStructural(QByteArrayView fitsKeyword);
    // The words of the COMMENT cards written before the added keywords.
    static QString commentText();
};

} // namespace fits
