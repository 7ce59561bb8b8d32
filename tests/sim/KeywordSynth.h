#pragma once

#include <QByteArray>
#include <QString>

#include "sim/RecordSpace.h"
#include "sim/SeriesDef.h"

// Keyword values of synthesised records: a pure function of (series, record, keyword), of the
// keyword's declared type, rendered the way jsoc_info prints them. Prime keys, times, CAR_ROT,
// INSTRUME/CAMERA/WAVELNTH, QUALITY, EXPTIME, the observer, the pointing (CRPIX/CDELT/CROTA2/R_SUN)
// and the image statistics (DATAMIN...DATAP99) are what RecordTruth says of the record, the same
// the served FITS file says; everything else is hashed into a plausible range, some values MISSING.
namespace sim {

struct KeyValue {
    enum class Kind { Int, Real, Time, Text };
    Kind kind = Kind::Text;
    bool missing = false;
    bool literal = false; // print `text` verbatim (constants keep their declared text)
    qint64 i = 0;
    double d = 0.0;       // Real value, or Time in DRMS seconds
    QByteArray text;
    double number() const { return kind == Kind::Int ? double(i) : d; }
};

class KeywordSynth final
{
public:
    static void prepare(SeriesDef &def); // fills keywordSeed / keywordRole
    static KeyValue value(const SeriesDef &def, const Coord &c, qint64 ordinal, int keyword);
    // Appends the rs_list text (unescaped, without quotes); MISSING rule applied (QUALITY never).
    static void appendText(QByteArray &out, const SeriesDef &def, int keyword, const KeyValue &v);
    static QByteArray text(const SeriesDef &def, int keyword, const KeyValue &v);
    // False for keywords whose values print even when missing (QUALITY), as appendText does.
    static bool printsMissing(const SeriesDef &def, int keyword);
    // True for keywords whose value is the same in every record of one value of the series'
    // window key (a HARP's NOAA numbers, HARPNUM itself, constants), so a query on them can be
    // answered once per HARP instead of once per record.
    static bool sameAcrossWindow(const SeriesDef &def, int keyword);
};

} // namespace sim
