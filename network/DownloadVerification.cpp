#include "network/DownloadVerification.h"

#include "model/fitsfile/FitsFileCheck.h"

#include <QFileInfo>

namespace jsoc {

bool DownloadVerification::isFitsFile(const QString &path, const QString &targetName)
{
    const QString lower = targetName.toLower();
    if (lower.endsWith(QLatin1String(".fits")) || lower.endsWith(QLatin1String(".fit"))
        || lower.endsWith(QLatin1String(".fts")))
        return true;
    return fits::FitsFileCheck::looksLikeFits(path);
}

DownloadVerification DownloadVerification::check(const QString &path, const QString &targetName, qint64 announcedSize,
                                                  bool allowUnknownSize)
{
    DownloadVerification v;
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile()) {
        v.problem = QStringLiteral("the file is missing");
        return v;
    }
    if (announcedSize >= 0 && info.size() != announcedSize) {
        v.problem = QStringLiteral("it has %1 bytes but the server announced %2").arg(info.size()).arg(announcedSize);
        return v;
    }
    if (isFitsFile(path, targetName)) {
        const fits::FitsFileCheck fitsCheck = fits::FitsFileCheck::verify(path);
        if (!fitsCheck.isSound()) {
            v.problem = QStringLiteral("it is not a sound FITS file: %1").arg(fitsCheck.problem);
            return v;
        }
        v.verified = true; // the FITS structure itself proves the length
        return v;
    }
    if (announcedSize < 0 && !allowUnknownSize) {
        v.problem = QStringLiteral("its size was never announced, so it cannot be checked");
        return v;
    }
    v.verified = true;
    return v;
}

DownloadVerification DownloadVerification::checkDone(const DownloadItem &item)
{
    return check(item.targetPath(), item.fileName, item.size, false);
}

} // namespace jsoc
