#pragma once

#include "sim/FitsPlane.h"

#include <QString>

#include <optional>

namespace sim {

// Protocol jpg as JSOC runs it (jsoc_export_as_images -> render_image): each exported image
// becomes a grey JPEG file named "<yyyymmdd_hhmmss>_<series>_<width>.jpg" (the T_REC slot in TAI,
// width written 4k/2k/1k/512/256/128 or as a number), binned by `size`, turned north up when
// stored upside down (|CROTA2| >= 2), scaled to 0..254 grey by `scaling` between min and max
// (MINMAX: the image's own; min= and max= given: those; MINMAX99 without the extreme 0.5 % at
// each end; MAXMIN reversed; LOG and SQRT of the linear scale). MISSING pixels are black.
// Colour tables other than grey are drawn grey (the simulator has no table files).
class JpegExport final
{
public:
    struct Options {
        QString scaling = QStringLiteral("MINMAX");
        int size = 1;
        std::optional<double> min, max;
        QString colourTable = QStringLiteral("grey.sao");
    };
    // "jpg,CT=grey.sao,scaling=MINMAX,size=1[,min=..][,max=..]" (drms's suffix); defaults for what is missing.
    static Options parseProtocol(const QString &protocol);
    // render_image's name; empty when `tRec` is not a time.
    static QString fileName(const QString &series, const QString &tRec, int width);
    static bool write(const FitsPlane &image, const Options &options, const QString &path, QString *error);
};

} // namespace sim
