#include "sim/FitsCache.h"

#include "sim/SumsFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace sim {

FitsCache::FitsCache() : m_dir(QDir::tempPath() + QStringLiteral("/jsoc-sim-XXXXXX")) {}

bool FitsCache::isValid() const
{
    return m_dir.isValid();
}

QString FitsCache::root() const
{
    return m_dir.path();
}

QString FitsCache::imagePath(const SolarImageSpec &spec, int size, QString *error)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    h.addData(spec.series.toLower().toUtf8() + '|' + spec.recordSpec.toUtf8() + '|' + spec.segment.toUtf8() + '|'
              + QByteArray::number(spec.recnum) + '|' + QByteArray::number(size));
    for (const auto &kv : spec.primeKeys)
        h.addData((kv.first + QLatin1Char('=') + kv.second + QLatin1Char('|')).toUtf8());
    const QByteArray key = h.result().toHex().left(24);
    const auto it = m_images.constFind(key);
    if (it != m_images.constEnd() && QFileInfo::exists(it.value()))
        return it.value();
    if (!m_dir.isValid()) {
        if (error)
            *error = QStringLiteral("The simulator's temporary directory could not be created.");
        return {};
    }
    const QString path = m_dir.path() + QStringLiteral("/images/") + QString::fromLatin1(key) + QStringLiteral(".fits");
    if (!FitsFactory::writeSolarImage(path, size, spec, error))
        return {};
    m_images.insert(key, path);
    return path;
}

QString FitsCache::bareImagePath(const SolarImageSpec &spec, int size, QString *error)
{
    const QString full = imagePath(spec, size, error);
    if (full.isEmpty())
        return {};
    const QString bare = full.chopped(5) + QStringLiteral(".bare.fits");
    if (QFileInfo::exists(bare) || SumsFile::writeBare(full, bare, error))
        return bare;
    return {};
}

QString FitsCache::writeBytes(const QString &relativeName, const QByteArray &bytes, QString *error)
{
    if (!m_dir.isValid()) {
        if (error)
            *error = QStringLiteral("The simulator's temporary directory could not be created.");
        return {};
    }
    const QString path = m_dir.path() + QLatin1Char('/') + relativeName;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(path, f.errorString());
        return {};
    }
    return path;
}

} // namespace sim
