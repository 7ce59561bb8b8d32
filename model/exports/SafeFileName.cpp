#include "model/exports/SafeFileName.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace jsoc {
namespace {

QString controlByteError(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            return QStringLiteral("contains a control character (U+%1)").arg(int(u), 4, 16, QLatin1Char('0'));
    }
    return {};
}

} // namespace

SafeFileName checkServerFileName(const QString &serverPath, bool allowDirectories)
{
    SafeFileName result;
    // Compiled once: this runs twice per download (10,000 tiny files: a JIT compile each time showed in perf).
    static const QRegularExpression controlBytes(QStringLiteral("[\\x00-\\x1f\\x7f]"));
    static const QRegularExpression separators(QStringLiteral("[/\\\\]"));
    const QString shown = QString(serverPath).replace(controlBytes, QStringLiteral("?"));
    auto refuse = [&](const QString &why) {
        result.name.clear();
        result.error = QStringLiteral("Refused the server file name \"%1\": it %2.").arg(shown, why);
        return result;
    };
    if (serverPath.isEmpty())
        return refuse(QStringLiteral("is empty"));
    if (const QString e = controlByteError(serverPath); !e.isEmpty())
        return refuse(e);
    const QStringList parts = serverPath.split(separators);
    if (parts.contains(QStringLiteral("..")))
        return refuse(QStringLiteral("tries to leave the download folder (\"..\")"));
    if (!allowDirectories && parts.size() > 1)
        return refuse(QStringLiteral("contains a directory separator"));
    const QString name = parts.last();
    if (name.isEmpty() || name == QLatin1String("."))
        return refuse(QStringLiteral("has no file name part"));
    if (name.toUtf8().size() > 255)
        return refuse(QStringLiteral("is longer than 255 bytes"));
    if (name.endsWith(QLatin1String(".part")))
        return refuse(QStringLiteral("ends in .part, which is reserved for partial downloads"));
    // The lock and identity files beside a partial download (network/DownloadJob).
    if (name.endsWith(QLatin1String(".part.lock")) || name.endsWith(QLatin1String(".part.json")))
        return refuse(QStringLiteral("ends in .part.lock or .part.json, which are reserved for partial downloads"));
    result.name = name;
    return result;
}

QString quickExportFileName(const QString &record, const QString &serverPath)
{
    const qsizetype open = record.indexOf(QLatin1Char('['));
    const qsizetype brace = record.indexOf(QLatin1Char('{'));
    if (open <= 0 || brace < open || !record.endsWith(QLatin1Char('}')))
        return {};
    QStringList parts{record.left(open).toLower()};
    static const QRegularExpression value(QStringLiteral(R"(\[([^\]]*)\])"));
    for (auto it = value.globalMatch(record.mid(open, brace - open)); it.hasNext();) {
        QString v = it.next().captured(1);
        if (v.contains(QLatin1Char(':')) || v.contains(QLatin1Char('_')))
            v.remove(QRegularExpression(QStringLiteral("[.:-]")));
        if (!v.isEmpty())
            parts.append(v);
    }
    parts.append(record.mid(brace + 1, record.size() - brace - 2));
    const QString last = serverPath.section(QLatin1Char('/'), -1);
    const qsizetype dot = last.lastIndexOf(QLatin1Char('.'));
    return parts.join(QLatin1Char('.')) + (dot > 0 ? last.mid(dot) : QString());
}

QString pathInsideFolder(const QString &folder, const QString &name, QString *error)
{
    const SafeFileName safe = checkServerFileName(name, false);
    if (!safe.isValid()) {
        if (error)
            *error = safe.error;
        return {};
    }
    if (folder.isEmpty()) {
        if (error)
            *error = QStringLiteral("No download folder was chosen.");
        return {};
    }
    const QString base = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    const QString path = QDir::cleanPath(base + QLatin1Char('/') + safe.name);
    // The name is one component, so this only fails for oddities such as a folder ending in "/..".
    if (QFileInfo(path).absolutePath() != base) {
        if (error)
            *error = QStringLiteral("Refused to write \"%1\" outside the download folder %2.").arg(safe.name, base);
        return {};
    }
    // A symbolic link planted under the final name must not redirect the write elsewhere.
    const QFileInfo target(path);
    if (target.isSymLink()) {
        if (error)
            *error = QStringLiteral("Refused to write \"%1\": it is a symbolic link in the download folder.").arg(path);
        return {};
    }
    return path;
}

} // namespace jsoc
