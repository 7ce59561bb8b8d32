#include "model/catalogue/SeriesCatalogueCache.h"
#include "model/catalogue/CatalogueLog.h"

#include <algorithm>

#include <QDataStream>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include "model/catalogue/CatalogueStreams.h"

namespace jsoc {

namespace {

constexpr auto kListFile = "series-list.bin";
constexpr auto kStructureDir = "structures";
constexpr auto kStructureSuffix = ".struct";

// Writes header + payload atomically.
template <typename WriteBody>
bool writeFile(const QString &path, WriteBody writeBody, QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = QStringLiteral("Cannot create the cache folder %1.").arg(QFileInfo(path).absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("Cannot write the cache file %1: %2").arg(path, file.errorString());
        return false;
    }
    QDataStream out(&file);
    out.setVersion(QDataStream::Qt_6_4);
    out << SeriesCatalogueCache::kMagic << SeriesCatalogueCache::kFormatVersion;
    writeBody(out);
    if (out.status() != QDataStream::Ok || !file.commit()) {
        if (error)
            *error = QStringLiteral("Cannot write the cache file %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

using ListState = SeriesCatalogueCache::ListState;

// Opens and checks the header: Loaded when the body can be read next, otherwise the state and,
// in `error`, why not.
ListState openForRead(QFile &file, QDataStream &in, QString *error)
{
    if (!file.exists()) {
        *error = QStringLiteral("nothing cached yet");
        return ListState::NotCached;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return ListState::Unusable;
    }
    in.setDevice(&file);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    qint32 version = 0;
    in >> magic >> version;
    if (in.status() != QDataStream::Ok || magic != SeriesCatalogueCache::kMagic) {
        *error = QStringLiteral("%1 is not a catalogue cache file").arg(file.fileName());
        return ListState::Unusable;
    }
    if (version != SeriesCatalogueCache::kFormatVersion) {
        *error = QStringLiteral("%1 was written by another version (format %2)").arg(file.fileName()).arg(version);
        return ListState::Unusable;
    }
    return ListState::Loaded;
}

} // namespace

SeriesCatalogueCache::SeriesCatalogueCache(const QString &directory) : m_directory(directory) { }

QString SeriesCatalogueCache::defaultDirectory(const QUrl &server)
{
    QString host = server.host().toLower();
    if (host.isEmpty())
        host = QStringLiteral("default");
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/catalogue/") + host;
}

QString SeriesCatalogueCache::listPath() const
{
    return m_directory + QLatin1Char('/') + QLatin1String(kListFile);
}

QString SeriesCatalogueCache::structurePath(const QString &series) const
{
    // Series names are [A-Za-z0-9_.]; anything else is replaced so a name can never leave the folder.
    QString safe = series.toLower();
    for (QChar &c : safe) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_' && c != u'.')
            c = u'_';
    }
    if (safe.startsWith(u'.'))
        safe.prepend(u'_');
    return m_directory + QLatin1Char('/') + QLatin1String(kStructureDir) + QLatin1Char('/') + safe
        + QLatin1String(kStructureSuffix);
}

SeriesCatalogueCache::ListSnapshot SeriesCatalogueCache::loadList() const
{
    ListSnapshot snapshot;
    QFile file(listPath());
    QDataStream in;
    snapshot.state = openForRead(file, in, &snapshot.error);
    if (snapshot.state != ListState::Loaded) {
        qCDebug(lcCatalogue).noquote() << QStringLiteral("catalogue cache not used: %1").arg(snapshot.error);
        return snapshot;
    }
    QDateTime fetchedAt;
    SeriesList series;
    in >> fetchedAt >> series;
    if (in.status() != QDataStream::Ok || !fetchedAt.isValid()) {
        snapshot.error = QStringLiteral("%1 is damaged").arg(file.fileName());
        snapshot.state = ListState::Unusable;
        return snapshot;
    }
    snapshot.series = std::move(series);
    snapshot.fetchedAt = fetchedAt.toUTC();
    qCDebug(lcCatalogue).noquote() << QStringLiteral("catalogue cache %1: %2 series fetched %3")
                                          .arg(file.fileName(), QString::number(snapshot.series.size()),
                                               snapshot.fetchedAt.toString(Qt::ISODate));
    return snapshot;
}

bool SeriesCatalogueCache::saveList(const SeriesList &series, const QDateTime &fetchedAt, QString *error) const
{
    return writeFile(listPath(), [&](QDataStream &out) { out << fetchedAt.toUTC() << series; }, error);
}

std::optional<SeriesCatalogueCache::StructureSnapshot> SeriesCatalogueCache::loadStructure(const QString &series) const
{
    QFile file(structurePath(series));
    QDataStream in;
    QString error;
    if (openForRead(file, in, &error) != ListState::Loaded)
        return std::nullopt;
    StructureSnapshot snapshot;
    in >> snapshot.fetchedAt >> snapshot.structure;
    if (in.status() != QDataStream::Ok || !snapshot.fetchedAt.isValid())
        return std::nullopt;
    snapshot.fetchedAt = snapshot.fetchedAt.toUTC();
    return snapshot;
}

bool SeriesCatalogueCache::saveStructure(const SeriesStructure &structure, const QDateTime &fetchedAt,
                                         QString *error) const
{
    if (structure.name.isEmpty()) {
        if (error)
            *error = QStringLiteral("A series structure without a name cannot be cached.");
        return false;
    }
    return writeFile(structurePath(structure.name),
                     [&](QDataStream &out) { out << fetchedAt.toUTC() << structure; }, error);
}

qint64 SeriesCatalogueCache::sizeOnDisk() const
{
    qint64 total = 0;
    QDirIterator it(m_directory, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

void SeriesCatalogueCache::trimTo(qint64 maxBytes) const
{
    qint64 total = sizeOnDisk();
    if (total <= maxBytes)
        return;
    QFileInfoList files = QDir(m_directory + QLatin1Char('/') + QLatin1String(kStructureDir))
                              .entryInfoList(QDir::Files, QDir::Time | QDir::Reversed); // oldest first
    for (const QFileInfo &info : files) {
        if (total <= maxBytes)
            break;
        if (QFile::remove(info.absoluteFilePath()))
            total -= info.size();
    }
}

bool SeriesCatalogueCache::clear(QString *error) const
{
    QDir dir(m_directory);
    if (!dir.exists())
        return true;
    if (!dir.removeRecursively()) {
        if (error)
            *error = QStringLiteral("Could not remove every file under %1.").arg(m_directory);
        return false;
    }
    return true;
}

} // namespace jsoc
