#pragma once

#include "sim/FitsPlane.h"
#include "sim/ProcessingChain.h"
#include "sim/SimRecordSource.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace sim {

class AddressBook;
class FitsCache;

struct ExportDeskOptions {
    int queuedMs = 1500;             // time a new queued request reports status 2
    int processingMs = 1500;         // then time it reports status 1, before 0
    bool status6First = false;       // first exp_status poll of a request answers 6 (older servers, quirk 10)
    qint64 maxSizeMb = 100000;       // bigger requests get status 3 "Request exceeds max byte limit of <n>MB"
    int expireMs = 604800000;        // after completion the export is deleted (status 5); 7 days like JSOC
    int imageSize = 256;             // edge of generated FITS images (4096 is what JSOC really serves)
    int maxPendingPerUser = 1;       // more pending requests from one notify address → status 7
    int reportedWait = 0;            // "wait" in exp_request replies (real 2020: 0, 2014: 10)
    qint64 maxRecords = 100000;      // larger record sets → status 4 "... too many records in one request."
    bool quickOnline = true;         // false: url_quick/as-is requests are queued as if data were offline
    bool stuck = false;              // requests queued now stay at status 2 for ever, until cancelled (drms #60)
    // Processed exports (im_patch, rebin, ...) start from images of this edge; 0: the segment's own
    // dims (4096 for SDO), as JSOC processes the stored files. Tests make it smaller for speed.
    int processingImageSize = 0;
    // Stored segment files (rs_list's /SUM paths, also what url_quick as-is hands out) as SUMS keeps
    // them: bare headers (sim/SumsFile.h) at the segment's own square dims (1024 for MDI, 4096 for
    // SDO), so the record's rs_list keywords describe their pixels. Off: the full header at
    // imageSize with the grid keywords scaled to it (what the older tests read).
    bool bareSegmentFiles = false;
};

// The export half of the JSOC simulator: checkAddress.sh, jsoc_fetch (exp_request, exp_status, ...)
// and the exported files under /SUM.... State transitions are computed from elapsed time when polled,
// so nothing runs in the background. Replies reproduce the real bodies byte for byte where samples
// exist (shared/jsoc-samples) and the server source elsewhere (shared/jsoc-protocol.md §3.7-3.13).
//
// Files are real FITS files (empty primary HDU + Rice-compressed int16 image) generated on demand
// by FitsFactory into a temporary directory owned by the desk. QHttpServerResponse carries the whole
// body in memory (Qt 6.4 has no streaming response), which is fine for simulator file sizes.
class ExportDesk final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDesk)
public:
    explicit ExportDesk(const SimRecordSource &source, QObject *parent = nullptr);
    ~ExportDesk() override;

    ExportDeskOptions &options();
    AddressBook &addressBook();

    QHttpServerResponse fetch(const QHttpServerRequest &request);        // /cgi-bin/ajax/jsoc_fetch (GET or POST form)
    QHttpServerResponse checkAddress(const QHttpServerRequest &request); // /cgi-bin/ajax/checkAddress.sh
    // /cgi-bin/ajax/manage-request.sh?address=ADDR&operation=check|cancel (GET or POST form), protocol
    // §10.2; bodies in ManageRequestReply.h. `check` names the oldest request of the address still at
    // status 1 or 2, however old (JSOC's table keeps it; only exp_request's limit forgets it after an
    // hour). `cancel` ends every such request at status 4 ("cancelled by the user") and frees the address.
    QHttpServerResponse manageRequest(const QHttpServerRequest &request);
    // Exported files: `path` is the URL path, e.g. "/SUM41/D280342572/S00000/magnetogram.fits".
    // GET and HEAD; Range/If-Range; 404 for unknown paths.
    QHttpServerResponse file(const QString &path, const QHttpServerRequest &request);

    // The SUMS path JSOC would give the stored file of `segment` of `record` ("/SUMnn/Dnnn/S00000/x.fits").
    // Deterministic. Registers the path so file() can serve it: rs_list can use it for segment values.
    QString segmentPath(const QString &series, const SimRecord &record, const SimSegment &segment);
    // For tests: the file on disk holding the exact bytes served at URL path `path` (generated now
    // if needed); empty when the path is unknown or expired.
    QString diskPath(const QString &path);
    // For tests: the request ids created so far, oldest first.
    QStringList requestIds() const;
    // For tests: moves the desk's clock forward by `ms` (negative is ignored). Every request ages by
    // `ms` (queued, processing, expiry, the 60-minute rule); new ids and start times use the moved clock.
    void advanceClock(qint64 ms);
    // The desk's UTC time: real time plus advanceClock().
    QDateTime now() const;

    // EXPORT_PENDING_REQUESTS_TIME_OUT in jsoc_fetch.c: exp_request's per-address limit (status 7)
    // ignores a pending request older than this.
    static constexpr int kPendingTimeoutMinutes = 60;

    struct Request;
    struct FileEntry;

private:
    QByteArray expRequest(const QHash<QString, QString> &params, const QByteArray &remoteIp);
    QByteArray expStatus(const QHash<QString, QString> &params);
    QByteArray quickReply(const SimSelection &selection, const QString &method, const QString &protocol);
    int statusOf(const Request &req, qint64 *waitSeconds) const;
    qint64 clockMs() const;
    qint64 ageMs(const Request &req) const;
    // Requests of `notify` at status 1 or 2, oldest first (addresses compared decoded, any case).
    QList<std::shared_ptr<Request>> pendingOf(const QString &notify) const;
    QString newRequestId();
    QString exportDir(int serial) const;
    QString registerFile(const QString &urlPath, const QString &series, const SimRecord &record,
                         const SimSegment &segment);
    QString materialise(const QString &urlPath);
    qint64 estimateBytes(const SimSelection &selection, qint64 recordCount, const ProcessingChain &chain);
    QByteArray indexJson(const Request &req) const;
    QByteArray indexTxt(const Request &req) const;
    QByteArray keywordsTxt(const Request &req) const;
    // Processed exports: the processed file of `entry` (made now if needed), and im_patch's
    // reference image (the record nearest t_ref, made once per request).
    QString processedFile(const FileEntry &entry, Request &owner, QString *error);
    std::optional<FitsPlane> referenceImage(Request &req, const ProcessingStep &imPatch, QString *error);
    int processingSize(const SimSegment &segment) const;

    const SimRecordSource &m_source;
    ExportDeskOptions m_options;
    std::unique_ptr<AddressBook> m_addressBook;
    std::unique_ptr<FitsCache> m_cache;
    QList<std::shared_ptr<Request>> m_requests;
    QHash<QString, std::shared_ptr<Request>> m_requestById;
    QHash<QString, std::shared_ptr<FileEntry>> m_files; // URL path → how to produce its bytes
    QElapsedTimer m_clock;
    qint64 m_travelMs = 0; // advanceClock()
    QString m_idDay;
    int m_idCounter = 0;
    int m_dirCounter = 0;
};

} // namespace sim
