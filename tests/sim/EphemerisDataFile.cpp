#include "sim/EphemerisDataFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QtGlobal>

namespace sim::ephemeris {

QList<QStringList> dataFileRows(const char *name)
{
    const QString path = QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/data/") + QLatin1String(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("jsoc-sim: cannot read the ephemeris table %s: %s", qPrintable(path), qPrintable(file.errorString()));
    static const QRegularExpression space(QStringLiteral("\\s+"));
    QList<QStringList> rows;
    while (!file.atEnd()) {
        QString line = QString::fromUtf8(file.readLine());
        line.truncate(line.indexOf(QLatin1Char('#')) < 0 ? line.size() : line.indexOf(QLatin1Char('#')));
        const QStringList fields = line.split(space, Qt::SkipEmptyParts);
        if (!fields.isEmpty())
            rows.append(fields);
    }
    if (rows.isEmpty())
        qFatal("jsoc-sim: the ephemeris table %s is empty", qPrintable(path));
    return rows;
}

} // namespace sim::ephemeris
