#include "sim/ExportProcessing.h"

#include "sim/ImPatch.h"
#include "sim/Rebin.h"
#include "sim/Regrid.h"

namespace sim {

std::optional<FitsPlane> ExportProcessing::step(const ProcessingStep &s, const FitsPlane &in, const FitsPlane *reference,
                                                 QString *error)
{
    if (s.name == QLatin1String("im_patch")) {
        const auto patch = ImPatch::plan(s, reference ? *reference : in, error);
        return patch ? patch->cut(in, error) : std::nullopt;
    }
    if (s.name == QLatin1String("rebin"))
        return Rebin::apply(s, in, error);
    if (s.name == QLatin1String("resize"))
        return Regrid::resize(s, in, error);
    if (s.name.startsWith(QLatin1String("aia_scale")))
        return Regrid::aiaScale(s, in, error);
    *error = QStringLiteral("unknown processing step %1").arg(s.name);
    return std::nullopt;
}

double ExportProcessing::sizeRatio(const ProcessingChain &chain, const FitsPlane &header)
{
    double ratio = 1.0;
    double pixels = double(header.nx) * header.ny;
    for (const ProcessingStep &s : chain.steps()) {
        if (s.name == QLatin1String("rebin")) {
            const double scale = s.number(QStringLiteral("scale"), 1.0);
            ratio *= scale * scale;
            pixels *= scale * scale;
        } else if (s.name == QLatin1String("im_patch") && pixels > 0) {
            QString ignored;
            if (const auto patch = ImPatch::plan(s, header, &ignored)) {
                const double box = double(patch->width()) * patch->height();
                ratio *= box / pixels;
                pixels = box;
            }
        }
    }
    return ratio;
}

bool ExportProcessing::run(const ProcessingChain &chain, const QString &sourcePath, const QString &targetPath,
                           const Reference &reference, QString *error)
{
    const std::optional<FitsPlane> plane = apply(chain, sourcePath, reference, error);
    return plane && plane->write(targetPath, error);
}

std::optional<FitsPlane> ExportProcessing::apply(const ProcessingChain &chain, const QString &sourcePath,
                                                 const Reference &reference, QString *error)
{
    std::optional<FitsPlane> plane = FitsPlane::read(sourcePath, error);
    if (!plane)
        return std::nullopt;
    for (int i = 0; i < chain.steps().size(); ++i) {
        const ProcessingStep &s = chain.steps()[i];
        std::optional<FitsPlane> ref;
        if (s.name == QLatin1String("im_patch") && reference) {
            ref = reference(s, error);
            if (!ref)
                return std::nullopt;
            // The reference goes through the steps before im_patch too, so both share one grid.
            for (int k = 0; k < i && ref; ++k)
                ref = step(chain.steps()[k], *ref, nullptr, error);
            if (!ref)
                return std::nullopt;
        }
        plane = step(s, *plane, ref ? &*ref : nullptr, error);
        if (!plane)
            return std::nullopt;
    }
    return plane;
}

} // namespace sim
