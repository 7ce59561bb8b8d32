#include "model/exports/ProcessingCheck.h"

#include "model/drms/DrmsTime.h"

#include <QRegularExpression>

#include <cmath>
#include <optional>

namespace jsoc {
namespace {

using Kind = ProcessingField::Kind;

QString shown(double v)
{
    return QString::number(v, 'g', 10);
}

QString rangeText(const ProcessingField &f)
{
    if (std::isfinite(f.lowest) && std::isfinite(f.highest))
        return QStringLiteral("from %1 to %2").arg(shown(f.lowest), shown(f.highest));
    if (std::isfinite(f.lowest))
        return QStringLiteral("%1 or more").arg(shown(f.lowest));
    return QStringLiteral("%1 or less").arg(shown(f.highest));
}

bool inRange(const ProcessingField &f, double v)
{
    return v >= f.lowest && v <= f.highest;
}

// Problems with one value of the kind its field declares; `what` names the step and the field.
QStringList checkValue(const ProcessingField &f, const QString &v, const QString &what)
{
    // ',' '|' '=' separate steps and arguments; JSOC refuses ';' and unmatched quotes anywhere
    // (protocol §3.8); control characters would end up in a URL.
    static const QRegularExpression separators(QStringLiteral(R"([,|=;'"\x00-\x1f\x7f])"));
    if (separators.match(v).hasMatch())
        return {QStringLiteral("%1 may not contain ',', '|', '=', ';', quotes or control characters (they would break "
                               "the request). Remove them.")
                    .arg(what)};
    switch (f.kind) {
    case Kind::Number:
    case Kind::PositiveNumber: {
        const auto n = finiteNumber(v);
        if (!n)
            return {QStringLiteral("%1 must be a number, not \"%2\".").arg(what, v)};
        if (f.kind == Kind::PositiveNumber && *n <= 0)
            return {QStringLiteral("%1 must be a number above 0, not \"%2\".").arg(what, v)};
        if (!inRange(f, *n))
            return {QStringLiteral("%1 must be %2, not \"%3\".").arg(what, rangeText(f), v)};
        return {};
    }
    case Kind::Integer: {
        static const QRegularExpression digits(QStringLiteral(R"(^[+-]?\d+$)"));
        if (!digits.match(v).hasMatch())
            return {QStringLiteral("%1 must be a whole number (digits only), not \"%2\".").arg(what, v)};
        if (!inRange(f, v.toDouble()))
            return {QStringLiteral("%1 must be %2, not \"%3\".").arg(what, rangeText(f), v)};
        return {};
    }
    case Kind::Flag:
    case Kind::Choice:
        if (!f.choices.contains(v))
            return {QStringLiteral("%1 must be one of %2, not \"%3\".").arg(what, f.choices.join(QStringLiteral(", ")), v)};
        return {};
    case Kind::Time: {
        QString error;
        if (!drms::parseTime(v, &error))
            return {QStringLiteral("%1 is not a time JSOC reads (%2). Write e.g. 2014-01-01T00:00:00.").arg(what, error)};
        return {};
    }
    case Kind::Duration: {
        static const QRegularExpression unit(QStringLiteral(R"([smhd]$)"));
        const auto seconds = drms::parseDuration(v);
        if (!unit.match(v).hasMatch() || !seconds || !std::isfinite(*seconds) || *seconds <= 0)
            return {QStringLiteral("%1 must be a length of time with its unit, e.g. 720s, 12m, 1h or 1d; not \"%2\".").arg(what, v)};
        return {};
    }
    }
    return {};
}

QString labelOf(const ProcessingStepSpec &spec, const QString &key)
{
    const ProcessingField *f = spec.field(key);
    return QStringLiteral("%1: %2").arg(spec.name, f ? f->label : key);
}

// Arguments that depend on each other, per step (what the export page and the modules require).
QStringList checkTogether(const ProcessingStepSpec &spec, const ProcessingStep &step)
{
    QStringList problems;
    const QString name = spec.name;
    if (name == QLatin1String("im_patch") || name == QLatin1String("hg_patch")) {
        const QString loc = step.value(QStringLiteral("locunits")).trimmed();
        if (loc == QLatin1String("carrlong")) {
            if (!step.has(QStringLiteral("car_rot")))
                problems.append(QStringLiteral("%1 is needed with locunits=carrlong (x is then a Carrington longitude).")
                                    .arg(labelOf(spec, QStringLiteral("car_rot"))));
        } else if (!step.has(QStringLiteral("t_ref"))) {
            problems.append(QStringLiteral("%1 is needed: x and y say where the box is at that time (or use locunits=carrlong "
                                           "with car_rot).")
                                .arg(labelOf(spec, QStringLiteral("t_ref"))));
        }
        // Degrees on the Sun: Stonyhurst x is the distance from the central meridian, Carrington x
        // a longitude; y is a latitude in both.
        const auto x = finiteNumber(step.value(QStringLiteral("x")));
        const auto y = finiteNumber(step.value(QStringLiteral("y")));
        if ((loc == QLatin1String("stony") || loc == QLatin1String("carrlong")) && y && std::abs(*y) > 90)
            problems.append(QStringLiteral("%1: with locunits=%2, y is a latitude and must be from -90 to 90.").arg(name, loc));
        if (loc == QLatin1String("stony") && x && std::abs(*x) > 90)
            problems.append(QStringLiteral("%1: with locunits=stony, x is degrees from the central meridian and must be "
                                           "from -90 to 90 (the visible disk).")
                                .arg(name));
        if (loc == QLatin1String("carrlong") && x && (*x < 0 || *x > 360))
            problems.append(QStringLiteral("%1: with locunits=carrlong, x is a Carrington longitude and must be from 0 to 360.").arg(name));
        const auto start = drms::parseTime(step.value(QStringLiteral("t_start")).trimmed());
        const auto stop = drms::parseTime(step.value(QStringLiteral("t_stop")).trimmed());
        if (start && stop && *start > *stop)
            problems.append(QStringLiteral("%1: the start time is after the stop time. Swap them.").arg(name));
    } else if (name == QLatin1String("rebin")) {
        const bool gaussian = step.value(QStringLiteral("method")).trimmed() == QLatin1String("gaussian");
        for (const char *key : {"FWHM", "nvector"}) {
            const QString k = QLatin1String(key);
            if (gaussian && !step.has(k))
                problems.append(QStringLiteral("%1 is needed with method=gaussian.").arg(labelOf(spec, k)));
            else if (!gaussian && step.has(k))
                problems.append(QStringLiteral("%1 applies to method=gaussian only; clear it or choose gaussian.").arg(labelOf(spec, k)));
        }
    } else if (name == QLatin1String("resize")) {
        const bool rescale = step.value(QStringLiteral("rescale")).trimmed() == QLatin1String("1");
        if (rescale && !step.has(QStringLiteral("scale_to")))
            problems.append(QStringLiteral("%1 is needed with rescale=1.").arg(labelOf(spec, QStringLiteral("scale_to"))));
        else if (!rescale && step.has(QStringLiteral("scale_to")))
            problems.append(QStringLiteral("%1 is used only with rescale=1; set rescale=1 or clear it.")
                                .arg(labelOf(spec, QStringLiteral("scale_to"))));
    } else if (name.startsWith(QLatin1String("aia_scale_"))) {
        const bool cutout = step.has(QStringLiteral("xc")) || step.has(QStringLiteral("yc")) || step.has(QStringLiteral("wide"))
                            || step.has(QStringLiteral("high"));
        if (cutout && !(step.has(QStringLiteral("wide")) && step.has(QStringLiteral("high"))))
            problems.append(QStringLiteral("%1: a cutout needs both its width (wide) and height (high) in pixels.").arg(name));
    }
    return problems;
}

bool sameSeries(const QString &a, const char *b)
{
    return a.trimmed().compare(QLatin1String(b), Qt::CaseInsensitive) == 0;
}

// aia.lev1 and the series split from it by wavelength (aia.lev1_euv_12s, aia.lev1_uv_24s,
// aia.lev1_vis_1h): the ones whose LVL_NUM is 1, which is how the export page tells them.
bool isAiaLevel1(const QString &series)
{
    const QString s = series.trimmed();
    return sameSeries(s, "aia.lev1") || s.startsWith(QLatin1String("aia.lev1_"), Qt::CaseInsensitive);
}

// Whether step `name` works on `series`; empty when it does (or when that is not known).
QString seriesRuleForStep(const QString &name, const QString &series)
{
    const QString s = series.trimmed();
    if (name == QLatin1String("HmiB2ptr") && !sameSeries(s, "hmi.B_720s"))
        return QStringLiteral("HmiB2ptr works on hmi.B_720s only; %1 is not it. Remove the step, or export from "
                              "hmi.B_720s.")
            .arg(s);
    // The export page sends aia_scale_orig for the series aia.lev1 alone (its output series is
    // aia.lev1p5), aia_scale_aialev1 for the other AIA level-1 series, and aia_scale_other for
    // any other series whose images are helioprojective (CTYPE1 HPLN-TAN), which a series name
    // cannot tell: aia_scale_other is not refused here.
    if (name == QLatin1String("aia_scale_orig") && !sameSeries(s, "aia.lev1"))
        return QStringLiteral("aia_scale_orig works on the AIA series aia.lev1 only (it writes aia.lev1p5 records); %1 is "
                              "not it. %2")
            .arg(s, isAiaLevel1(s) ? QStringLiteral("Use aia_scale_aialev1 instead.")
                                   : QStringLiteral("Remove the step, or use aia_scale_other."));
    if (name == QLatin1String("aia_scale_aialev1") && !isAiaLevel1(s))
        return QStringLiteral("aia_scale_aialev1 works on AIA series only, and only on level 1 (aia.lev1, "
                              "aia.lev1_euv_12s, aia.lev1_uv_24s, aia.lev1_vis_1h); %1 is not one. Remove the step, or use "
                              "aia_scale_other.")
            .arg(s);
    return {};
}

} // namespace

std::optional<double> finiteNumber(const QString &text)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

bool seriesRefusesProcessing(const QString &series)
{
    // JSOC's no_processing.js lists hmi.sharp_720s, hmi.cea_720s and their _nrt versions; the CEA
    // SHARP series is really named hmi.sharp_cea_720s, so both spellings are here.
    for (const char *s : {"hmi.sharp_720s", "hmi.sharp_720s_nrt", "hmi.sharp_cea_720s", "hmi.sharp_cea_720s_nrt",
                          "hmi.cea_720s", "hmi.cea_720s_nrt"})
        if (sameSeries(series, s))
            return true;
    return false;
}

QStringList checkProcessingStep(const ProcessingStep &step, const QString &series)
{
    QStringList problems;
    const ProcessingStepSpec *spec = processingStepSpec(step.name);
    if (!spec) {
        QStringList names;
        const ProcessingStepSpec *nearly = nullptr;
        for (const ProcessingStepSpec &s : processingStepSpecs()) {
            names.append(s.name);
            if (s.name.compare(step.name.trimmed(), Qt::CaseInsensitive) == 0)
                nearly = &s;
        }
        if (nearly)
            problems.append(QStringLiteral("Unknown processing step \"%1\": JSOC's step names are written exactly; write %2.")
                                .arg(step.name, nearly->name));
        else
            problems.append(QStringLiteral("Unknown processing step \"%1\". JSOC knows %2; choose one of those.")
                                .arg(step.name, names.join(QStringLiteral(", "))));
        return problems;
    }
    if (!series.trimmed().isEmpty())
        if (const QString rule = seriesRuleForStep(spec->name, series); !rule.isEmpty())
            problems.append(rule);
    for (const auto &arg : step.args)
        if (!spec->field(arg.first) && !arg.second.trimmed().isEmpty()) // a blank one is left out of the text
            problems.append(QStringLiteral("%1 has no argument \"%2\"; it takes %3.")
                                .arg(spec->name, arg.first,
                                     [&] {
                                         QStringList keys;
                                         for (const ProcessingField &f : spec->fields)
                                             keys.append(f.key);
                                         return keys.join(QStringLiteral(", "));
                                     }()));
    for (const ProcessingField &f : spec->fields) {
        const QString v = step.value(f.key).trimmed();
        const QString what = labelOf(*spec, f.key);
        if (v.isEmpty()) {
            if (f.required)
                problems.append(QStringLiteral("%1 is needed.").arg(what));
            continue;
        }
        problems.append(checkValue(f, v, what));
    }
    problems.append(checkTogether(*spec, step));
    return problems;
}

QStringList checkProcessingForSeries(const QList<ProcessingStep> &steps, const QString &series)
{
    QStringList problems;
    const QString s = series.trimmed();
    if (steps.isEmpty() || s.isEmpty())
        return problems;
    if (seriesRefusesProcessing(s))
        problems.append(QStringLiteral("JSOC does not process %1 (its export page offers no processing for the SHARP "
                                       "series): remove the processing steps and export the files as stored.")
                            .arg(s));
    for (const ProcessingStep &step : steps)
        if (const QString rule = seriesRuleForStep(step.name, s); !rule.isEmpty() && !problems.contains(rule))
            problems.append(rule);
    return problems;
}

QStringList checkProcessingChain(const QList<ProcessingStep> &steps, const QString &series, qint64 limit)
{
    QStringList problems;
    if (steps.isEmpty())
        return problems;
    // Series rules once for the chain, then each step's own arguments.
    problems.append(checkProcessingForSeries(steps, series));
    QStringList seen;
    for (const ProcessingStep &step : steps) {
        if (seen.contains(step.name))
            problems.append(QStringLiteral("The step %1 appears twice; keep one.").arg(step.name));
        seen.append(step.name);
        for (const QString &p : checkProcessingStep(step))
            if (!problems.contains(p))
                problems.append(p);
    }
    // After HmiB2ptr a record holds Bp, Bt and Br; a step that reads only the first segment
    // would pass Bp alone (JSOC's page adds A=1 to im_patch and Maproj for this).
    const qsizetype b2ptr = seen.indexOf(QStringLiteral("HmiB2ptr"));
    for (qsizetype i = b2ptr + 1; b2ptr >= 0 && i < steps.size(); ++i) {
        const ProcessingStepSpec *spec = processingStepSpec(steps[i].name);
        if (spec && spec->field(QStringLiteral("A")) && steps[i].value(QStringLiteral("A")).trimmed() != QLatin1String("1"))
            problems.append(QStringLiteral("%1 after HmiB2ptr must process all segments, or only Bp comes back: set A=1 "
                                           "(all segments) in %1.")
                                .arg(steps[i].name));
    }
    if (limit > 0 && seen.contains(QStringLiteral("hg_patch")))
        problems.append(QStringLiteral("hg_patch does not honour a record limit (JSOC processes the whole record set): "
                                       "set the limit to 0 and narrow the record set instead."));
    return problems;
}

} // namespace jsoc
