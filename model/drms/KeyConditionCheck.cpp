#include "model/drms/KeyConditionCheck.h"

#include "model/drms/DrmsTime.h"
#include "model/drms/RecordSetSpec.h"
#include "model/drms/TimeKeyExplainer.h"

#include <cmath>

namespace jsoc {

namespace {

using Level = KeyConditionCheck::Level;

KeyConditionCheck verdict(Level level, const QString &message)
{
    return KeyConditionCheck{level, message};
}

// `2014-01-01 00:00` / `2014-01-01T00:00` written the DRMS way (`2014.01.01_00:00`), so that a
// zone suffix can be appended; other text is returned trimmed.
QString drmsLayout(QStringView typed)
{
    QString s = typed.trimmed().toString();
    const bool isoDate = s.size() >= 10 && s[4] == QLatin1Char('-') && s[7] == QLatin1Char('-');
    if (isoDate) {
        s[4] = QLatin1Char('.');
        s[7] = QLatin1Char('.');
        if (s.size() > 10 && (s[10] == QLatin1Char('T') || s[10] == QLatin1Char('t') || s[10] == QLatin1Char(' ')))
            s[10] = QLatin1Char('_');
    }
    const qsizetype space = s.indexOf(QLatin1Char(' '));
    if (space > 0)
        s = s.left(space) + QLatin1Char('_') + s.mid(space + 1).trimmed();
    return s;
}

QString canonicalText(double t, const PrimeKeyInfo &key)
{
    const bool fraction = std::abs(t - std::round(t)) > 1e-6;
    const drms::TimeStyle style = timeKeyZone(key) == QLatin1String("UTC") ? drms::TimeStyle::Utc : drms::TimeStyle::Tai;
    return drms::formatTime(t, style, fraction ? 3 : 0);
}

bool isNumericType(const QString &type)
{
    static const QStringList numeric = {QStringLiteral("char"),  QStringLiteral("short"), QStringLiteral("int"),
                                        QStringLiteral("longlong"), QStringLiteral("float"), QStringLiteral("double")};
    return numeric.contains(type);
}

bool isIntegerType(const QString &type)
{
    return isNumericType(type) && type != QLatin1String("float") && type != QLatin1String("double");
}

// One value of a numeric key: a number (an integer for integer keys); nullopt = fine.
std::optional<QString> numberProblem(const QString &text, const PrimeKeyInfo &key)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return QStringLiteral("%1 takes numbers (%2), not '%3'").arg(key.name, key.type, text.trimmed());
    if (isIntegerType(key.type) && v != std::floor(v))
        return QStringLiteral("%1 takes whole numbers, not %2").arg(key.name, text.trimmed());
    return std::nullopt;
}

QString spanText(double t, const PrimeKeyInfo &key)
{
    return drms::formatTime(t, timeKeyZone(key) == QLatin1String("UTC") ? drms::TimeStyle::Utc : drms::TimeStyle::Tai, 0);
}

// Note when [from, to] misses the series' records entirely.
KeyConditionCheck spanNote(double from, double to, const PrimeKeyInfo &key, const SeriesTimeSpan &span)
{
    if (span.first && to < *span.first)
        return verdict(Level::Note, QStringLiteral("The series' first record has %1 = %2; nothing is earlier.")
                                        .arg(key.name, spanText(*span.first, key)));
    if (span.last && from > *span.last)
        return verdict(Level::Note, QStringLiteral("The series' last record has %1 = %2; nothing is later.")
                                        .arg(key.name, spanText(*span.last, key)));
    return {};
}

KeyConditionCheck checkTime(const KeyCondition &c, const PrimeKeyInfo &key, const SeriesTimeSpan &span)
{
    QString error;
    const std::optional<QString> start = canonicalKeyTime(c.start, key, &error);
    if (!start)
        return verdict(Level::Problem, QStringLiteral("%1: %2").arg(key.name, error));
    const double from = *drms::parseTime(*start);
    double to = from;
    const double step = key.stepSeconds().value_or(0.0);
    switch (c.span) {
    case KeyCondition::TimeSpan::Single:
        break;
    case KeyCondition::TimeSpan::End: {
        const std::optional<QString> end = canonicalKeyTime(c.end, key, &error);
        if (!end)
            return verdict(Level::Problem, QStringLiteral("%1 (end): %2").arg(key.name, error));
        to = *drms::parseTime(*end);
        if (to < from)
            return verdict(Level::Problem, QStringLiteral("%1: the range ends (%2) before it starts (%3).")
                                               .arg(key.name, *end, *start));
        break;
    }
    case KeyCondition::TimeSpan::Duration: {
        const std::optional<double> length = drms::parseDuration(c.duration, step);
        if (!length || *length <= 0.0)
            return verdict(Level::Problem, QStringLiteral("%1: '%2' is not a duration (e.g. 1d, 6h, 10m, 30s%3).")
                                               .arg(key.name, c.duration, step > 0.0 ? QStringLiteral(", 5u slots") : QString()));
        to = from + *length;
        break;
    }
    }
    if (!c.cadence.isEmpty()) {
        const std::optional<double> cadence = drms::parseDuration(c.cadence, step);
        if (!cadence || *cadence <= 0.0)
            return verdict(Level::Problem, QStringLiteral("%1: '%2' is not a cadence (e.g. 12s, 1m, 1h).").arg(key.name, c.cadence));
    }
    return spanNote(from, to, key, span);
}

KeyConditionCheck checkList(const KeyCondition &c, const PrimeKeyInfo &key, const SeriesTimeSpan &span)
{
    if (!key.isTime() && !isNumericType(key.type))
        return {}; // strings: JSOC compares text, anything goes
    drms::RecordSetParseError syntax;
    const auto spec = drms::parseRecordSet(QStringLiteral("x[") + c.list + QLatin1Char(']'), &syntax);
    if (!spec || spec->subsets.size() != 1 || spec->subsets.first().filters.size() != 1)
        return verdict(Level::Problem, QStringLiteral("%1: '%2' is not a list of values (%3).")
                                           .arg(key.name, c.list, syntax.message));
    std::optional<double> earliest, latest;
    for (const drms::ValueItem &item : spec->subsets.first().filters.first().items) {
        using Kind = drms::ValueItem::Kind;
        if (item.kind == Kind::First || item.kind == Kind::Last || item.kind == Kind::Index
            || item.kind == Kind::IndexRange || item.kind == Kind::IndexDuration)
            continue;
        if (key.isTime()) {
            QString error;
            const std::optional<QString> a = canonicalKeyTime(item.first, key, &error);
            if (!a)
                return verdict(Level::Problem, QStringLiteral("%1: %2").arg(key.name, error));
            double from = *drms::parseTime(*a), to = from;
            if (item.kind == Kind::Range) {
                const std::optional<QString> b = canonicalKeyTime(item.second, key, &error);
                if (!b)
                    return verdict(Level::Problem, QStringLiteral("%1 (end): %2").arg(key.name, error));
                to = *drms::parseTime(*b);
                if (to < from)
                    return verdict(Level::Problem, QStringLiteral("%1: the range ends (%2) before it starts (%3).").arg(key.name, *b, *a));
            } else if (item.kind == Kind::Duration) {
                const std::optional<double> length = drms::parseDuration(item.second, key.stepSeconds().value_or(0.0));
                if (!length || *length <= 0.0)
                    return verdict(Level::Problem, QStringLiteral("%1: '%2' is not a duration.").arg(key.name, item.second));
                to = from + *length;
            }
            earliest = earliest ? std::min(*earliest, from) : from;
            latest = latest ? std::max(*latest, to) : to;
            continue;
        }
        if (const auto problem = numberProblem(item.first, key))
            return verdict(Level::Problem, *problem + QLatin1Char('.'));
        if (item.kind == Kind::Range) {
            if (const auto problem = numberProblem(item.second, key))
                return verdict(Level::Problem, *problem + QLatin1Char('.'));
            if (item.second.toDouble() < item.first.toDouble())
                return verdict(Level::Problem, QStringLiteral("%1: the range %2-%3 runs backwards.").arg(key.name, item.first, item.second));
        } else if (item.kind == Kind::Duration) {
            if (const auto problem = numberProblem(item.second, key))
                return verdict(Level::Problem, *problem + QLatin1Char('.'));
        }
    }
    if (earliest)
        return spanNote(*earliest, *latest, key, span);
    return {};
}

} // namespace

