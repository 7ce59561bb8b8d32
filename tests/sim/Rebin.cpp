#include "sim/Rebin.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace sim {

void Rebin::northUp(FitsPlane &plane)
{
    const double crota = plane.number("CROTA2").value_or(0.0);
    if (std::abs(std::abs(crota) - 180.0) >= 1.0)
        return;
    std::reverse(plane.data.begin(), plane.data.end());
    plane.setNumber("CROTA2", crota - (crota > 0 ? 180.0 : -180.0));
    if (const auto c1 = plane.number("CRPIX1"))
        plane.setNumber("CRPIX1", plane.nx + 1 - *c1);
    if (const auto c2 = plane.number("CRPIX2"))
        plane.setNumber("CRPIX2", plane.ny + 1 - *c2);
}

QString Rebin::check(const ProcessingStep &step)
{
    const double scale = step.number(QStringLiteral("scale"), 1.0);
    const QString method = step.arg(QStringLiteral("method"), QStringLiteral("boxcar")).toLower();
    if (!(scale >= 1.0 / 4096) || !(scale <= 16))
        return QStringLiteral("rebin: scale %1 is not between 1/4096 and 16").arg(step.arg(QStringLiteral("scale")));
    if (method != QLatin1String("boxcar") && method != QLatin1String("gaussian"))
        return QStringLiteral("rebin: invalid conversion method"); // jsoc_rebin's words
    if (method == QLatin1String("gaussian") && step.number(QStringLiteral("FWHM"), -1.0) <= 0)
        return QStringLiteral("rebin: Need FWHM parameter");
    return {};
}

std::optional<FitsPlane> Rebin::apply(const ProcessingStep &step, const FitsPlane &source, QString *error)
{
    const double scale = step.number(QStringLiteral("scale"), 1.0);
    const QString method = step.arg(QStringLiteral("method"), QStringLiteral("boxcar")).toLower();
    if (const QString why = check(step); !why.isEmpty()) {
        *error = why;
        return std::nullopt;
    }
    const int factor = static_cast<int>((scale < 1.0 ? 1.0 / scale : scale) + 0.5);
    const int outNx = static_cast<int>(source.nx * scale + 0.5), outNy = static_cast<int>(source.ny * scale + 0.5);
    if (factor < 1 || outNx < 1 || outNy < 1 || qint64(outNx) * outNy > 8192LL * 8192LL) {
        *error = QStringLiteral("rebin: scale %1 gives no usable image").arg(scale);
        return std::nullopt;
    }
    FitsPlane in = source;
    northUp(in);

    // Weights along one axis: flat for boxcar, a Gaussian of FWHM pixels otherwise. The vector is
    // as long as the factor (or nvector), made odd or even like the factor so it stays centred.
    const double wanted = step.number(QStringLiteral("nvector"), factor);
    int n = wanted >= 1 && wanted <= 4.0 * factor + 1 ? static_cast<int>(wanted) : factor;
    if ((factor % 2) != (n % 2))
        ++n;
    std::vector<double> w(static_cast<size_t>(n), 1.0);
    if (method == QLatin1String("gaussian")) {
        const double fwhm = step.number(QStringLiteral("FWHM"), -1.0);
        if (fwhm <= 0) {
            *error = QStringLiteral("rebin: Need FWHM parameter");
            return std::nullopt;
        }
        const double sigma = fwhm / (2.0 * std::sqrt(2.0 * std::log(2.0)));
        for (int k = 0; k < n; ++k) {
            const double d = k - (n - 1) / 2.0;
            w[static_cast<size_t>(k)] = std::exp(-d * d / (2 * sigma * sigma));
        }
    }

    FitsPlane out;
    out.nx = outNx;
    out.ny = outNy;
    out.cards = in.cards;
    out.data.assign(static_cast<size_t>(outNx) * outNy, std::nanf(""));
    const int offset = (factor - 1) / 2 - n / 2 + ((factor - 1) % 2); // first input pixel of a block, relative
    if (scale < 1.0) {
        for (int oy = 0; oy < outNy; ++oy)
            for (int ox = 0; ox < outNx; ++ox) {
                double total = 0, weight = 0;
                for (int j = 0; j < n; ++j) {
                    const int iy = oy * factor + offset + j;
                    if (iy < 0 || iy >= in.ny)
                        continue;
                    for (int i = 0; i < n; ++i) {
                        const int ix = ox * factor + offset + i;
                        if (ix < 0 || ix >= in.nx)
                            continue;
                        const float v = in.at(ix, iy);
                        if (std::isnan(v))
                            continue;
                        const double wij = w[static_cast<size_t>(i)] * w[static_cast<size_t>(j)];
                        total += wij * v;
                        weight += wij;
                    }
                }
                if (weight > 0)
                    out.at(ox, oy) = static_cast<float>(total / weight);
            }
    } else {
        for (int oy = 0; oy < outNy; ++oy)
            for (int ox = 0; ox < outNx; ++ox)
                out.at(ox, oy) = in.at(std::min(ox / factor, in.nx - 1), std::min(oy / factor, in.ny - 1));
    }
    for (const char *k : {"CDELT1", "CDELT2"})
        if (const auto v = in.number(k))
            out.setNumber(k, *v / scale);
    for (const char *k : {"CRPIX1", "CRPIX2"})
        if (const auto v = in.number(k))
            out.setNumber(k, (*v - 0.5) * scale + 0.5);
    if (const auto r = in.number("R_SUN"))
        out.setNumber("R_SUN", *r * scale);
    return out;
}

} // namespace sim
