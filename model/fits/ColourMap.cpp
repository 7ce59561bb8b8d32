#include "model/fits/ColourMap.h"

#include <algorithm>
#include <cmath>

namespace fits {
namespace {

// Channel curves over i = 0..255, each giving 0..255.
double linear(int i) { return i; }
double root(int i) { return std::sqrt(double(i)) * std::sqrt(255.0); }
double square(int i) { return double(i) * i / 255.0; }
double mixed(int i) { return (root(i) + square(i) / 2.0) * 255.0 / (255.0 + 127.5); }
// IDL's "red temperature" table: red rises first, then green, then blue.
double redTempR(int i) { return std::min(255.0, i * 255.0 / 176.0); }
double redTempG(int i) { return std::clamp((i - 120) * 255.0 / 135.0, 0.0, 255.0); }
double redTempB(int i) { return std::clamp((i - 190) * 255.0 / 65.0, 0.0, 255.0); }

using Curve = double (*)(int);
double halfRedTempB(int i) { return redTempB(i) / 2.0; }

struct AiaMap {
    int wavelength;
    Curve r, g, b;
};

const AiaMap kAia[] = {
    {94, square, mixed, linear},       {131, redTempG, redTempR, redTempR}, {171, redTempR, linear, redTempB},
    {193, root, linear, square},       {211, root, linear, mixed},          {304, redTempR, redTempG, redTempB},
    {335, square, linear, root},       {1600, mixed, mixed, square},        {1700, root, linear, linear},
    {4500, linear, linear, halfRedTempB},
};

int channel(double v) { return std::clamp(int(std::lround(v)), 0, 255); }

QVector<QRgb> build(Curve r, Curve g, Curve b)
{
    QVector<QRgb> t(256);
    for (int i = 0; i < 256; ++i)
        t[i] = qRgb(channel(r(i)), channel(g(i)), channel(b(i)));
    return t;
}

QVector<QRgb> magnetogram()
{
    // Blue (negative) → mid grey (zero) → red (positive); equal lightness steps on each side.
    QVector<QRgb> t(256);
    for (int i = 0; i < 256; ++i) {
        const double x = (i - 127.5) / 127.5; // -1 .. 1
        const double a = std::abs(x);
        const double grey = 128.0 * (1.0 - a);
        if (x < 0)
            t[i] = qRgb(channel(grey + 20 * a), channel(grey + 60 * a), channel(grey + 255 * a));
        else
            t[i] = qRgb(channel(grey + 255 * a), channel(grey + 50 * a), channel(grey + 20 * a));
    }
    return t;
}

QVector<QRgb> blueWhiteRed()
{
    // Differences and ratios: blue (less) → white (no change) → red (more), the same lightness
    // change per step on both sides so neither sign looks stronger.
    QVector<QRgb> t(256);
    const double blue[3] = {33, 64, 180}, red[3] = {180, 26, 36};
    for (int i = 0; i < 256; ++i) {
        const double x = (i - 127.5) / 127.5; // -1 .. 1
        const double *end = x < 0 ? blue : red;
        const double a = std::abs(x);
        t[i] = qRgb(channel(255 + (end[0] - 255) * a), channel(255 + (end[1] - 255) * a), channel(255 + (end[2] - 255) * a));
    }
    return t;
}

} // namespace

QStringList ColourMap::names()
{
    QStringList out{QStringLiteral("gray")};
    for (const AiaMap &m : kAia)
        out << QStringLiteral("aia%1").arg(m.wavelength);
    out << QStringLiteral("hmimag") << QStringLiteral("bwr");
    return out;
}

bool ColourMap::exists(const QString &name)
{
    return names().contains(name.toLower());
}

QVector<QRgb> ColourMap::table(const QString &name, bool invert)
{
    const QString n = name.toLower();
    QVector<QRgb> t;
    if (n == QLatin1String("hmimag"))
        t = magnetogram();
    if (n == QLatin1String("bwr"))
        t = blueWhiteRed();
    for (const AiaMap &m : kAia) {
        if (n == QStringLiteral("aia%1").arg(m.wavelength))
            t = build(m.r, m.g, m.b);
    }
    if (t.isEmpty())
        t = build(linear, linear, linear);
    if (invert)
        std::reverse(t.begin(), t.end());
    return t;
}

QVector<QRgb> ColourMap::displayTable(const QString &name, bool invert, QRgb blank)
{
    const QVector<QRgb> full = table(name, invert);
    QVector<QRgb> out(256);
    for (int i = 0; i < kBlankIndex; ++i)
        out[i] = full[int(std::lround(double(i) * 255.0 / double(kBlankIndex - 1)))];
    out[kBlankIndex] = blank;
    return out;
}

QString ColourMap::autoName(const FitsImage &image)
{
    const QString telescope = image.card(QStringLiteral("TELESCOP")).toUpper();
    const QString instrument = image.card(QStringLiteral("INSTRUME")).toUpper();
    const QString content = image.card(QStringLiteral("CONTENT")).toUpper();
    const QString unit = image.card(QStringLiteral("BUNIT")).toUpper();
    const bool aia = telescope.contains(QLatin1String("AIA")) || instrument.startsWith(QLatin1String("AIA"));
    if (aia) {
        const double wl = image.cardNumber(QStringLiteral("WAVELNTH"));
        const QString name = std::isfinite(wl) ? QStringLiteral("aia%1").arg(std::lround(wl)) : QString();
        return exists(name) ? name : QStringLiteral("gray");
    }
    const bool hmiOrMdi = telescope.contains(QLatin1String("HMI")) || instrument.contains(QLatin1String("HMI"))
                          || telescope.contains(QLatin1String("MDI")) || instrument.contains(QLatin1String("MDI"));
    const bool magnetic = content.contains(QLatin1String("MAGNETOGRAM")) || content.contains(QLatin1String("FIELD"))
                          || unit.contains(QLatin1String("GAUSS")) || unit.startsWith(QLatin1String("MX"));
    if (hmiOrMdi && magnetic)
        return QStringLiteral("hmimag");
    return QStringLiteral("gray");
}

} // namespace fits
