#include "model/exports/NoOverwritePlacement.h"

#include <QFile>
#include <QFileInfo>

namespace jsoc {
namespace {

// The target exists: the temporary goes either way; only the same bytes count as placed.
Placement judgeExisting(const QString &temporary, const QString &finalPath)
{
    Placement result;
    const QFileInfo existing(finalPath);
    const bool same = !existing.isSymLink() && existing.isFile() && sameFileBytes(temporary, finalPath);
    QFile::remove(temporary);
    if (same) {
        result.outcome = Placement::Outcome::AlreadyThere;
        return result;
    }
    const QString what = existing.isSymLink() ? QStringLiteral("symbolic link")
                         : existing.isDir()   ? QStringLiteral("folder")
                                              : QStringLiteral("file");
    result.outcome = Placement::Outcome::Different;
    result.problem = QStringLiteral("Did not overwrite \"%1\": a different %2 of that name is already in the folder.")
                         .arg(existing.fileName(), what);
    return result;
}

bool occupied(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() || info.isSymLink(); // a dangling link "does not exist" but still holds the name
}

} // namespace

bool sameFileBytes(const QString &a, const QString &b)
{
    QFile left(a), right(b);
    if (!left.open(QIODevice::ReadOnly) || !right.open(QIODevice::ReadOnly) || left.size() != right.size())
        return false;
    constexpr qint64 kPiece = 1 << 20;
    while (!left.atEnd()) {
        const QByteArray x = left.read(kPiece);
        const QByteArray y = right.read(kPiece);
        if (x.isEmpty() || x != y)
            return false;
    }
    return right.atEnd();
}

Placement placeWithoutOverwrite(const QString &temporary, const QString &finalPath)
{
    if (occupied(finalPath))
        return judgeExisting(temporary, finalPath);
    QFile file(temporary);
    if (file.rename(finalPath)) {
        Placement placed;
        placed.outcome = Placement::Outcome::Placed;
        return placed;
    }
    // Someone put a file there between the look and the rename: the rename refused it.
    if (occupied(finalPath))
        return judgeExisting(temporary, finalPath);
    Placement failed;
    failed.problem = QStringLiteral("Could not give \"%1\" its name in the folder: %2.")
                         .arg(QFileInfo(finalPath).fileName(), file.errorString());
    return failed;
}

} // namespace jsoc
