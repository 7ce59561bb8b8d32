#pragma once

#include <QString>

// Can files be saved into a download folder? Checked before an export is sent to JSOC, so a
// typo in --out or a full disk is found in a second, not after JSOC has staged the files.
// Permission bits are not trusted (root ignores them): a temporary file is really created and
// removed. The folder is created when missing.
namespace jsoc {

struct DownloadFolderCheck {
    QString error;           // in words, empty when usable
    qint64 bytesAvailable = -1; // free space for us (-1 unknown)

    bool isOk() const { return error.isEmpty(); }
};

// `neededBytes` > 0: also require that much free space (e.g. JSOC's size of the export).
DownloadFolderCheck checkDownloadFolder(const QString &folder, qint64 neededBytes = -1);

} // namespace jsoc
