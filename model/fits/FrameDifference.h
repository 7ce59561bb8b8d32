#pragma once

#include "model/fits/FitsImage.h"
#include "model/fits/ImageLimits.h"

#include <QString>
#include <QStringList>

// Frames compared with other frames, as solar physicists look for change in a sequence:
//   running difference  frame i − frame i−1 (what moved since the last frame),
//   base difference     frame i − base frame (what changed since the base),
//   ratio               frame i / base frame (relative change; 0/0 and x/0 are blank, NaN).
// Optionally each frame is first divided by its EXPTIME (so a frame exposed longer does not look
// brighter: AIA's automatic exposure control shortens exposures during flares), which happens
// only when both frames carry a positive EXPTIME; and optionally the other frame is resampled
// onto this frame's (running) or the base's (base, ratio) pixel grid by WCS (FrameAlign).
// Blank pixels of either frame are blank in the result.
namespace fits {

enum class FrameMode { Normal, RunningDifference, BaseDifference, Ratio };

struct FrameCompareOptions {
    FrameMode mode = FrameMode::Normal;
    bool normaliseExposure = false;
    bool alignByWcs = false;
};

struct FrameCompareResult {
    FitsImage image;     // on the frame's grid (running) or the base's (base, ratio, when aligned)
    QStringList notes;   // said to the user: "divided by EXPTIME (1.99 s, 2.00 s)", "aligned by WCS"
    QString error;       // why the frames cannot be compared (sizes differ and no alignment …)
    bool ok() const { return error.isEmpty(); }
};

class FrameDifference final
{
public:
    static QString modeName(FrameMode mode);              // "normal", "running", "base", "ratio"
    static bool parseMode(const QString &text, FrameMode *mode);
    static bool isDifference(FrameMode mode) { return mode == FrameMode::RunningDifference || mode == FrameMode::BaseDifference; }
    // The frame this frame is compared with: i−1 for running (none for the first frame: -1),
    // `base` for base difference and ratio, -1 for normal.
    static int partnerOf(FrameMode mode, int index, int base);

    // `frame` compared with `other` (frame i−1, or the base) as `options.mode` says.
    static FrameCompareResult compare(const FitsImage &frame, const FitsImage &other, const FrameCompareOptions &options);

    // The physical unit of a compared frame: BUNIT or AIA's PIXLUNIT (per second when divided by EXPTIME), or
    // "ratio" for ratios.
    static QString unitOf(const FitsImage &frame, const FrameCompareOptions &options);

    // Display limits for the mode: differences symmetric about zero (± the `percent` percentile
    // of |d|, so zero is the middle of the colour map), ratios symmetric about 1 (1 ± the
    // percentile of |ratio − 1|, so "unchanged" is the middle of a diverging map, as for
    // differences), otherwise ImageLimits::compute.
    static Limits limitsFor(const FitsImage &compared, FrameMode mode, const ClipSpec &clip);
};

} // namespace fits
