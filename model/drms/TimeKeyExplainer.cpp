#include "model/drms/TimeKeyExplainer.h"

#include <QStringList>
#include <cmath>

namespace jsoc {
namespace {

QString stepSecondsText(double seconds) { return QString::number(seconds, 'g', 12) + QStringLiteral(" s"); }

int precisionFor(double t)
{
    const double frac = t - std::floor(t);
    return (frac > 1e-6 && frac < 1.0 - 1e-6) ? 3 : 0;
}

bool isWhole(double v) { return std::abs(v - std::round(v)) < 1e-6; }

} // namespace

drms::TimeStyle timeKeyStyle(const PrimeKeyInfo &key)
{
    const QString u = key.units.trimmed().toUpper();
    if (u == QLatin1String("ISO"))
        return drms::TimeStyle::Iso;
    if (u == QLatin1String("UTC") || u == QLatin1String("UT") || u == QLatin1String("Z"))
        return drms::TimeStyle::Utc;
    return drms::TimeStyle::Tai;
}

QString timeKeyZone(const PrimeKeyInfo &key)
{
    return timeKeyStyle(key) == drms::TimeStyle::Tai ? QStringLiteral("TAI") : QStringLiteral("UTC");
}

bool timeHasZone(QStringView typed)
{
    const QStringView t = typed.trimmed();
    if (!drms::parseTime(t))
        return false;
    // A zone-less time still parses with `_TAI` appended; one that names its zone does not.
    return !drms::parseTime(t.toString() + QStringLiteral("_TAI")).has_value();
}

std::optional<drms::SlotAxis> timeKeySlots(const PrimeKeyInfo &key)
{
    if (!key.slotted || !key.isTime())
        return std::nullopt;
    const std::optional<double> step = key.stepSeconds();
    const std::optional<double> epoch = drms::parseTime(key.epoch.trimmed());
    if (!step || !epoch)
        return std::nullopt;
    drms::SlotAxis axis;
    axis.epoch = *epoch;
    axis.step = *step;
    // Real AIA data (rslist_aia samples) has its 12 s slots on whole multiples of the step from the
    // DRMS origin although the epoch prints as 1993.01.01_00:00:04_TAI; the simulator does the
    // same. So an epoch less than a step off that grid is snapped onto it.
    const double offGrid = std::fmod(*epoch, *step);
    if (std::abs(offGrid) > 1e-6 && std::abs(offGrid - *step) > 1e-6)
        axis.epoch = *epoch - offGrid;
    return axis;
}

QString describeTimeKeySlots(const PrimeKeyInfo &key)
{
    const auto axis = timeKeySlots(key);
    if (!axis)
        return {};
    const std::optional<double> printed = drms::parseTime(key.epoch.trimmed());
    if (printed && std::abs(*printed - axis->epoch) > 1e-6)
        return QStringLiteral("Slots every %1 on whole steps of TAI (the epoch prints as %2).")
            .arg(stepSecondsText(axis->step), key.epoch.trimmed());
    return QStringLiteral("Slots every %1 from %2.").arg(stepSecondsText(axis->step), key.epoch.trimmed());
}

QString explainTime(const PrimeKeyInfo &key, QStringView typed)
{
    const QString slotText = describeTimeKeySlots(key);
    const auto withSlots = [&](const QString &sentence) {
        return slotText.isEmpty() ? sentence : sentence + u' ' + slotText;
    };
    const drms::TimeStyle style = timeKeyStyle(key);
    const QString shownIn = style == drms::TimeStyle::Iso ? QStringLiteral("%1 is shown in UTC (ISO).").arg(key.name)
                            : style == drms::TimeStyle::Utc ? QStringLiteral("%1 is shown in UTC.").arg(key.name)
                                                            : QStringLiteral("%1 is shown in TAI.").arg(key.name);
    const QStringView text = typed.trimmed();
    if (text.isEmpty())
        return withSlots(shownIn + QStringLiteral(" Zone-less times are UTC to JSOC."));
    QString why;
    const std::optional<double> t = drms::parseTime(text, &why);
    if (!t)
        return why + u'.';

    const int precision = precisionFor(*t);
    const QString offset = QStringLiteral("TAI−UTC = %1").arg(stepSecondsText(drms::taiMinusUtc(*t)));
    QStringList forms;
    const auto addForm = [&](drms::TimeStyle s) {
        const QString f = drms::formatTime(*t, s, precision);
        if (f != text && !forms.contains(f))
            forms.append(f);
    };
    QString sentence;
    if (!timeHasZone(text)) {
        addForm(style);
        addForm(drms::TimeStyle::Tai);
        sentence = QStringLiteral("Zone-less times are UTC to JSOC; %1 = %2 (%3).")
                       .arg(text.toString(), forms.join(QStringLiteral(" = ")), offset);
    } else {
        // The other scale only: a TAI time is shown in UTC (or the key's ISO form), a UTC one in TAI.
        const QString upper = text.toString().toUpper();
        const bool typedTai = upper.endsWith(QLatin1String("TAI"));
        const bool typedUtc = upper.endsWith(u'Z') || upper.endsWith(QLatin1String("UTC")) || upper.endsWith(QLatin1String("_UT"));
        if (!typedTai)
            addForm(drms::TimeStyle::Tai);
        if (!typedUtc)
            addForm(style == drms::TimeStyle::Tai ? drms::TimeStyle::Utc : style);
        sentence = forms.isEmpty() ? QStringLiteral("%1 (%2).").arg(text.toString(), offset)
                                   : QStringLiteral("%1 = %2 (%3).")
                                         .arg(text.toString(), forms.join(QStringLiteral(" = ")), offset);
    }
    if (const auto axis = timeKeySlots(key)) {
        const qint64 index = axis->indexOf(*t);
        const double slot = axis->timeOf(index);
        if (std::abs(slot - *t) > 1e-6)
            sentence += QStringLiteral(" JSOC matches the nearest slot, %1.")
                            .arg(drms::formatTime(slot, style, precisionFor(slot)));
    }
    return withSlots(sentence);
}

QString explainDuration(const PrimeKeyInfo &key, QStringView duration)
{
    const QStringView d = duration.trimmed();
    if (d.isEmpty())
        return {};
    const auto axis = timeKeySlots(key);
    const std::optional<double> seconds = drms::parseDuration(d, axis ? axis->step : 0.0);
    if (!seconds) {
        if (!axis && d.endsWith(u'u'))
            return QStringLiteral("'%1' counts slots, but %2 is not slotted.").arg(d.toString(), key.name);
        return QStringLiteral("'%1' is not a duration (use e.g. 1d, 6h, 10m, 30s, 5u).").arg(d.toString());
    }
    QString out = QStringLiteral("%1 = %2").arg(d.toString(), stepSecondsText(*seconds));
    if (axis) {
        const double slotCount = *seconds / axis->step;
        out += isWhole(slotCount) ? QStringLiteral(" = %1 slots").arg(qint64(std::llround(slotCount)))
                              : QStringLiteral(" ≈ %1 slots").arg(slotCount, 0, 'f', 2);
    }
    return out + u'.';
}

QString explainCadence(const PrimeKeyInfo &key, QStringView cadence)
{
    const QStringView c = cadence.trimmed();
    if (c.isEmpty())
        return {};
    const auto axis = timeKeySlots(key);
    const std::optional<double> seconds = drms::parseDuration(c, axis ? axis->step : 0.0);
    if (!seconds || *seconds <= 0.0)
        return QStringLiteral("'@%1' is not a cadence (use e.g. 1h, 12s, 10u).").arg(c.toString());
    if (!axis)
        return QStringLiteral("@%1 = one record every %2.").arg(c.toString(), stepSecondsText(*seconds));
    const double slotCount = *seconds / axis->step;
    if (!isWhole(slotCount))
        return QStringLiteral("@%1 is not a whole number of %2 slots.").arg(c.toString(), stepSecondsText(axis->step));
    const qint64 n = std::llround(slotCount);
    if (n == 1)
        return QStringLiteral("@%1 = every slot.").arg(c.toString());
    return QStringLiteral("@%1 = every %2 slots (%3).").arg(c.toString()).arg(n).arg(stepSecondsText(*seconds));
}

} // namespace jsoc
