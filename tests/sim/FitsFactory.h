#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace sim {

// What a generated image shows; picked from the series and segment names by kindFor().
enum class SolarImageKind { Euv, Continuum, Magnetogram, Dopplergram };

// Describes one record's segment image. Everything is optional: writeSolarImage() derives
// sensible values (AIA 171 on 2012-01-01) from what is missing.
struct SolarImageSpec {
    QString series = QStringLiteral("aia.lev1_euv_12s");
    QString segment = QStringLiteral("image");
    QString recordSpec;                       // "hmi.M_45s[2012.01.01_01:01:30_TAI][2]"; seeds the noise
    qint64 recnum = 0;
    QList<QPair<QString, QString>> primeKeys; // T_REC / WAVELNTH / CAMERA values as JSOC prints them
};

// Writes SDO-like FITS files the way JSOC stores them: an empty primary HDU followed by a Rice
// tile-compressed BITPIX 16 image with BSCALE/BZERO/BLANK as HMI/AIA use. When the spec names a
// simulator record (one the export side selected, or the first its record set resolves to), the
// file is that record: the header carries every keyword as its rs_list row prints it (RecordTruth
// via KeywordSynth; grid keywords follow the served size), the pixels are SolarScene's image at
// the record's geometry, BLANK off the disk for HMI/MDI. Otherwise the header is copied from the
// real samples in shared/fits-samples and the data are a simple synthetic disk. Deterministic:
// the same spec always gives the same bytes.
class FitsFactory final
{
public:
    static bool writeSolarImage(const QString &path, int size, const SolarImageSpec &spec, QString *error);
    // Convenience for benchmarks: an AIA 171 full-disk image of `size`².
    static bool writeSolarImage(const QString &path, int size, QString *error);

    static SolarImageKind kindFor(const QString &series, const QString &segment);
    // BSCALE/BZERO written for `kind` (physical = BZERO + BSCALE * stored).
    static double bscaleFor(SolarImageKind kind);
    static double bzeroFor(SolarImageKind kind);
    static constexpr short blankValue = -32768;
};

} // namespace sim
