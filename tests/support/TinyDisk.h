#pragma once

#include <QDir>
#include <QFile>
#include <QStorageInfo>
#include <QString>

#include <sys/mount.h>
#include <unistd.h>

namespace testsupport {

// A tmpfs of a few hundred KB mounted for a test (root only; isMounted() false otherwise, so the
// test can QSKIP). fill() makes every later write on it fail with ENOSPC, as on a real full disk:
// SQLite answers "database or disk is full", file writes fail. Permission bits would not do
// (root ignores them), and PRAGMA query_only is not what happens to users.
class TinyDisk final
{
public:
    explicit TinyDisk(const QString &path, const char *size = "size=512k") : m_path(path)
    {
        QDir().mkpath(path);
        m_mounted = ::getuid() == 0 && ::mount("tmpfs", QFile::encodeName(path).constData(), "tmpfs", 0, size) == 0;
    }
    ~TinyDisk()
    {
        if (m_mounted)
            ::umount2(QFile::encodeName(m_path).constData(), MNT_DETACH);
    }
    TinyDisk(const TinyDisk &) = delete;
    TinyDisk &operator=(const TinyDisk &) = delete;

    bool isMounted() const { return m_mounted; }
    QString path() const { return m_path; }
    // Writes a filler file until the file system refuses more; true when it is full.
    bool fill() const
    {
        QFile filler(m_path + QStringLiteral("/filler"));
        if (!filler.open(QIODevice::WriteOnly))
            return false;
        const QByteArray chunk(4096, 'x');
        while (filler.write(chunk) == chunk.size() && filler.flush()) {
        }
        return QStorageInfo(m_path).bytesAvailable() < 4096;
    }

private:
    QString m_path;
    bool m_mounted = false;
};

} // namespace testsupport
