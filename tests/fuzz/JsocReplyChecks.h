#pragma once

// What every JSOC reply parser must hold to on any bytes, shared by the libFuzzer targets
// (fuzz_jsoc_reply.cpp) and the ctest replay of their findings (tst_parser_fuzzregressions.cpp).
// Each check returns an empty string when the rule holds, else what broke.
#include "network/replies/JsocParsers.h"

#include <QByteArray>
#include <QString>
#include <cmath>
#include <type_traits>
#include <vector>

namespace jsoc::fuzzcheck {

namespace detail {

// Cells agree when their bytes do, or when both are the same number written differently
// ("1.50" kept as sent by the reader, "1.5" from QJsonDocument's double).
inline bool sameCell(QByteArrayView a, QByteArrayView b)
{
    if (a == b)
        return true;
    bool okA = false, okB = false;
    const double x = a.toByteArray().toDouble(&okA);
    const double y = b.toByteArray().toDouble(&okB);
    return okA && okB && (x == y || (std::isnan(x) && std::isnan(y)));
}

inline QString compareColumns(const char *what, const StringColumn &a, const StringColumn &b)
{
    if (a.size() != b.size())
        return QStringLiteral("%1: %2 vs %3 cells").arg(QLatin1String(what)).arg(a.size()).arg(b.size());
    for (qsizetype i = 0; i < a.size(); ++i)
        if (!sameCell(a.raw(i), b.raw(i)))
            return QStringLiteral("%1 cell %2: [%3] vs [%4]").arg(QLatin1String(what)).arg(i)
                .arg(QString::fromUtf8(a.raw(i).toByteArray().toPercentEncoding(" #/:.,")),
                     QString::fromUtf8(b.raw(i).toByteArray().toPercentEncoding(" #/:.,")));
    return {};
}

template <typename Column>
QString compareNamed(const char *what, const std::vector<Column> &a, const std::vector<Column> &b)
{
    if (a.size() != b.size())
        return QStringLiteral("%1: %2 vs %3 columns").arg(QLatin1String(what)).arg(a.size()).arg(b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name)
            return QStringLiteral("%1 name: [%2] vs [%3]").arg(QLatin1String(what), a[i].name, b[i].name);
        QString d = compareColumns(what, a[i].values, b[i].values);
        if constexpr (std::is_same_v<Column, SegmentColumn>) {
            for (const auto &[name, x, y] : {std::tuple{"dims", &a[i].dims, &b[i].dims}, std::tuple{"cparms", &a[i].cparms, &b[i].cparms},
                                             std::tuple{"bzeros", &a[i].bzeros, &b[i].bzeros},
                                             std::tuple{"bscales", &a[i].bscales, &b[i].bscales}})
                if (d.isEmpty())
                    d = compareColumns(name, *x, *y);
        }
        if (!d.isEmpty())
            return d;
    }
    return {};
}

} // namespace detail

// rs_list: when both parsers accept a body they give the same table, whose rows match its count.
inline QString recordListsAgree(const QByteArray &body)
{
    RecordTable reader, viaQt;
    const JsocError e1 = parse::recordList(body, reader);
    const JsocError e2 = parse::recordListViaQJson(body, viaQt);
    if (e1.isError() || e2.isError())
        return {};
    if (reader.count != viaQt.count)
        return QStringLiteral("count %1 vs %2").arg(reader.count).arg(viaQt.count);
    if (reader.rowCount() != reader.count)
        return QStringLiteral("%1 rows but count %2").arg(reader.rowCount()).arg(reader.count);
    for (const QString &d : {detail::compareNamed("keywords", reader.keywords, viaQt.keywords),
                             detail::compareNamed("segments", reader.segments, viaQt.segments),
                             detail::compareNamed("links", reader.links, viaQt.links),
                             detail::compareColumns("recinfo names", reader.recInfoNames, viaQt.recInfoNames)})
        if (!d.isEmpty())
            return d;
    if (reader.hasRecInfo != viaQt.hasRecInfo || reader.recInfoOnline != viaQt.recInfoOnline)
        return QStringLiteral("recinfo online flags differ");
    for (const KeywordColumn &c : reader.keywords) // every cell as the CLI and the table model read it
        for (qsizetype r = 0; r < reader.rowCount(); ++r)
            (void)c.values.isMissing(r);
    return {};
}

// exp_request / exp_status: a failed export always comes back as an error.
inline QString exportStatusHolds(const QByteArray &body)
{
    ExportStatus s;
    const JsocError e = parse::exportStatus(body, s);
    if (!e.isError() && !(s.isDone() || s.isPending()))
        return QStringLiteral("export status %1 accepted as a success").arg(s.status);
    return {};
}

inline QString seriesListsHold(const QByteArray &body)
{
    SeriesList a, b;
    (void)parse::seriesListExt(body, a);
    (void)parse::seriesListShow(body, b);
    return {};
}

inline QString seriesStructureHolds(const QByteArray &body)
{
    SeriesStructure s;
    s.name = QStringLiteral("hmi.m_45s");
    (void)parse::seriesStructure(body, s);
    return {};
}

// rs_summary: a count that reaches the user is a count.
inline QString recordCountHolds(const QByteArray &body)
{
    qint64 count = -1;
    if (!parse::recordCount(body, count).isError() && (count < 0 || count > (qint64(1) << 53)))
        return QStringLiteral("count %1 accepted").arg(count);
    return {};
}

inline QString addressCheckHolds(const QByteArray &body)
{
    AddressCheck a;
    (void)parse::addressCheck(body, a);
    return {};
}

// manage-request.sh: an accepted answer is the one its status says, and what it read from `msg`
// (request id, start time in UTC) is really there.
inline QString pendingRequestHolds(const QByteArray &body)
{
    PendingRequestCheck p;
    if (parse::pendingRequest(body, p).isError())
        return {};
    using A = PendingRequestCheck::Answer;
    const A expected = p.status == 1 || p.status == 101   ? A::NoPending
                       : p.status == 2 || p.status == 102 ? A::Pending
                       : p.status == 3 || p.status == 103 ? A::Cancelled
                                                          : A::Unknown;
    if (p.answer != expected)
        return QStringLiteral("status %1 read as answer %2").arg(p.status).arg(int(p.answer));
    if (!p.requestId.isEmpty() && !p.message.contains(p.requestId))
        return QStringLiteral("request id %1 not in the message").arg(p.requestId);
    if (p.started.isValid() && p.started.timeSpec() != Qt::UTC)
        return QStringLiteral("start time not in UTC");
    return {};
}

// Every rule above, for the replay of saved inputs.
inline QString allHold(const QByteArray &body)
{
    for (const QString &d : {recordListsAgree(body), exportStatusHolds(body), seriesListsHold(body),
                             seriesStructureHolds(body), recordCountHolds(body), addressCheckHolds(body),
                             pendingRequestHolds(body)})
        if (!d.isEmpty())
            return d;
    return {};
}

} // namespace jsoc::fuzzcheck
