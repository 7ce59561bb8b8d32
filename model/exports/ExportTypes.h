#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

// Export request/status value types (jsoc_fetch, protocol §3.8–3.12).
namespace jsoc {

struct SeriesStructure;

struct ExportRequestOptions {
    QString recordSet;                        // ds, may carry `{seg,...}`
    QString notify;                           // registered e-mail (required by JSOC)
    QString method = QStringLiteral("url_quick"); // url_quick | url | url-tar; url_quick becomes url if protocol != as-is
    QString protocol = QStringLiteral("as-is");   // as-is | fits | jpg | mpg | mp4 (+ ",CT=…" suffix for images)
    QString filenameFormat;                   // empty: omitted (server default); see defaultFilenameFormat()
    QString processing;                       // e.g. "im_patch,t_ref=…,x=…" (several steps joined by '|'); empty = none
    qint64 limit = 0;                         // record limit, 0 = no limit (sent as `process=n`)
    QString requester;                        // empty: the part of `notify` before '@'
};

struct ExportFile {
    QString record;   // "hmi.M_45s[2012.01.01_01:01:30_TAI][2]" (+ "{segment}" for quick exports)
    QString filename; // relative to dir (queued) or absolute /SUM… path (quick); "NoDataFile" if missing
};

struct ExportStatus {
    int status = -1;    // 0 done, 1/2/6 pending, others failed (see §3.11)
    QString requestId;  // "" for quick exports, "VOID" for too-large
    QString method;
    QString protocol;
    int wait = 0;       // server's estimate in seconds; do not sleep on it blindly
    qint64 rcount = 0;  // records (exp_request / pending)
    qint64 count = 0;   // files (completed index.json) or records (too large)
    qint64 sizeMb = 0;
    QString dir;        // "" for quick exports
    QString tarfile;    // url-tar only
    QString keywordsFile; // index.json `keywords`
    QString exptime;
    QString error;      // JSOC's error text (status 3/4/5/7/25 …)
    QString contact;
    QString version;
    QList<ExportFile> files;

    bool isPending() const { return status == 1 || status == 2 || status == 6; }
    bool isDone() const { return status == 0; }
    bool isFailed() const { return !isPending() && !isDone(); }
    bool isQuick() const { return isDone() && requestId.isEmpty(); }
};

struct ExportDownload {
    QString record;
    QString filename;   // server file name (last path component)
    QUrl url;
    QString serverName; // the name as JSOC wrote it (the row's `filename`, or `tarfile`)
};

// Can this data[] row be downloaded? It names a file: not empty, not "NoDataFile" (the record has
// no file: offline, or no data). The one rule for the URLs, the download rows and the
// completeness check.
bool isDownloadableRow(const ExportFile &file);

// Download URLs per §3.12: `tarfile` → one URL; otherwise per downloadable row: dir/filename
// (queued) or the absolute /SUM… filename (quick). `siteRoot` e.g. http://jsoc.stanford.edu
QList<ExportDownload> exportDownloads(const ExportStatus &status, const QUrl &siteRoot);

// JSOC's `exptime` ("2020.04.10_00:14:11_UT", when it finished the export) as a UTC date-time,
// read by DRMS time rules so the zone JSOC writes is honoured; invalid when absent or unreadable.
QDateTime exportTimeUtc(const QString &exptime);

// drms's default filenamefmt: "<series>.<{PK:A} for time keys / {PK} otherwise>.{segment}",
// e.g. "hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}"; no prime keys: "<series>.{recnum:%lld}.{segment}".
// `series` is lower-cased like drms.
QString defaultFilenameFormat(const QString &series, const SeriesStructure &structure);

// The value drms sends as `process=n`: "<limit>" or "<limit>|<processing>".
QString processValue(const ExportRequestOptions &options);

// Method actually sent (url_quick → url when protocol is not as-is), and requester default.
QString effectiveMethod(const ExportRequestOptions &options);
QString effectiveRequester(const ExportRequestOptions &options);

} // namespace jsoc
