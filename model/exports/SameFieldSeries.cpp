#include "model/exports/SameFieldSeries.h"

#include "model/drms/DrmsTime.h"

#include <QRegularExpression>

namespace jsoc {

const QList<SameFieldSeries> &sameFieldCandidates()
{
    static const QList<SameFieldSeries> candidates = [] {
        QList<SameFieldSeries> list;
        for (int wave : {94, 131, 171, 193, 211, 304, 335})
            list.append({QStringLiteral("AIA %1").arg(wave), QStringLiteral("aia.lev1_euv_12s"), wave,
                         QStringLiteral("image"), 12});
        for (int wave : {1600, 1700})
            list.append({QStringLiteral("AIA %1").arg(wave), QStringLiteral("aia.lev1_uv_24s"), wave,
                         QStringLiteral("image"), 24});
        struct Observable {
            const char *letter;
            const char *segment;
        };
        for (int cadence : {45, 720})
            for (const Observable &o : {Observable{"M", "magnetogram"}, Observable{"Ic", "continuum"},
                                        Observable{"V", "Dopplergram"}})
                list.append({QStringLiteral("HMI %1 %2s").arg(QLatin1String(o.letter)).arg(cadence),
                             QStringLiteral("hmi.%1_%2s").arg(QLatin1String(o.letter)).arg(cadence), 0,
                             QLatin1String(o.segment), double(cadence)});
        return list;
    }();
    return candidates;
}

std::optional<SameFieldSeries> sameFieldCandidateOf(const QString &recordSet)
{
    const QString series = recordSet.section(QLatin1Char('['), 0, 0).section(QLatin1Char('{'), 0, 0).trimmed();
    // The WAVELNTH filter is the second bracket: `[time][171]`.
    static const QRegularExpression secondBracket(QStringLiteral("^[^\\[]*\\[[^\\]]*\\]\\s*\\[\\s*(\\d+)\\s*\\]"));
    const QRegularExpressionMatch m = secondBracket.match(recordSet);
    const int wave = m.hasMatch() ? m.captured(1).toInt() : 0;
    for (const SameFieldSeries &c : sameFieldCandidates())
        if (c.series.compare(series, Qt::CaseInsensitive) == 0 && (c.wavelength == 0 || c.wavelength == wave))
            return c;
    return std::nullopt;
}

std::optional<SameFieldSeries> SameFieldSeries::fromText(const QString &text)
{
    const QString typed = text.trimmed();
    for (const SameFieldSeries &c : sameFieldCandidates())
        if (c.label.compare(typed, Qt::CaseInsensitive) == 0)
            return c;
    static const QRegularExpression form(
        QStringLiteral("^([A-Za-z][A-Za-z0-9_]*\\.[A-Za-z0-9_]+)\\s*(?:\\{\\s*([A-Za-z0-9_]*)\\s*\\})?$"));
    const QRegularExpressionMatch m = form.match(typed);
    if (!m.hasMatch())
        return std::nullopt;
    SameFieldSeries s;
    s.series = m.captured(1);
    s.segment = m.captured(2);
    s.label = s.segment.isEmpty() ? s.series : QStringLiteral("%1{%2}").arg(s.series, s.segment);
    // JSOC names a series by its cadence: hmi.B_720s, aia.lev1_vis_1h.
    static const QRegularExpression suffix(QStringLiteral("_(\\d+[smhd])$"));
    if (const QRegularExpressionMatch c = suffix.match(s.series); c.hasMatch())
        s.cadenceSeconds = drms::parseDuration(c.captured(1)).value_or(0.0);
    return s;
}

} // namespace jsoc
