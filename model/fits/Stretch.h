#pragma once

#include <QString>
#include <QStringList>

// Display stretches, as functions of the normalised value x = (v - low) / (high - low) in [0, 1]
// to [0, 1]. The parameterised forms follow the conventions solar and astronomy tools share
// (astropy.visualization): log(a·x + 1) / log(a + 1) with a = 1000, asinh(x / a) / asinh(1 / a)
// with a = 0.1, x^a with a = 2. Histogram equalisation depends on the data and is built by
// FitsRenderer from the image histogram; apply() treats it as linear.
namespace fits {

enum class StretchKind { Linear, Log, Sqrt, Asinh, Power, HistEq };

struct StretchSpec {
    StretchKind kind = StretchKind::Linear;
    double parameter = 0.0; // 0 = the default for the kind (see defaultParameter)

    double effectiveParameter() const { return parameter > 0.0 ? parameter : defaultParameter(kind); }
    QString name() const { return nameOf(kind); }

    static double defaultParameter(StretchKind kind);
    static QString nameOf(StretchKind kind);     // "linear", "log", "sqrt", "asinh", "power", "histeq"
    static QStringList names();
    // Parses a name (case-insensitive; "histogram" and "equalize" are accepted for histeq).
    static bool parse(const QString &text, StretchSpec *spec);
};

class Stretch final
{
public:
    // x outside [0, 1] is clamped first; NaN gives 0.
    static double apply(const StretchSpec &spec, double x);
};

} // namespace fits
