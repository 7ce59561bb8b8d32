#include "model/exports/ExportTypes.h"

#include "model/drms/DrmsTime.h"
#include "model/drms/SeriesStructure.h"

#include <QTimeZone>

#include <cmath>

namespace jsoc {

namespace {
QUrl urlForPath(const QUrl &siteRoot, QString path)
{
    while (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    QUrl url = siteRoot;
    QString base = siteRoot.path();
    if (!base.endsWith(QLatin1Char('/')))
        base += QLatin1Char('/');
    url.setPath(base + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QString lastComponent(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? path : path.mid(slash + 1);
}
} // namespace

bool isDownloadableRow(const ExportFile &file)
{
    return !file.filename.isEmpty() && file.filename != QLatin1String("NoDataFile");
}

QList<ExportDownload> exportDownloads(const ExportStatus &status, const QUrl &siteRoot)
{
    QList<ExportDownload> result;
    if (!status.tarfile.isEmpty()) {
        result.append({status.requestId, lastComponent(status.tarfile), urlForPath(siteRoot, status.tarfile), status.tarfile});
        return result;
    }
    for (const ExportFile &f : status.files) {
        if (!isDownloadableRow(f))
            continue;
        QString path;
        if (!status.dir.isEmpty())
            path = status.dir + QLatin1Char('/') + f.filename;
        else
            path = f.filename; // quick export: already the absolute /SUM… path
        result.append({f.record, lastComponent(f.filename), urlForPath(siteRoot, path), f.filename});
    }
    return result;
}

QDateTime exportTimeUtc(const QString &exptime)
{
    const std::optional<double> tai = drms::parseTime(exptime.trimmed());
    if (!tai || drms::isMissingTime(*tai))
        return {};
    // DRMS seconds count from 1977.01.01_00:00:00 on the TAI clock; less TAI−UTC, they count the
    // same from 1977-01-01 00:00:00 UTC, which is what QDateTime (no leap seconds) can add to.
    const double utcSeconds = *tai - drms::taiMinusUtc(*tai);
    static const QDateTime drmsEpochUtc(QDate(1977, 1, 1), QTime(0, 0), QTimeZone::utc());
    return drmsEpochUtc.addMSecs(std::llround(utcSeconds * 1000.0));
}

QString defaultFilenameFormat(const QString &series, const SeriesStructure &structure)
{
    const QString name = series.toLower();
    QStringList parts;
    for (const QString &pk : structure.primeKeys) {
        const KeywordInfo *k = structure.keyword(pk);
        if (k && k->isTime())
            parts.append(QLatin1Char('{') + pk + QLatin1String(":A}"));
        else
            parts.append(QLatin1Char('{') + pk + QLatin1Char('}'));
    }
    if (parts.isEmpty())
        return name + QLatin1String(".{recnum:%lld}.{segment}");
    return name + QLatin1Char('.') + parts.join(QLatin1Char('.')) + QLatin1String(".{segment}");
}

QString processValue(const ExportRequestOptions &options)
{
    QString value = QString::number(options.limit > 0 ? options.limit : 0);
    if (!options.processing.isEmpty())
        value += QLatin1Char('|') + options.processing;
    return value;
}

QString effectiveMethod(const ExportRequestOptions &options)
{
    if (options.method == QLatin1String("url_quick") && options.protocol != QLatin1String("as-is"))
        return QStringLiteral("url");
    return options.method;
}

QString effectiveRequester(const ExportRequestOptions &options)
{
    if (!options.requester.isEmpty())
        return options.requester;
    return options.notify.section(QLatin1Char('@'), 0, 0);
}

} // namespace jsoc
