#include "model/records/KeywordValueKind.h"

#include "model/drms/DrmsTime.h"
#include "model/drms/SeriesStructure.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace jsoc {

namespace {

QByteArrayView trimmedValueText(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool isMissingText(QByteArrayView text)
{
    return text.isEmpty() || text == QByteArrayView("MISSING");
}

std::optional<qint64> parseHex(QByteArrayView digits, bool negative)
{
    if (digits.isEmpty() || digits.size() > 16)
        return std::nullopt;
    quint64 bits = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits, 16);
    if (ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    qint64 value = 0;
    // JSOC prints hex as the zero-padded bit pattern of the keyword's type (%02X char … %016llX longlong).
    switch (digits.size()) {
    case 2: value = qint8(quint8(bits)); break;
    case 4: value = qint16(quint16(bits)); break;
    case 8: value = qint32(quint32(bits)); break;
    case 16: value = qint64(bits); break;
    default:
        if (bits > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        value = qint64(bits);
    }
    return negative ? -value : value;
}

} // namespace

ValueKind valueKindOfType(const QString &drmsType)
{
    KeywordInfo info;
    info.type = drmsType;
    if (info.isInteger())
        return ValueKind::Integer;
    if (info.isReal())
        return ValueKind::Real;
    if (info.isTime())
        return ValueKind::Time;
    return ValueKind::Text;
}

bool isPseudoIntegerKey(const QString &name)
{
    return name == QLatin1String("*recnum*") || name == QLatin1String("*sunum*") || name == QLatin1String("*size*");
}

const KeywordInfo *findKeyword(const SeriesStructure &structure, const QString &name)
{
    if (const KeywordInfo *exact = structure.keyword(name))
        return exact;
    for (const KeywordInfo &k : structure.keywords)
        if (k.name.compare(name, Qt::CaseInsensitive) == 0)
            return &k;
    return nullptr;
}

ValueKind valueKindOf(const SeriesStructure &structure, const QString &name)
{
    if (isPseudoIntegerKey(name))
        return ValueKind::Integer;
    const KeywordInfo *info = findKeyword(structure, name);
    return info ? valueKindOfType(info->type) : ValueKind::Text;
}

std::optional<qint64> parseIntegerValue(QByteArrayView text)
{
    text = trimmedValueText(text);
    if (isMissingText(text))
        return std::nullopt;
    QByteArrayView body = text;
    bool negative = false;
    if (body.front() == '-' || body.front() == '+') {
        negative = body.front() == '-';
        body = body.sliced(1);
    }
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X'))
        return parseHex(body.sliced(2), negative);
    qint64 value = 0;
    const char *first = text.data();
    if (text.front() == '+')
        ++first;
    const char *last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, value, 10);
    if (ec == std::errc() && end == last)
        return value;
    // "6173.0", "1e3": an integer keyword printed with a real format.
    const std::optional<double> real = parseRealValue(text);
    if (!real || *real < -9.2e18 || *real > 9.2e18)
        return std::nullopt;
    return qint64(std::trunc(*real));
}

std::optional<double> parseRealValue(QByteArrayView text)
{
    text = trimmedValueText(text);
    if (isMissingText(text))
        return std::nullopt;
    const char *first = text.data();
    if (text.front() == '+')
        ++first;
    const char *last = text.data() + text.size();
    double value = 0.0;
    const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
    if (ec == std::errc() && end == last)
        return std::isnan(value) ? std::nullopt : std::optional<double>(value);
    // Hex text ("0x3f") in a real column: read the integer it spells.
    const QByteArrayView unsignedText = (text.front() == '-' || text.front() == '+') ? text.sliced(1) : text;
    if (unsignedText.size() > 2 && unsignedText[0] == '0' && (unsignedText[1] == 'x' || unsignedText[1] == 'X')) {
        if (const std::optional<qint64> hex = parseIntegerValue(text))
            return double(*hex);
    }
    return std::nullopt;
}

std::optional<double> parseTimeValue(QByteArrayView text)
{
    text = trimmedValueText(text);
    if (isMissingText(text) || text.size() > 64)
        return std::nullopt;
    // Times are ASCII: widen into a stack buffer instead of allocating a QString per cell.
    char16_t buffer[64];
    for (qsizetype i = 0; i < text.size(); ++i)
        buffer[i] = char16_t(quint8(text[i]));
    const std::optional<double> t = drms::parseTime(QStringView(buffer, text.size()));
    if (!t || drms::isMissingTime(*t))
        return std::nullopt;
    return t;
}

std::optional<double> numericValue(ValueKind kind, QByteArrayView text)
{
    switch (kind) {
    case ValueKind::Integer:
        if (const std::optional<qint64> v = parseIntegerValue(text))
            return double(*v);
        return std::nullopt;
    case ValueKind::Real:
        return parseRealValue(text);
    case ValueKind::Time:
        return parseTimeValue(text);
    case ValueKind::Text:
        break;
    }
    return std::nullopt;
}

} // namespace jsoc
