#pragma once

#include "sim/FitsPlane.h"
#include "sim/ProcessingChain.h"

#include <functional>
#include <optional>

namespace sim {

// Runs a processing chain on one exported file, step after step, as JSOC's export manager runs
// the modules: the source FITS in, the processed FITS (float, north as the steps leave it, the
// header carried along with WCS keywords fixed by each step) out.
class ExportProcessing final
{
public:
    // The image of the record nearest im_patch's t_ref (its reference image), read whole.
    using Reference = std::function<std::optional<FitsPlane>(const ProcessingStep &imPatch, QString *error)>;

    static bool run(const ProcessingChain &chain, const QString &sourcePath, const QString &targetPath,
                    const Reference &reference, QString *error);
    // The processed image in memory (the source itself when the chain is empty).
    static std::optional<FitsPlane> apply(const ProcessingChain &chain, const QString &sourcePath, const Reference &reference,
                                          QString *error);
    // JSOC's size ratio of the chain (processed bytes / stored bytes), from the steps and the
    // header of a stored image with its full-resolution geometry: im_patch's box over the image,
    // rebin's scale squared; resampling steps keep the pixel count.
    static double sizeRatio(const ProcessingChain &chain, const FitsPlane &header);
    // One step on an image in memory.
    static std::optional<FitsPlane> step(const ProcessingStep &step, const FitsPlane &in, const FitsPlane *reference,
                                         QString *error);
};

} // namespace sim
