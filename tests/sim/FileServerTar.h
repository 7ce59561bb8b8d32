#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace sim {

// Writes a POSIX ustar archive (what JSOC's url-tar exports deliver) from files on disk.
class FileServerTar final
{
public:
    // members: (name inside the archive, file on disk). Names up to 100 bytes (or 255 split at '/').
    // mtime: seconds since the epoch stamped on every member (keeps archives reproducible).
    static bool write(const QString &tarPath, const QList<QPair<QString, QString>> &members, qint64 mtime,
                      QString *error);
};

} // namespace sim
