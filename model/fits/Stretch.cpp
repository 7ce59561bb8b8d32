#include "model/fits/Stretch.h"

#include <cmath>

namespace fits {

double StretchSpec::defaultParameter(StretchKind kind)
{
    switch (kind) {
    case StretchKind::Log: return 1000.0;
    case StretchKind::Asinh: return 0.1;
    case StretchKind::Power: return 2.0;
    default: return 1.0;
    }
}

QString StretchSpec::nameOf(StretchKind kind)
{
    switch (kind) {
    case StretchKind::Linear: return QStringLiteral("linear");
    case StretchKind::Log: return QStringLiteral("log");
    case StretchKind::Sqrt: return QStringLiteral("sqrt");
    case StretchKind::Asinh: return QStringLiteral("asinh");
    case StretchKind::Power: return QStringLiteral("power");
    case StretchKind::HistEq: return QStringLiteral("histeq");
    }
    return {};
}

QStringList StretchSpec::names()
{
    return {QStringLiteral("linear"), QStringLiteral("log"), QStringLiteral("sqrt"),
            QStringLiteral("asinh"), QStringLiteral("power"), QStringLiteral("histeq")};
}

bool StretchSpec::parse(const QString &text, StretchSpec *spec)
{
    const QString t = text.trimmed().toLower();
    static const StretchKind kinds[] = {StretchKind::Linear, StretchKind::Log, StretchKind::Sqrt,
                                        StretchKind::Asinh, StretchKind::Power, StretchKind::HistEq};
    for (const StretchKind k : kinds) {
        if (t == nameOf(k)) {
            *spec = StretchSpec{k, 0.0};
            return true;
        }
    }
    if (t == QLatin1String("histogram") || t == QLatin1String("equalize") || t == QLatin1String("equalise")) {
        *spec = StretchSpec{StretchKind::HistEq, 0.0};
        return true;
    }
    return false;
}

double Stretch::apply(const StretchSpec &spec, double x)
{
    if (!(x > 0.0))
        return 0.0; // also NaN
    if (x > 1.0)
        x = 1.0;
    const double a = spec.effectiveParameter();
    switch (spec.kind) {
    case StretchKind::Linear:
    case StretchKind::HistEq:
        return x;
    case StretchKind::Log:
        return std::log(a * x + 1.0) / std::log(a + 1.0);
    case StretchKind::Sqrt:
        return std::sqrt(x);
    case StretchKind::Asinh:
        return std::asinh(x / a) / std::asinh(1.0 / a);
    case StretchKind::Power:
        return std::pow(x, a);
    }
    return x;
}

} // namespace fits
