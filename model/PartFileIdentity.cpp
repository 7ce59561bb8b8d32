#include "model/PartFileIdentity.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

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
    // QSaveFile: a temporary file, fsynced, then renamed over the old identity: never half written.
    QSaveFile file(path);
    const QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace jsoc
