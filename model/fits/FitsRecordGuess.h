#pragma once

#include "model/fits/FitsImage.h"

#include <QString>

// The record set a FITS file most likely came from, when nothing recorded its origin: the series
// from JSOC's export file name ("hmi.m_45s.20140101_000000_TAI.2.magnetogram.fits",
// "aia.lev1_euv_12s.2014-01-01T000001Z.171.image_lev1.fits") and the record's T_REC from its
// header, plus WAVELNTH for AIA's series, whose second prime key it is (without it the set would
// hold every wavelength of that moment). A guess for a person to check (the export dialog shows it editable), never sent unseen.
namespace fits {

struct FitsRecordGuess {
    QString series;    // "" when the file name does not start with one
    QString tRec;      // "" when the header has no T_REC
    QString wavelength; // AIA series only: "171"
    // "hmi.m_45s[2014.01.01_00:00:45_TAI]", "aia.lev1_euv_12s[2014-01-01T00:00:01Z][171]",
    // "hmi.m_45s", "[T_REC]" or ""
    QString recordSet() const;

    static FitsRecordGuess of(const FitsImage &image, const QString &filePath);
};

} // namespace fits