SeriesTimeSpan seriesTimeSpan(const SeriesStructure &structure, const QString &timeKey)
{
    const auto timeIn = [&](const QString &recordName) -> std::optional<double> {
        const auto spec = drms::parseRecordSet(recordName);
        if (!spec || spec->subsets.size() != 1)
            return std::nullopt;
        const QList<drms::Filter> &filters = spec->subsets.first().filters;
        for (int i = 0; i < filters.size() && i < structure.primeKeys.size(); ++i) {
            if (structure.primeKeys[i].compare(timeKey, Qt::CaseInsensitive) != 0 || filters[i].items.size() != 1)
                continue;
            const std::optional<double> t = drms::parseTime(filters[i].items.first().first);
            if (t && !drms::isMissingTime(*t))
                return t;
        }
        return std::nullopt;
    };
    return SeriesTimeSpan{timeIn(structure.interval.firstRecord), timeIn(structure.interval.lastRecord)};
}

std::optional<QString> canonicalKeyTime(QStringView typed, const PrimeKeyInfo &key, QString *error)
{
    const QString zone = timeKeyZone(key);
    // Without a zone of its own, the typed time is read in the key's zone; a text that already
    // has one fails this parse (`…_TAI_TAI`) and is read as typed below.
    std::optional<double> t = drms::parseTime(drmsLayout(typed) + QLatin1Char('_') + zone);
    if (!t)
        t = drms::parseTime(typed.trimmed(), error);
    if (!t)
        return std::nullopt;
    return canonicalText(*t, key);
}

std::optional<QString> explicitKeyTime(QStringView text, const PrimeKeyInfo &key)
{
    const std::optional<double> t = drms::parseTime(text.trimmed());
    if (!t)
        return std::nullopt;
    return canonicalText(*t, key);
}

KeyConditionCheck checkKeyCondition(const KeyCondition &condition, const PrimeKeyInfo &key, const SeriesTimeSpan &span)
{
    switch (condition.kind) {
    case KeyCondition::Kind::Any:
        return {};
    case KeyCondition::Kind::Time:
        return checkTime(condition, key, span);
    case KeyCondition::Kind::List:
        return checkList(condition, key, span);
    }
    return {};
}

} // namespace jsoc
