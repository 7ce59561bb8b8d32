#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QString>

namespace sim {

// Static-file answers the way Apache serves JSOC's SUMS files: Content-Length, Accept-Ranges,
// ETag and Last-Modified; `Range: bytes=` → 206 + Content-Range; unsatisfiable → 416 with
// `Content-Range: bytes */<size>`; If-Range not matching the ETag/Last-Modified → 200 full body.
// Only single ranges are honoured (a multi-range request gets the full body, which HTTP allows).
class FileServer final
{
public:
    static QHttpServerResponse serve(const QString &diskPath, const QHttpServerRequest &request);
    static QHttpServerResponse notFound(const QString &urlPath);
    static QByteArray mimeTypeFor(const QString &name);
    static QByteArray etagFor(qint64 size, const QDateTime &modified);
    static QByteArray httpDate(const QDateTime &when);
    static QByteArray header(const QHttpServerRequest &request, const QByteArray &name);
};

} // namespace sim
