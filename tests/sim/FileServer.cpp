#include "sim/FileServer.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>

namespace sim {
namespace {

struct ByteRange {
    enum class Kind { None, Ok, Unsatisfiable } kind = Kind::None;
    qint64 first = 0, last = 0;
};

// RFC 9110 single byte range; anything we do not understand means "no range" (serve it all).
ByteRange parseRange(const QByteArray &value, qint64 size)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$)"));
    const auto m = re.match(QString::fromLatin1(value));
    ByteRange r;
    if (!m.hasMatch() || (m.captured(1).isEmpty() && m.captured(2).isEmpty()))
        return r;
    if (m.captured(1).isEmpty()) { // suffix: last N bytes
        const qint64 n = m.captured(2).toLongLong();
        if (n <= 0 || size == 0) {
            r.kind = ByteRange::Kind::Unsatisfiable;
            return r;
        }
        r.kind = ByteRange::Kind::Ok;
        r.first = qMax<qint64>(0, size - n);
        r.last = size - 1;
        return r;
    }
    r.first = m.captured(1).toLongLong();
    const bool open = m.captured(2).isEmpty();
    r.last = open ? size - 1 : m.captured(2).toLongLong();
    if (!open && r.last < r.first)
        return {}; // syntactically invalid: ignore the header
    if (r.first >= size) {
        r.kind = ByteRange::Kind::Unsatisfiable;
        return r;
    }
    r.last = qMin(r.last, size - 1);
    r.kind = ByteRange::Kind::Ok;
    return r;
}

} // namespace

QByteArray FileServer::header(const QHttpServerRequest &request, const QByteArray &name)
{
    for (const auto &h : request.headers())
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    return {};
}

QByteArray FileServer::mimeTypeFor(const QString &name)
{
    if (name.endsWith(QLatin1String(".fits")) || name.endsWith(QLatin1String(".fts")))
        return "application/fits";
    if (name.endsWith(QLatin1String(".json")))
        return "application/json";
    if (name.endsWith(QLatin1String(".txt")))
        return "text/plain";
    if (name.endsWith(QLatin1String(".html")))
        return "text/html";
    if (name.endsWith(QLatin1String(".tar")))
        return "application/x-tar";
    return "application/octet-stream";
}

QByteArray FileServer::etagFor(qint64 size, const QDateTime &modified)
{
    return '"' + QByteArray::number(size, 16) + '-' + QByteArray::number(modified.toMSecsSinceEpoch(), 16) + '"';
}

QByteArray FileServer::httpDate(const QDateTime &when)
{
    return QLocale::c().toString(when.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

QHttpServerResponse FileServer::notFound(const QString &urlPath)
{
    const QByteArray body = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n"
                            "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL "
                            + urlPath.toHtmlEscaped().toUtf8() + " was not found on this server.</p>\n</body></html>\n";
    return QHttpServerResponse("text/html; charset=iso-8859-1", body, QHttpServerResponse::StatusCode::NotFound);
}

QHttpServerResponse FileServer::serve(const QString &diskPath, const QHttpServerRequest &request)
{
    QFile file(diskPath);
    const QFileInfo info(diskPath);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return notFound(request.url().path());
    const qint64 size = file.size();
    // Second precision: Last-Modified cannot carry more, and the ETag must agree with it.
    QDateTime modified = info.lastModified().toUTC();
    modified.setTime(QTime(modified.time().hour(), modified.time().minute(), modified.time().second()));
    const QByteArray etag = etagFor(size, modified);
    const QByteArray lastModified = httpDate(modified);
    const QByteArray mime = mimeTypeFor(diskPath);

    ByteRange range;
    const QByteArray rangeHeader = header(request, "Range");
    if (!rangeHeader.isEmpty() && !rangeHeader.contains(',')) {
        const QByteArray ifRange = header(request, "If-Range");
        if (ifRange.isEmpty() || ifRange == etag || ifRange == lastModified)
            range = parseRange(rangeHeader, size);
    }

    auto withHeaders = [&](QHttpServerResponse &r) {
        r.addHeader("Accept-Ranges", "bytes");
        r.addHeader("ETag", etag);
        r.addHeader("Last-Modified", lastModified);
    };

    if (range.kind == ByteRange::Kind::Unsatisfiable) {
        QHttpServerResponse r(mime, QByteArray(), QHttpServerResponse::StatusCode::RequestRangeNotSatisfiable);
        withHeaders(r);
        r.addHeader("Content-Range", "bytes */" + QByteArray::number(size));
        return r;
    }
    if (range.kind == ByteRange::Kind::Ok) {
        file.seek(range.first);
        QByteArray part = file.read(range.last - range.first + 1);
        QHttpServerResponse r(mime, std::move(part), QHttpServerResponse::StatusCode::PartialContent);
        withHeaders(r);
        r.addHeader("Content-Range", "bytes " + QByteArray::number(range.first) + '-' + QByteArray::number(range.last)
                                         + '/' + QByteArray::number(size));
        return r;
    }
    QHttpServerResponse r(mime, file.readAll(), QHttpServerResponse::StatusCode::Ok);
    withHeaders(r);
    return r;
}

} // namespace sim
