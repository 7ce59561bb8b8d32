#include "model/exports/SameFieldPlan.h"

#include "model/drms/DrmsTime.h"
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ProcessingCheck.h"

#include <cmath>

namespace jsoc {

QString SameFieldPlan::recordSetFor(const SameFieldSeries &series, double startTai, double endTai)
{
    // Whole seconds, start rounded down and length up, so the range typed is inside the one sent.
    const double start = std::floor(startTai);
    const double length = std::max(std::ceil(endTai - start), std::ceil(series.cadenceSeconds));
    QString text = QStringLiteral("%1[%2/%3s]")
                       .arg(series.series, drms::formatTime(start, drms::TimeStyle::Iso, 0))
                       .arg(qint64(std::max(length, 1.0)));
    if (series.wavelength > 0)
        text += QStringLiteral("[%1]").arg(series.wavelength);
    if (!series.segment.isEmpty())
        text += QStringLiteral("{%1}").arg(series.segment);
    return text;
}

SameFieldPlan SameFieldPlan::make(const SameFieldRequest &request)
{
    SameFieldPlan plan;
    if (request.series.isEmpty())
        plan.refusals.append(QStringLiteral("Tick at least one series."));
    if (request.choice.units == CutoutUnits::Pixels)
        plan.refusals.append(QStringLiteral("A box in pixels is a different field of view on each instrument (AIA's "
                                            "pixels are 0.6″, HMI's 0.5″): give it in arcsec or Stonyhurst degrees."));
    if (!(request.endTai > request.startTai))
        plan.refusals.append(QStringLiteral("The time range is empty: its end must come after its start."));
    if (const QString bad = checkEmailSyntax(request.notify); !bad.isEmpty())
        plan.refusals.append(bad);
    // The box's own refusals (off the disk while tracking, no T_OBS, ...) once for the job.
    const ImPatchFromCutout cut = ImPatchFromCutout::make(request.box, request.choice);
    for (const QString &why : cut.refusals)
        if (!plan.refusals.contains(why))
            plan.refusals.append(why);

    for (const SameFieldSeries &series : request.series) {
        SameFieldMember member;
        member.series = series;
        member.recordSet = recordSetFor(series, request.startTai, request.endTai);
        if (seriesRefusesProcessing(series.series))
            member.refusals.append(checkProcessingForSeries({defaultProcessingStep(QStringLiteral("im_patch"))},
                                                            series.series));
        if (cut.step && member.refusals.isEmpty() && plan.refusals.isEmpty()) {
            ExportRequestOptions options;
            options.recordSet = member.recordSet;
            options.notify = request.notify.trimmed();
            options.method = QStringLiteral("url"); // JSOC processes only what it prepares
            options.protocol = QStringLiteral("fits");
            options.processing = processingText({*cut.step});
            // The same checks a single export passes before it is sent (record set, chain, series).
            member.refusals = checkExportOptions(options);
            if (member.refusals.isEmpty())
                member.options = options;
        }
        plan.members.append(member);
    }
    return plan;
}

bool SameFieldPlan::isOk() const
{
    if (!refusals.isEmpty() || members.isEmpty())
        return false;
    for (const SameFieldMember &m : members)
        if (!m.options)
            return false;
    return true;
}

QList<ExportRequestOptions> SameFieldPlan::requests() const
{
    QList<ExportRequestOptions> out;
    if (!isOk())
        return out;
    for (const SameFieldMember &m : members)
        out.append(*m.options);
    return out;
}

QString SameFieldPlan::title() const
{
    QStringList labels;
    for (const SameFieldMember &m : members)
        labels.append(m.series.label);
    return QStringLiteral("Same field: %1").arg(labels.join(QStringLiteral(", ")));
}

QStringList SameFieldPlan::allRefusals() const
{
    QStringList out = refusals;
    for (const SameFieldMember &m : members)
        for (const QString &why : m.refusals)
            out.append(QStringLiteral("%1: %2").arg(m.series.label, why));
    return out;
}

} // namespace jsoc
