#include "model/exports/ExportCompleteness.h"

#include <QStringList>

#include <algorithm>

namespace jsoc {

ExportCompleteness exportCompleteness(const ExportStatus &status)
{
    ExportCompleteness c;
    c.listed = status.files.size();
    if (!status.tarfile.isEmpty()) { // one archive holds every file; its inside is not listed
        c.announced = 1;
        c.usable = 1;
        return c;
    }
    for (const ExportFile &f : status.files) {
        if (isDownloadableRow(f))
            ++c.usable;
        else if (f.filename.isEmpty())
            ++c.unnamed;
        else
            ++c.noData; // the only other row that names no file
    }
    c.announced = std::max<qint64>(0, status.count > 0 ? status.count : status.rcount);
    return c;
}

QString ExportCompleteness::text() const
{
    if (!isShort())
        return {};
    QStringList why;
    if (noData > 0)
        why.append(QStringLiteral("%1 × NoDataFile: offline or no data").arg(noData));
    if (unnamed > 0)
        why.append(QStringLiteral("%1 without a file name").arg(unnamed));
    if (announced > listed)
        why.append(QStringLiteral("%1 not listed at all").arg(announced - listed));
    const QString reasons = why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why.join(QStringLiteral(", ")));
    if (announced <= 0 && listed == 0)
        return QStringLiteral("JSOC reported the export complete but listed no files");
    if (announced <= 0)
        return QStringLiteral("JSOC reported the export complete but listed no usable file among %1 rows%2")
            .arg(listed)
            .arg(reasons);
    return QStringLiteral("JSOC announced %1 file%2 but listed %3 usable one%4%5")
        .arg(announced)
        .arg(announced == 1 ? QString() : QStringLiteral("s"))
        .arg(usable)
        .arg(usable == 1 ? QString() : QStringLiteral("s"))
        .arg(reasons);
}

} // namespace jsoc
