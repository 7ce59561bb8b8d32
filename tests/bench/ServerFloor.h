#pragma once

// The server's own share of a keyword-table query: the requests jsoc-cli makes (series_struct,
// rs_summary, then the planned rs_list windows), sent one after another on one keep-alive
// connection by blocking reads, each body read to its end and dropped. No QNAM, no parsing
// beyond what the window plan needs. Against jsoc-sim, which builds replies one at a time, this
// is about the least time any client can take, so drms's time over it is the best ratio any
// client could reach there.
#include "model/drms/RecordSetSpec.h"
#include "model/drms/RecordWindowPlan.h"
#include "network/replies/JsocParsers.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QUrl>

#include <utility>

namespace bench {

struct ServerFloor {
    bool ok = false;
    QString error;
    double ms = 0;
    int windows = 0;
    qint64 bodyBytes = 0;
};

// jsoc_info on `site` with the query items in this order, values percent-encoded.
inline QUrl jsocInfoUrl(const QUrl &site, const QList<std::pair<QByteArray, QString>> &items)
{
    QByteArray query;
    for (const auto &[key, value] : items)
        query += (query.isEmpty() ? "" : "&") + key + '=' + QUrl::toPercentEncoding(value);
    QUrl url(site);
    url.setPath(QStringLiteral("/cgi-bin/ajax/jsoc_info"));
    url.setQuery(QString::fromLatin1(query));
    return url;
}

// One GET on the open `socket`; an HTTP 200 body framed by Content-Length into *body.
inline bool httpGet(QTcpSocket &socket, const QUrl &url, QByteArray *body, QString *error)
{
    socket.write("GET " + url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority) + " HTTP/1.1\r\nHost: "
                 + url.authority().toUtf8() + "\r\n\r\n");
    QByteArray in;
    qsizetype headerEnd = -1;
    while ((headerEnd = in.indexOf("\r\n\r\n")) < 0) {
        if (!socket.waitForReadyRead(60000)) {
            *error = QStringLiteral("no reply header for %1").arg(url.toString());
            return false;
        }
        in += socket.readAll();
    }
    const QByteArray head = in.left(headerEnd).toLower();
    const qsizetype at = head.indexOf("content-length:");
    if (!head.startsWith("http/1.1 200") || at < 0) {
        *error = QStringLiteral("unexpected reply to %1: %2").arg(url.toString(), QString::fromLatin1(head.left(200)));
        return false;
    }
    const qsizetype lineEnd = head.indexOf('\r', at);
    const qint64 length = head.mid(at + 15, (lineEnd < 0 ? head.size() : lineEnd) - at - 15).trimmed().toLongLong();
    *body = in.mid(headerEnd + 4);
    body->reserve(length);
    while (body->size() < length) {
        if (!socket.waitForReadyRead(60000)) {
            *error = QStringLiteral("body of %1 cut at %2 of %3 bytes").arg(url.toString()).arg(body->size()).arg(length);
            return false;
        }
        *body += socket.readAll();
    }
    return body->size() == length;
}

// The requests of `jsoc-cli query RECORDSET --keys KEYS` (pages of `rowsPerPage`), timed.
inline ServerFloor measureServerFloor(const QUrl &site, const QString &recordSet, const QString &keys, int rowsPerPage)
{
    ServerFloor r;
    QElapsedTimer timer;
    timer.start();
    QTcpSocket socket;
    socket.connectToHost(site.host(), quint16(site.port(80)));
    if (!socket.waitForConnected(10000)) {
        r.error = socket.errorString();
        return r;
    }
    const auto spec = ::drms::parseRecordSet(recordSet);
    if (!spec || spec->subsets.isEmpty()) {
        r.error = QStringLiteral("unreadable record set");
        return r;
    }
    QByteArray body;
    jsoc::SeriesStructure structure;
    structure.name = spec->subsets.first().series;
    if (!httpGet(socket, jsocInfoUrl(site, {{"op", QStringLiteral("series_struct")}, {"ds", structure.name}}), &body, &r.error))
        return r;
    r.bodyBytes += body.size();
    if (const jsoc::JsocError e = jsoc::parse::seriesStructure(body, structure); e.isError()) {
        r.error = e.message;
        return r;
    }
    if (!httpGet(socket, jsocInfoUrl(site, {{"op", QStringLiteral("rs_summary")}, {"ds", recordSet}}), &body, &r.error))
        return r;
    r.bodyBytes += body.size();
    qint64 count = 0;
    if (const jsoc::JsocError e = jsoc::parse::recordCount(body, count); e.isError()) {
        r.error = e.message;
        return r;
    }
    const jsoc::RecordWindowPlan plan = jsoc::planRecordWindows(recordSet, structure, count, rowsPerPage);
    for (const QString &window : plan.recordSets) {
        if (!httpGet(socket, jsocInfoUrl(site, {{"op", QStringLiteral("rs_list")}, {"ds", window}, {"key", keys}}), &body,
                     &r.error))
            return r;
        r.bodyBytes += body.size();
    }
    r.windows = int(plan.recordSets.size());
    r.ms = double(timer.nsecsElapsed()) / 1e6;
    r.ok = true;
    return r;
}

} // namespace bench
