#pragma once

#include "model/exports/ExportTypes.h"
#include "model/exports/ImPatchFromCutout.h"
#include "model/exports/SameFieldSeries.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// "Same field in other series…": one box drawn on one frame → one export request per ticked
// series, each cutting the same piece of Sun over the same time range, to be queued as one job
// (ExportQueue::addGroup) and sent one after another (JSOC takes one pending request per address).
//
// Each request: the series' record set over the range (`aia.lev1_euv_12s[2014-01-01T00:00:00Z/600s][171]{image}`;
// a range shorter than the series' cadence is widened to one cadence so that it holds a record),
// the im_patch step of ImPatchFromCutout with the same t_ref, tracking and centre, method url
// (JSOC processes only what it prepares) and protocol fits. The box is given in arcsec or
// Stonyhurst degrees only: a pixel box means different fields on instruments of different pixel
// sizes (AIA 0.6″, HMI 0.5″), so pixels are refused for a job, in words. A series that refuses
// processing (ProcessingCheck) is refused in words with its name, never dropped from the job.
namespace jsoc {

struct SameFieldRequest {
    CutoutPlacement box;      // as drawn on the frame shown
    CutoutChoice choice;      // units (arcsec or stony) and tracking
    double startTai = 0;      // DRMS seconds (drms::parseTime)
    double endTai = 0;
    QList<SameFieldSeries> series; // ticked, in the order they go out
    QString notify;           // registered e-mail address
};

struct SameFieldMember {
    SameFieldSeries series;
    QString recordSet;                      // shown even when refused
    std::optional<ExportRequestOptions> options; // set when nothing is refused
    QStringList refusals;                   // why this series cannot be in the job
};

struct SameFieldPlan {
    QStringList refusals;          // what stops the whole job (units, box, time range, address)
    QList<SameFieldMember> members;

    bool isOk() const; // no refusal anywhere and at least one series
    QList<ExportRequestOptions> requests() const; // the members' requests, in order (only when isOk())
    // "Same field: AIA 171, AIA 193, HMI M 45s"
    QString title() const;
    // Every refusal, the job's first, then each series' prefixed with its label.
    QStringList allRefusals() const;

    static SameFieldPlan make(const SameFieldRequest &request);
    // `series` over [startTai, endTai), widened to one cadence: "series[ISO start/Ns][wave]{segment}".
    static QString recordSetFor(const SameFieldSeries &series, double startTai, double endTai);
};

} // namespace jsoc
