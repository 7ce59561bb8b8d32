#pragma once

#include <QString>
#include <optional>

#include "sim/InstrumentConstants.h"
#include "sim/RecordSpace.h"
#include "sim/SeriesDef.h"
#include "sim/SolarEphemeris.h"
#include "sim/SolarScene.h"

// What one record is, in one place: when it was observed, through which channel, where the Sun
// sits on the detector, its QUALITY and the statistics of its image. rs_list (KeywordSynth),
// the FITS header and the FITS pixels (FitsFactory) all read it from here, so a record never
// disagrees with itself. Pure functions of (series, record coordinates).
//
// Physical rules, documented (issue 14):
//  - Pointing, plate scale, roll, exposure and framelist timing per channel: instruments.json.
//  - AIA: T_OBS = T_REC + the channel's framelist offset (mid exposure); DATE-OBS = T_OBS -
//    EXPTIME/2. HMI: T_OBS = T_REC - (1 AU - DSUN_OBS)/c (T_REC is the time at 1 AU);
//    DATE-OBS = T_OBS - the observable's half window. MDI: T_OBS = T_REC + its integration centre.
//  - SDO eclipses (SdoEclipses, from the ephemeris): an AIA slot whose T_REC lies in the umbra
//    has no record (AIA takes no image in the Earth's shadow): a gap, up to ~67 min a day in two
//    ~3-week seasons a year. In the penumbra AIA records carry Q_ACS_ECLP (0x2000). An HMI
//    observable whose T_OBS lies in the umbra is a record without data, QUALITY QUAL_NODATA |
//    QUAL_ECLIPSE (0x80000100), as JSOC's lev1.5 records are; one whose window touches the shadow
//    carries QUAL_ECLIPSE | QUAL_POORQUALITY (0x120).
//  - A record whose QUALITY has bit 31 (no image) has MISSING statistics and no image.
//  - Statistics come from SolarScene at the record's geometry scaled to kStatisticsEdge pixels
//    (the simulator's served images are smaller than the 4096² detector; means, RMS and
//    percentiles do not depend on the sampling to within a fraction of a percent), computed every
//    kStatisticsStep and interpolated to T_OBS, the image showing the Sun at T_OBS itself: a
//    200,000-row rs_list with DATAMEAN renders a few hundred scenes, not 200,000 images, and
//    DATAMEAN agrees with the served image's mean to within about 1 %.
namespace sim {

struct RecordObservation {
    double tRec = 0;             // DRMS TAI seconds
    double tObs = 0;
    double dateObs = 0;          // start of the exposure / observable window
    double exptime = 0;
    qint64 wavelength = 0;
    int camera = 0;              // AIA telescope, HMI camera
    const ChannelConstants *constants = nullptr; // nullptr: no known instrument
    const Ephemeris *ephemeris = nullptr;        // at T_OBS, memoised
    quint32 quality = 0;
    bool noImage = false;        // QUALITY bit 31
};

class RecordTruth final
{
public:
    static constexpr int kStatisticsEdge = 128;
    static constexpr double kStatisticsStep = 6 * 3600.0; // [s] statistics interpolated between these
    static constexpr quint32 kNoImage = 0x80000000u;

    static double tRecOf(const SeriesDef &def, const Coord &c);
    static qint64 wavelengthOf(const SeriesDef &def, const Coord &c);
    // The solar ephemeris at t, kept once computed (JSOC stores these keywords with each record).
    static const Ephemeris &ephemerisAt(double t);
    static RecordObservation observe(const SeriesDef &def, const Coord &c);

    // AIA slots in SDO's umbra hold no record: true when the time-key slot is such a gap.
    static bool isGapSlot(const SeriesDef &def, qint64 slot);
    // The gap slots on the time key within [lo, hi], ascending, as inclusive ranges.
    static std::vector<std::pair<qint64, qint64>> gapSlots(const SeriesDef &def, qint64 lo, qint64 hi);
    static bool hasGaps(const SeriesDef &def);

    // What the record's (first image) segment shows; nullopt when the simulator has no image for it.
    static std::optional<SceneChannel> channelOf(const SeriesDef &def, qint64 wavelength, const QString &segment);
    static std::optional<SceneChannel> channelOf(const SeriesDef &def, const Coord &c);
    // The record's geometry on an image of `edge` pixels (the detector's when edge <= 0).
    static SceneGeometry geometry(const RecordObservation &o, int edge);
    // Pixels with data in a full-resolution image: the whole detector for AIA, the solar disk
    // for HMI/MDI observables (JSOC's statistics and TOTVALS count those only).
    static qint64 pixelCount(const RecordObservation &o);
    static bool dataOnDiskOnly(const RecordObservation &o);
    // Whether pixel (col, row), 0-based, of an image with this geometry lies on the solar disk.
    static bool onDisk(const SceneGeometry &g, int col, int row);
    // The time the record's image shows the Sun at (its T_OBS).
    static double sceneTime(const RecordObservation &o);
    // Statistics of the record's image (interpolated between memoised steps); nullopt when it has none.
    static std::optional<SceneStatistics> statistics(const SeriesDef &def, const Coord &c);
    static std::optional<SceneStatistics> statistics(const SeriesDef &def, const Coord &c, const RecordObservation &o);
};

} // namespace sim
