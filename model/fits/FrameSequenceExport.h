#pragma once

#include "model/fits/FrameDifference.h"
#include "model/fits/ImageLimits.h"
#include "model/fits/Stretch.h"

#include <QSize>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

// A frame sequence saved as a movie (mp4/gif through MovieWriter) or as numbered PNGs
// (0001.png, 0002.png, … in a folder), shared by the frame player's File ▸ Save frames/movie and
// `jsoc-cli movie`. Every frame is drawn with one set of limits (a movie whose grey level jumps
// from frame to frame shows nothing): the given ones, or those of the first frame written (for
// base difference and ratio: of the frame farthest from the base, since the base shows nothing).
// Running difference starts at the second frame of the range (the first has nothing before it
// in the range unless one precedes it in `paths`). Blocking: run it on a worker thread in the GUI;
// `progress` is called after each frame and stops the run when it returns false (nothing is left
// under the final name then).
namespace fits {

struct FrameSequenceSpec {
    QStringList paths;        // frames in time order (FitsFrameSet)
    int first = 0;            // playback range, inclusive
    int last = -1;            // -1: the last frame
    FrameCompareOptions compare;
    int base = 0;             // the base frame for base difference and ratio
    StretchSpec stretch;
    ClipSpec clip;            // for the limits when none are given
    bool hasLimits = false;
    Limits limits;
    QString colourMap = QStringLiteral("auto"); // auto: the header's map; gray for differences
    bool invert = false;
    int maxSize = 0;          // longest side in pixels; 0 = full size
    bool northUp = true;
    double fps = 10.0;
    QString output;           // NAME.mp4, NAME.gif, or a folder for PNGs
};

struct FrameSequenceOutcome {
    int frames = 0;
    QSize size;
    Limits limits;
    QString colourMap;
    QString codec;            // "libx264", "mpeg4", "gif", "png"
    QStringList notes;        // the first compared frame's notes ("aligned by WCS", EXPTIME)
    QString error;
    bool cancelled = false;
    bool ok() const { return error.isEmpty() && !cancelled; }
};

class FrameSequenceExport final
{
public:
    using Progress = std::function<bool(int done, int total)>;

    // True when `output` names a folder of PNGs rather than a movie file.
    static bool isPngFolder(const QString &output);
    // The frames written, in order (indices into spec.paths).
    static QVector<int> framesOf(const FrameSequenceSpec &spec);
    // The name of the i-th PNG (0-based), "0001.png" …, wider when there are more than 9999.
    static QString pngName(int i, int total);
    static FrameSequenceOutcome run(const FrameSequenceSpec &spec, const Progress &progress = {});
};

} // namespace fits
