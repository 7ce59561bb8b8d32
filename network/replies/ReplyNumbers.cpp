#include "network/replies/ReplyNumbers.h"

#include <QVariant>

#include <cmath>

namespace jsoc::parse {

namespace {

using Kind = JsocError::Kind;

QString doubleText(double d)
{
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e21)
        return QString::number(d, 'f', 0);
    return QString::number(d, 'g', 17);
}

JsocError badValue(const QString &field, const QString &shown, const char *meaning)
{
    QString text = shown;
    if (text.size() > 40)
        text = text.left(40) + QStringLiteral("…");
    return JsocError::make(Kind::BadResponse, QStringLiteral("JSOC's reply has %1 %2, which is not %3")
                                                  .arg(field, text, QLatin1String(meaning)));
}

IntRead fromDouble(double d, const QString &field, const QString &shown, const IntRange &range, qint64 &out, JsocError &error)
{
    if (!std::isfinite(d)) {
        error = badValue(field, shown, "a finite number");
        return IntRead::Bad;
    }
    if (d != std::floor(d)) {
        error = badValue(field, shown, "a whole number");
        return IntRead::Bad;
    }
    // Compared as doubles first: converting an out-of-range double to an integer is undefined.
    if (d < double(range.min) || d > double(range.max)) {
        error = badValue(field, shown, range.meaning);
        return IntRead::Bad;
    }
    const qint64 n = qint64(d);
    if (n < range.min || n > range.max) { // rounding at the edges of a large range
        error = badValue(field, shown, range.meaning);
        return IntRead::Bad;
    }
    out = n;
    return IntRead::Ok;
}

} // namespace

IntRead readIntText(QStringView text, const QString &field, const IntRange &range, qint64 &out, JsocError &error)
{
    const QStringView t = text.trimmed();
    if (t.isEmpty())
        return IntRead::NotNumeric;
    bool ok = false;
    const qint64 n = t.toLongLong(&ok);
    if (ok) {
        if (n < range.min || n > range.max) {
            error = badValue(field, t.toString(), range.meaning);
            return IntRead::Bad;
        }
        out = n;
        return IntRead::Ok;
    }
    // "1e3", "2.0", "1.5", "1e400": through a double, as a JSON number would be.
    const double d = t.toDouble(&ok);
    if (!ok) {
        // toDouble() refuses overflow ("1e400") but it is still a number, just not a usable one.
        static const auto looksNumeric = [](QStringView s) {
            for (QChar c : s)
                if (!(c.isDigit() || c == u'-' || c == u'+' || c == u'.' || c == u'e' || c == u'E'))
                    return false;
            return s.front().isDigit() || s.front() == u'-' || s.front() == u'+';
        };
        if (looksNumeric(t)) {
            error = badValue(field, t.toString(), range.meaning);
            return IntRead::Bad;
        }
        return IntRead::NotNumeric;
    }
    return fromDouble(d, field, t.toString(), range, out, error);
}

IntRead readInt(const QJsonValue &value, const QString &field, const IntRange &range, qint64 &out, JsocError &error)
{
    if (value.isUndefined() || value.isNull())
        return IntRead::Absent;
    if (value.isDouble()) {
        // Whole numbers that fit 64 bits are kept exact by QJsonValue: range-check those as
        // integers, so 2^63-1 is reported as itself, not as the double it rounds to.
        const QVariant exact = value.toVariant();
        if (exact.typeId() == QMetaType::LongLong) {
            const qint64 n = exact.toLongLong();
            if (n < range.min || n > range.max) {
                error = badValue(field, QString::number(n), range.meaning);
                return IntRead::Bad;
            }
            out = n;
            return IntRead::Ok;
        }
        const double d = value.toDouble();
        return fromDouble(d, field, doubleText(d), range, out, error);
    }
    if (value.isString())
        return readIntText(value.toString(), field, range, out, error);
    return IntRead::NotNumeric;
}

} // namespace jsoc::parse
