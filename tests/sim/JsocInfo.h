#pragma once

#include <QByteArray>
#include <QString>
#include <functional>

#include "sim/CgiParams.h"
#include "sim/RecordQuery.h"

// jsoc_info (op=series_struct | rs_summary | rs_list) answered like JSOC's C CGI: formatted
// bodies for series_struct and rs_summary, compact for rs_list and errors, `\/` escapes,
// HTTP 200 with status 1 for application errors, HTTP 500 for an unknown op.
namespace sim {

class SeriesFactory;
struct SegmentDef;

struct CgiReply {
    int httpStatus = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
};

class JsocInfo final
{
public:
    explicit JsocInfo(const SeriesFactory &factory);

    CgiReply handle(const CgiParams &params) const;

    // SUMS path of a segment file, when the export desk wants to own the paths (so rs_list
    // paths can be downloaded). Empty function: the simulator's own deterministic paths.
    using SegmentPathFn = std::function<QString(const SelectedRecord &, const SegmentDef &)>;
    void setSegmentPathProvider(SegmentPathFn fn) { m_segmentPath = std::move(fn); }

    // Storage-unit facts of a record, shared with the record source.
    static qint64 sunumOf(const SelectedRecord &r);
    static bool isOnline(const SelectedRecord &r);
    static QString ownPath(const SelectedRecord &r, const SegmentDef &seg);
    static QString recordDir(const SelectedRecord &r); // "/SUM41/D280342572/S00010", "" when offline
    static QString segmentFileName(const SegmentDef &seg);

private:
    CgiReply seriesStruct(const CgiParams &params) const;
    CgiReply rsSummary(const CgiParams &params) const;
    CgiReply rsList(const CgiParams &params) const;

    const SeriesFactory &m_factory;
    SegmentPathFn m_segmentPath;
    mutable QByteArray m_scratch; // last rs_list body, reused once nothing else holds it
};

} // namespace sim
