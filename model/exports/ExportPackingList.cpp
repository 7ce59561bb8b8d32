#include "model/exports/ExportPackingList.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace jsoc {
namespace {

const QLatin1String kNoDataFile("NoDataFile");

ExportPackingList refused(const QString &file, const QString &why)
{
    ExportPackingList list;
    list.error = QStringLiteral("The export's %1 cannot be read: %2.").arg(file, why);
    return list;
}

} // namespace

ExportPackingList parseIndexJson(const QByteArray &bytes)
{
    const QString file = QStringLiteral("index.json");
    if (bytes.size() > kMaxPackingListBytes)
        return refused(file, QStringLiteral("it is larger than %1 MB").arg(kMaxPackingListBytes / 1000000));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return refused(file, QStringLiteral("it is not JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return refused(file, QStringLiteral("it is not a JSON object"));
    const QJsonObject root = doc.object();
    const QJsonValue data = root.value(QLatin1String("data"));
    if (!data.isArray())
        return refused(file, QStringLiteral("it has no data list"));
    ExportPackingList list;
    list.requestId = root.value(QLatin1String("requestid")).toString();
    const QJsonArray rows = data.toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonValue name = rows.at(i).toObject().value(QLatin1String("filename"));
        if (!name.isString()) {
            if (rows.at(i).toObject().contains(QLatin1String("sunum")))
                return refused(file, QStringLiteral("it lists storage units, not files"));
            return refused(file, QStringLiteral("row %1 of its data list has no file name").arg(i + 1));
        }
        if (name.toString() != kNoDataFile)
            list.files.append(name.toString());
    }
    return list;
}

ExportPackingList parseIndexTxt(const QByteArray &bytes)
{
    const QString file = QStringLiteral("index.txt");
    if (bytes.size() > kMaxPackingListBytes)
        return refused(file, QStringLiteral("it is larger than %1 MB").arg(kMaxPackingListBytes / 1000000));
    ExportPackingList list;
    bool inData = false;
    qsizetype lineNumber = 0;
    for (QByteArray line : bytes.split('\n')) {
        ++lineNumber;
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        if (!inData) {
            if (line.startsWith("# DATA")) {
                if (line.trimmed() != "# DATA")
                    return refused(file, QStringLiteral("it lists storage units, not files"));
                inData = true;
            } else if (line.startsWith("requestid=")) {
                list.requestId = QString::fromUtf8(line.mid(10));
            } else if (!line.startsWith('#') && !line.contains('=')) {
                return refused(file, QStringLiteral("line %1 is neither a comment nor name=value").arg(lineNumber));
            }
            continue;
        }
        if (line.startsWith('#'))
            continue;
        // "record<TAB>filename": record specs have no blanks, so the file name is the last field.
        qsizetype blank = line.size();
        while (blank > 0 && line[blank - 1] != '\t' && line[blank - 1] != ' ')
            --blank;
        if (blank == 0)
            return refused(file, QStringLiteral("line %1 names a record but no file").arg(lineNumber));
        const QString name = QString::fromUtf8(line.mid(blank));
        if (name != kNoDataFile)
            list.files.append(name);
    }
    if (!inData)
        return refused(file, QStringLiteral("it has no \"# DATA\" section"));
    return list;
}

} // namespace jsoc
