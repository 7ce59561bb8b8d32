#pragma once

#include <QList>
#include <QString>

#include <optional>

// The series "Same field in other series…" offers: SDO's full-disk imagers, whose frames all see
// the Sun from the same spacecraft, so one helioprojective or Stonyhurst box is the same place on
// each of them. Real JSOC series, with their prime keys as JSOC declares them: AIA's level-1
// series are split by WAVELNTH (a second prime key, `[t][171]`), HMI's observables by CAMERA
// (left open). A series typed by the user becomes a candidate of its own (seriesFromText).
namespace jsoc {

struct SameFieldSeries {
    QString label;       // "AIA 171", "HMI M 45s": what the job's title and the dialog show
    QString series;      // "aia.lev1_euv_12s"
    int wavelength = 0;  // WAVELNTH prime key value; 0 = the series has none to give
    QString segment;     // "image"; "" = every segment
    double cadenceSeconds = 0; // T_REC step; 0 = unknown (a typed series without a cadence in its name)

    bool operator==(const SameFieldSeries &) const = default;

    // "hmi.B_720s", "hmi.B_720s{field}" or a candidate's label ("AIA 193"); nullopt when the text
    // names no series. The cadence comes from the name's suffix (`_720s`, `_1h`), as JSOC names them.
    static std::optional<SameFieldSeries> fromText(const QString &text);
};

// AIA 94, 131, 171, 193, 211, 304, 335 (aia.lev1_euv_12s), AIA 1600, 1700 (aia.lev1_uv_24s),
// HMI magnetogram, continuum and Dopplergram at 45 s and 720 s.
const QList<SameFieldSeries> &sameFieldCandidates();

// The candidate a record set names ("aia.lev1_euv_12s[…][171]{image}" → AIA 171), for ticking the
// frame's own series; nullopt when it is none of them.
std::optional<SameFieldSeries> sameFieldCandidateOf(const QString &recordSet);

} // namespace jsoc
