#include "model/exports/DownloadFolderCheck.h"

#include "model/common/DisplayFormat.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>
#include <QTemporaryFile>

namespace jsoc {
namespace {

// Why mkpath failed: the nearest existing ancestor is a file, or it cannot be written.
QString whyNotCreated(const QString &folder)
{
    QFileInfo up(folder);
    while (!up.exists() && up.absoluteFilePath() != up.absolutePath())
        up.setFile(up.absolutePath());
    if (up.exists() && !up.isDir())
        return QStringLiteral("%1 is a file, not a folder").arg(QDir::toNativeSeparators(up.absoluteFilePath()));
    return QStringLiteral("%1 does not let a folder be made in it").arg(QDir::toNativeSeparators(up.absoluteFilePath()));
}

} // namespace

DownloadFolderCheck checkDownloadFolder(const QString &folder, qint64 neededBytes)
{
    DownloadFolderCheck result;
    const QString shown = QDir::toNativeSeparators(folder);
    const QFileInfo info(folder);
    if (folder.trimmed().isEmpty()) {
        result.error = QStringLiteral("No download folder was given.");
        return result;
    }
    if (info.exists() && !info.isDir()) {
        result.error = QStringLiteral("The download folder %1 is a file, not a folder.").arg(shown);
        return result;
    }
    if (!info.exists() && !QDir().mkpath(folder)) {
        result.error = QStringLiteral("Cannot create the download folder %1: %2.").arg(shown, whyNotCreated(folder));
        return result;
    }
    {
        QTemporaryFile probe(QDir(folder).filePath(QStringLiteral(".jsoc-write-test-XXXXXX")));
        if (!probe.open() || probe.write("x", 1) != 1 || !probe.flush()) {
            result.error = QStringLiteral("Cannot write in the download folder %1: %2.").arg(shown, probe.errorString());
            return result;
        }
    } // removed here
    const QStorageInfo storage(folder);
    if (storage.isValid() && storage.isReady()) {
        result.bytesAvailable = storage.bytesAvailable();
        if (result.bytesAvailable == 0) {
            result.error = QStringLiteral("The download folder %1 has no free space left.").arg(shown);
        } else if (neededBytes > 0 && result.bytesAvailable < neededBytes) {
            result.error = QStringLiteral("The download folder %1 has %2 free, but the export needs about %3.")
                               .arg(shown, format::bytes(result.bytesAvailable), format::bytes(neededBytes));
        }
    }
    return result;
}

} // namespace jsoc
