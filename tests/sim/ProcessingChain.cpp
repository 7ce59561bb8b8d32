#include "sim/ProcessingChain.h"

#include <QStringList>

#include <cmath>

namespace sim {
namespace {

// The steps the simulator executes; JSOC's catalogue has more (Maproj, HmiB2ptr, hg_patch), which
// fail here like any step the export manager does not know.
const QStringList kRunnable = {QStringLiteral("im_patch"), QStringLiteral("rebin"), QStringLiteral("resize"),
                               QStringLiteral("aia_scale_aialev1"), QStringLiteral("aia_scale_orig"),
                               QStringLiteral("aia_scale_other")};

// processing.js's NoProcessingList: exports of these series with processing fail.
const QStringList kNoProcessing = {QStringLiteral("hmi.sharp_720s"), QStringLiteral("hmi.sharp_720s_nrt"),
                                   QStringLiteral("hmi.sharp_cea_720s"), QStringLiteral("hmi.sharp_cea_720s_nrt"),
                                   QStringLiteral("hmi.cea_720s"), QStringLiteral("hmi.cea_720s_nrt")};

bool isAiaLev1(const QString &series)
{
    return series.compare(QLatin1String("aia.lev1"), Qt::CaseInsensitive) == 0;
}

} // namespace

QString ProcessingStep::arg(const QString &key, const QString &fallback) const
{
    for (const auto &kv : args)
        if (kv.first.compare(key, Qt::CaseInsensitive) == 0)
            return kv.second;
    return fallback;
}

double ProcessingStep::number(const QString &key, double fallback) const
{
    bool ok = false;
    const double v = arg(key).toDouble(&ok);
    return ok && std::isfinite(v) ? v : fallback;
}

bool ProcessingStep::has(const QString &key) const
{
    for (const auto &kv : args)
        if (kv.first.compare(key, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

ProcessingChain ProcessingChain::parse(const QString &process)
{
    ProcessingChain chain;
    chain.m_text = process;
    const QStringList parts = process.split(QLatin1Char('|'));
    for (int i = 0; i < parts.size(); ++i) {
        const QString part = parts[i].trimmed();
        if (part.isEmpty() || part.compare(QLatin1String("no_op"), Qt::CaseInsensitive) == 0)
            continue;
        if (i == 0 && part.startsWith(QLatin1String("n="))) // the record limit, read by jsoc_fetch
            continue;
        QStringList fields = part.split(QLatin1Char(','));
        ProcessingStep step;
        step.name = fields.takeFirst().trimmed().toLower();
        for (const QString &field : std::as_const(fields)) {
            const int eq = field.indexOf(QLatin1Char('='));
            if (field.trimmed().isEmpty())
                continue;
            if (eq <= 0) { // a bare word is a flag in DRMS's argument syntax only with a value; say it is wrong
                chain.m_malformed = true;
                continue;
            }
            step.args.append({field.left(eq).trimmed(), field.mid(eq + 1).trimmed()});
        }
        chain.m_steps.append(step);
    }
    return chain;
}

const ProcessingStep *ProcessingChain::find(const QString &name) const
{
    for (const ProcessingStep &s : m_steps)
        if (s.name == name)
            return &s;
    return nullptr;
}

QString ProcessingChain::refusal(const QString &series) const
{
    if (m_steps.isEmpty())
        return {};
    const QString invalid = QStringLiteral("Invalid process field value: %1.").arg(m_text);
    if (m_malformed || kNoProcessing.contains(series.toLower()))
        return invalid;
    for (const ProcessingStep &s : m_steps) {
        if (!kRunnable.contains(s.name))
            return invalid;
        // aia_scale_orig writes aia.lev1p5, whose records only aia.lev1 can fill.
        if ((s.name == QLatin1String("aia_scale_orig") || s.name == QLatin1String("aia_scale_aialev1")) && !isAiaLev1(series))
            return invalid;
    }
    return {};
}

QString ProcessingChain::outputSeries(const QString &series) const
{
    if (m_steps.isEmpty())
        return series;
    if (m_steps.size() == 1 && isAiaLev1(series)
        && (m_steps[0].name == QLatin1String("aia_scale_orig") || m_steps[0].name == QLatin1String("aia_scale_aialev1")))
        return QStringLiteral("aia.lev1p5");
    return series + QStringLiteral("_mod");
}

} // namespace sim
