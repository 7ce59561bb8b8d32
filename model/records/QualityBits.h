#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

namespace jsoc {

// One set bit of a QUALITY word. Unknown bits have an empty name and meaning "bit N".
struct QualityBit {
    int bit = 0;        // 0 = least significant
    QString name;       // JSOC's macro name (Q_ACS_ECLP, QUAL_NODATA, …), empty when unknown
    QString meaning;    // short sentence, or "bit N" when the meaning is not confirmed
};

// Which table of QUALITY bit meanings applies to a series, chosen by its name.
enum class QualityScheme {
    Level1,          // aia.* and hmi.lev1*: build_lev1's QUALITY (quallev1.h)
    HmiLos45s,       // hmi.*_45s line-of-sight observables (level 1.5)
    HmiIquv720s,     // hmi.*_720s observables from 12-minute averaged IQUV (level 1.5)
    HmiLevel15,      // other hmi.* series: only the bits both level-1.5 tables agree on
    Unknown          // every set bit shown as "bit N"
};

QualityScheme qualitySchemeFor(const QString &seriesName);

// The 32-bit word of a QUALITY text as JSOC prints it: "0x00000000", "0x80000000", or decimal
// ("-2147483648", "1024"). nullopt for MISSING or text that is not an integer.
std::optional<quint32> parseQualityWord(QByteArrayView text);

// Set bits of `word`, most significant first, with their meaning under `scheme`.
QList<QualityBit> decodeQuality(quint32 word, QualityScheme scheme);

// Tooltip text for a QUALITY cell: the word, then one line per set bit ("bit 13 Q_ACS_ECLP: …"),
// or "no bits set" for 0. Empty when `text` is not a quality word.
QString qualityToolTip(QByteArrayView text, const QString &seriesName);

} // namespace jsoc
