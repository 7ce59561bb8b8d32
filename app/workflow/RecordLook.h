#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace jsoc {
class JsocClient;
}

// "Instant look" at one record (issue 16): its segment file fetched straight from SUMS, without an
// export, as drms's tutorial does (protocol §10.6), for the GUI's preview and `jsoc-cli preview`.
//
// One rs_list (`ds=<record>&key=<keywords>&seg=<segment>&n=2`) gives both the file's path and the
// keywords; the file (GET <server root><path>) goes into an on-disk cache, written as NAME.part
// and renamed, so a half file never has the final name. A SUMS file's header is bare (structural
// cards only), so the cached copy's image header gets the row's keywords (WCS, solar geometry,
// QUALITY) with a COMMENT card saying so (fits::RecordHeader): every viewer then reads it like
// an exported file. Offline records (NoDataDirectory), unknown segments (InvalidSegName) and
// segments that are not images say "Export needed" in words.
//
// Politeness: one request on the wire at a time. show() is the newest wish and wins: it cancels
// the request in flight unless that is for the same record, and drops queued prefetches;
// prefetch() queues records fetched (into the cache only) after the shown one.
namespace app {

struct RecordLookRequest {
    QString series;          // hmi.M_45s
    QString recordSpec;      // one record, e.g. hmi.M_45s[2014.01.01_00:00:00_TAI]
    QString segment;         // magnetogram
    QStringList headerKeywords; // keywords for the built header; empty = **ALL**
    // A record set that selects several records: false fails with MoreThanOneRecord (the CLI
    // without --first), true shows the first of them.
    bool takeFirst = false;

    bool operator==(const RecordLookRequest &o) const
    {
        return series == o.series && recordSpec == o.recordSpec && segment == o.segment
               && headerKeywords == o.headerKeywords && takeFirst == o.takeFirst;
    }
};

struct RecordLookResult {
    RecordLookRequest request;
    // Local cached copy of the segment file. Its image header ALREADY holds the row's keywords
    // (added to the bare SUMS header, with a COMMENT card), so FitsPreviewWidget, the CLI preview
    // and the header view get the right WCS, solar coordinates and QUALITY without new API.
    QString filePath;
    QString headerNote;      // "Header built from the record's keywords (the file's own header is bare)"
    bool fromCache = false;  // served from the on-disk cache, no file transfer
};

enum class RecordLookFailure { ExportNeeded, NoSuchRecord, MoreThanOneRecord, Network, Server, LocalFile, Cancelled };

class RecordLook final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordLook)

public:
    // `client` sends the rs_list and lends its QNetworkAccessManager for the file (its site root
    // is the server root of the SUMS paths). `cacheDir` is created when missing.
    RecordLook(jsoc::JsocClient *client, const QString &cacheDir, qint64 cacheLimitBytes, QObject *parent = nullptr);
    ~RecordLook() override;

    // Oldest files are removed first while the cache is above the limit (the file shown last is kept).
    void setCacheLimit(qint64 bytes);
    qint64 cacheLimit() const;
    QString cacheDir() const;
    // Bytes of finished files in the cache now.
    qint64 cacheBytes() const;

    void show(const RecordLookRequest &r);               // cancels whatever is no longer wanted
    void prefetch(const QList<RecordLookRequest> &next); // after the shown one, lowest priority, cancelled by show()
    void cancelAll();                                    // emits failed(Cancelled) for a shown request in flight

    bool isBusy() const;

    // "export needed", "no such record", ... for logs and tests.
    static QString failureName(RecordLookFailure kind);

signals:
    void started(const app::RecordLookRequest &r);
    void shown(const app::RecordLookResult &result);
    // `words` is a sentence, e.g. "Export needed: hmi.M_45s[...] is offline (NoDataDirectory)."
    void failed(const app::RecordLookRequest &r, app::RecordLookFailure kind, const QString &words);
    // A prefetched record is in the cache (no signal for one that failed: it is tried again when shown).
    void prefetched(const app::RecordLookRequest &r);

private:
    struct Impl;
    struct Op;
    void abortActive();
    void pump();
    void startOp(const RecordLookRequest &r, bool shownNow);
    void onListed(const std::shared_ptr<Op> &op);
    void onFetched(const std::shared_ptr<Op> &op);
    void onBuilt(const std::shared_ptr<Op> &op, bool ok, bool noImage, bool addedKeywords, const QString &problem);
    void failOp(const std::shared_ptr<Op> &op, RecordLookFailure kind, const QString &words);
    void pruneCache();

    std::unique_ptr<Impl> d;
};

} // namespace app

Q_DECLARE_METATYPE(app::RecordLookRequest)
Q_DECLARE_METATYPE(app::RecordLookResult)
Q_DECLARE_METATYPE(app::RecordLookFailure)
