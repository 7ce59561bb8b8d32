#include "sim/FileServerTar.h"

#include <cstring>

#include <QFile>
#include <QSaveFile>

namespace sim {
namespace {

void putOctal(char *field, int width, qint64 value)
{
    // width-1 octal digits, zero padded, then NUL.
    const QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    std::memcpy(field, digits.constData(), static_cast<size_t>(width - 1));
    field[width - 1] = '\0';
}

bool splitName(const QByteArray &name, QByteArray *prefix, QByteArray *base)
{
    if (name.size() <= 100) {
        *prefix = {};
        *base = name;
        return true;
    }
    const int slash = name.lastIndexOf('/', 155);
    if (slash <= 0 || name.size() - slash - 1 > 100)
        return false;
    *prefix = name.left(slash);
    *base = name.mid(slash + 1);
    return true;
}

} // namespace

bool FileServerTar::write(const QString &tarPath, const QList<QPair<QString, QString>> &members, qint64 mtime,
                          QString *error)
{
    QSaveFile out(tarPath);
    if (!out.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("Cannot create %1: %2").arg(tarPath, out.errorString());
        return false;
    }
    for (const auto &member : members) {
        QFile in(member.second);
        if (!in.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("Cannot read %1: %2").arg(member.second, in.errorString());
            return false;
        }
        QByteArray prefix, base;
        if (!splitName(member.first.toUtf8(), &prefix, &base)) {
            if (error)
                *error = QStringLiteral("Name too long for a ustar archive: %1").arg(member.first);
            return false;
        }
        char h[512];
        std::memset(h, 0, sizeof h);
        std::memcpy(h, base.constData(), static_cast<size_t>(base.size()));
        putOctal(h + 100, 8, 0644);
        putOctal(h + 108, 8, 0);
        putOctal(h + 116, 8, 0);
        putOctal(h + 124, 12, in.size());
        putOctal(h + 136, 12, mtime);
        std::memset(h + 148, ' ', 8);
        h[156] = '0';
        std::memcpy(h + 257, "ustar", 6); // magic "ustar\0"
        std::memcpy(h + 263, "00", 2);
        std::memcpy(h + 265, "jsoc", 4);
        std::memcpy(h + 297, "jsoc", 4);
        std::memcpy(h + 345, prefix.constData(), static_cast<size_t>(prefix.size()));
        unsigned sum = 0;
        for (unsigned char c : h)
            sum += c;
        const QByteArray chk = QByteArray::number(sum, 8).rightJustified(6, '0');
        std::memcpy(h + 148, chk.constData(), 6);
        h[154] = '\0';
        h[155] = ' ';
        out.write(h, sizeof h);
        qint64 copied = 0;
        while (!in.atEnd()) {
            const QByteArray chunk = in.read(1 << 20);
            if (chunk.isEmpty())
                break;
            out.write(chunk);
            copied += chunk.size();
        }
        if (copied % 512)
            out.write(QByteArray(static_cast<int>(512 - copied % 512), '\0'));
    }
    out.write(QByteArray(1024, '\0'));
    if (!out.commit()) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(tarPath, out.errorString());
        return false;
    }
    return true;
}

} // namespace sim
