#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// What a partial download (`<target>.part`) holds, stored beside it as `<target>.part.json`:
// without it a stale .part of another export (same file name, other bytes) would be resumed
// and its old bytes spliced onto the new ones. Written before the first body byte of a fresh
// transfer (not fsynced: see write()); a .part may be resumed only when its identity names the same URL and
// owner (the export/download it belongs to) and carries a validator for If-Range.
namespace jsoc {

struct PartFileIdentity {
    QString url;           // the URL the bytes came from
    QString owner;         // who the bytes belong to ("export 12 download 345"), may be empty
    QByteArray validator;  // ETag or Last-Modified of the server's file when the bytes were fetched
    qint64 totalSize = -1; // the whole file's size announced by the server, -1 unknown

    static QString pathFor(const QString &partPath) { return partPath + QLatin1String(".json"); }

    // Same file of the same export (url and owner; sizes when both are known).
    bool sameFileAs(const PartFileIdentity &other) const;
    // Empty when `path` is missing or unreadable or not a valid identity.
    static std::optional<PartFileIdentity> read(const QString &path);
    // In one write, not fsynced (a missing, empty or cut identity only means "start over").
    // False with `error` in words on failure.
    bool write(const QString &path, QString *error) const;
};

} // namespace jsoc
