#pragma once

#include <QString>

namespace sim {

// A segment file as SUMS stores it: the record's keywords live in the DRMS database, not in the
// file, so its headers hold only what reading the pixels needs (protocol §10.6). Made from the
// full file FitsFactory writes (same pixels, same compression): every card is removed except the
// structural ones (SIMPLE/XTENSION, BITPIX, NAXISn, EXTEND, PCOUNT/GCOUNT, the binary table's
// TFIELDS/TTYPEn/TFORMn, the tile-compression Z* cards, BZERO/BSCALE/BLANK), and CHECKSUM and
// DATASUM are written again for the smaller headers, as DRMS's writer does.
class SumsFile final
{
public:
    // Writes `barePath` (through a temporary name) from `fullPath`. False + `error` on failure.
    static bool writeBare(const QString &fullPath, const QString &barePath, QString *error);
    // Whether a card with this keyword stays in a SUMS file's header.
    static bool keeps(const QString &keyword);
};

} // namespace sim
