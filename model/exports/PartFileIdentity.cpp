#include "model/exports/PartFileIdentity.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace jsoc {

bool PartFileIdentity::sameFileAs(const PartFileIdentity &other) const
{
    if (url != other.url || owner != other.owner)
        return false;
    return totalSize < 0 || other.totalSize < 0 || totalSize == other.totalSize;
}

std::optional<PartFileIdentity> PartFileIdentity::read(const QString &path)
{
    QFile file(path);
    // A few hundred bytes; anything much larger is not ours.
    if (!file.open(QIODevice::ReadOnly) || file.size() > 64 * 1024)
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    if (!o.value(QLatin1String("url")).isString())
        return std::nullopt;
    PartFileIdentity id;
    id.url = o.value(QLatin1String("url")).toString();
    id.owner = o.value(QLatin1String("owner")).toString();
    id.validator = o.value(QLatin1String("validator")).toString().toLatin1();
    id.totalSize = qint64(o.value(QLatin1String("totalSize")).toDouble(-1));
    return id;
}

bool PartFileIdentity::write(const QString &path, QString *error) const
{
    QJsonObject o;
    o.insert(QLatin1String("url"), url);
    o.insert(QLatin1String("owner"), owner);
    o.insert(QLatin1String("validator"), QString::fromLatin1(validator));
    o.insert(QLatin1String("totalSize"), double(totalSize));
    // Written in place, one write(2), no fsync. Why that is enough: the identity only ever gates a
    // resume, and anything short of a whole valid identity means "start over" (read() refuses it).
    // - kill -9: one small write is all or nothing, so the file is either empty (refused) or whole.
    // - power loss: the .part's own bytes are not fsynced either, so an fsynced identity could not
    //   promise that the bytes beside it survived; what protects the result is If-Range (the server
    //   sends a range only of the same version) and the final verification (size, FITS checksums).
    // The temporary file + fsync + rename of QSaveFile cost more than the transfer of a small file.
    QFile file(path);
    const QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)
        || file.write(bytes) != bytes.size()) {
        if (error)
            *error = file.errorString();
        file.close();
        QFile::remove(path); // a partial identity is refused by read() anyway; leave nothing misleading
        return false;
    }
    file.close();
    return true;
}

} // namespace jsoc
