#pragma once

#include "model/exports/DownloadQueueItem.h"
#include "model/exports/ExportQueueEntry.h"
#include "model/exports/ExportTarUnpack.h"
#include "model/exports/ExportTypes.h"
#include "model/exports/PendingRequestCheck.h"
#include "network/DownloadJob.h"
#include "network/ExportPoller.h"
#include "network/JsocClient.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrl>

#include <map>
#include <memory>
#include <optional>

namespace jsoc {
class DownloadManager;
class ExportQueue;
class JsocClient;
}

// The one owner of export state, shared by the GUI (app/gui/ExportController) and jsoc-cli
// (export, download, exports): it owns the server's export queue (SQLite), the poller that
// talks to JSOC and the download manager, and is the only code that writes export state.
// Everything it needs after a restart or a kill -9 is in the queue database: the requests and
// their JSOC state, the "stage only" choice, JSOC's own last words, when JSOC finished (its
// exptime) and each file's download state. Widgets-free; links model and network only.
//
// One queue per server, the same for the GUI and the CLI: dataDir(server). Several processes
// may use it at once (SQLite serialises their writes; each file has a lock while it downloads):
// a second jsoc-cli run sees and waits behind the first one's request instead of sending its own
// into JSOC's one-request-per-address limit.
//
// Its messages are neutral (no button names, no commands): the GUI and the CLI add their advice.
namespace app {

class ExportTarStep;

class ExportSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportSession)

public:
    struct Options {
        jsoc::ExportPoller::Options poll;
        int connectionsPerHost = 1; // JSOC expects one (protocol quirk 22); at most 8
        std::optional<jsoc::DownloadJob::Options> download; // absent: DownloadJob's defaults
    };

    explicit ExportSession(jsoc::JsocClient *client, QObject *parent = nullptr);
    ~ExportSession() override;

    // <AppDataLocation>/exports/<host>[_<port>]: where a server's queue lives, for both programs.
    static QString dataDir(const QUrl &server);

    // Opens <dataDir>/exports.sqlite (upgrading an older one; refusing a newer, damaged,
    // unreadable or read-only one in words, never overwriting it). False with openError().
    bool open(const QString &dataDir);
    bool isOpen() const;
    QString openError() const { return m_openError; }
    QString databasePath() const;

    void setOptions(const Options &options);
    const Options &options() const { return m_options; }
    // Follows every request in the queue and resumes the downloads. `onlyExport` > 0: only that
    // export is sent and downloaded (the CLI's one export); the others are still followed, since
    // they can hold up its address at JSOC.
    void start(qint64 onlyExport = 0);
    void stop();
    bool isStarted() const { return m_started; }

    // ---- what the user can do --------------------------------------------------------------
    // Queues a request (sent by the poller when JSOC will take it). 0 and lastError() on failure:
    // the folder cannot be written, the queue cannot be written. Nothing is sent in that case.
    qint64 submit(const jsoc::ExportRequestOptions &options, const QString &folder, bool stageOnly);
    // A job ("Same field in other series…"): `members` queued as one group titled `title`, all or
    // none, in one transaction, downloading into one `folder`; the poller sends them one after
    // another (JSOC takes one pending request per address). Every member passes submit()'s checks
    // first (checkExportOptions: record set, address, method, processing and the series that refuse
    // it); one refused member queues nothing. Their ids in order, or an empty list with lastError()
    // naming each refused member by its record set, or why the queue could not be written.
    QList<qint64> submitGroup(const QList<jsoc::ExportRequestOptions> &members, const QString &folder,
                              const QString &title);
    // Follows a request made elsewhere by its id. Asynchronous: followed() or followRefused().
    // An id already in the queue is merged with its row (followed() with that row; `stageOnly`
    // false turns a staged row into one that downloads).
    void follow(const QString &requestId, const QString &folder, bool stageOnly);
    // A staged (or paused) export: download its files now.
    bool download(qint64 exportId);
    // Gives up a request here and its unfinished downloads (their .part files stay, so they can
    // be resumed); when JSOC may still count it as this address's pending request, asks JSOC to
    // cancel it too (AskingJsoc: cancelledAtJsoc() follows, always).
    enum class CancelOutcome { NotInQueue, CancelledHere, AskingJsoc };
    CancelOutcome cancel(qint64 exportId);
    // Failed: asks JSOC again about its request id, or sends it again.
    bool retry(qint64 exportId);
    // After JSOC deleted the files (status 5) or a refusal: the stored parameters as a new request
    // (JSOC's exp_repeat is disabled: "Re-Export requests temporarily disabled."). Returns the new id.
    // A member of a job stays in the job: the re-export takes the old member's place (same group id
    // and title) and the old row leaves the job as a lone row whose history names its successor, so
    // "n of m done" keeps one row per series and reads complete once every series has its files.
    qint64 resubmit(qint64 exportId);
    // Forgets the export, its history and its download rows (files on disk are left alone).
    bool remove(qint64 exportId);
    // The pending-request table at JSOC for an address (manage-request.sh): pendingChecked().
    void checkPending(const QString &address);
    void cancelPending(const QString &address);

    // Downloads of one export (pause/resume/retry/cancel of single files go to downloads()).
    QList<jsoc::DownloadItem> downloadsOf(qint64 exportId) const;
    bool isRemoved(qint64 exportId) const { return m_removed.contains(exportId); }
    // The tar row of a url-tar export whose tar was unpacked and deleted (stored Cancelled with
    // words that say so, so that no restart fetches it again): what the export delivered are the
    // unpacked files, not this row.
    static bool isUnpackedTar(const jsoc::DownloadItem &item);
    // The files of an export that did not finish (paused, failed, cancelled) become Waiting again,
    // in one transaction: what a second `jsoc-cli export`/`download` of the same request means.
    // Done rows stay (the manager checks them on disk); an unpacked tar stays unpacked.
    bool requeueUnfinished(qint64 exportId);
    // A url-tar export whose tar is being unpacked: not complete yet, whatever its rows say.
    bool isUnpacking(qint64 exportId) const { return m_unpacks.count(exportId) > 0; }
    // The files the last successful unpack put in place (absolute paths), for jsoc-cli's stdout.
    QStringList lastUnpackedFiles() const { return m_lastUnpackedFiles; }

    QString lastError() const { return m_lastError; }
    // Why the last follow() was refused, typed (Kind::None when JSOC answered with a refusal
    // that is not an error of the transport, e.g. an unknown id: see followRefused's words).
    jsoc::JsocError lastFollowError() const { return m_lastFollowError; }
    jsoc::ExportQueue *queue() const { return m_queue.get(); }
    jsoc::ExportPoller *poller() const { return m_poller.get(); }
    jsoc::DownloadManager *downloads() const { return m_downloads.get(); }

signals:
    void exportAdded(qint64 exportId);
    void followed(qint64 exportId, const QString &requestId);
    void followRefused(const QString &requestId, const QString &message);
    void exportFinished(qint64 exportId, jsoc::ExportQueueEntry::State state);
    void merged(qint64 from, qint64 into);
    void pendingChecked(const QString &address, const jsoc::PendingRequestCheck &check);
    void pendingCheckFailed(const QString &address, const QString &message);
    // After cancel(): `ok` false with JSOC's words or why it could not be asked.
    void cancelledAtJsoc(qint64 exportId, bool ok, const QString &message);
    // Something the user should read (neutral words). `error` marks failures.
    void message(const QString &text, bool error);
    // A url-tar export's tar is being unpacked into its folder (tar bytes read of `total`).
    void unpackProgress(qint64 exportId, qint64 done, qint64 total);
    // The unpack ended: `ok` only when every listed file is in place and verified (the export is
    // then complete and its tar deleted); otherwise the export is Failed with the problems in words.
    void unpacked(qint64 exportId, bool ok, const QString &message);
    // A write to the queue failed: the poller and the downloads stopped. `text` names what is
    // still safe at JSOC.
    void storageFailed(const QString &text);

private:
    bool fail(const QString &text);
    void onFollowAnswer(const QString &requestId, const QString &folder, bool stageOnly, const jsoc::ExportStatus &status,
                        const jsoc::JsocError &error);
    void importOldStageFlags(const QString &dataDir);
    // JSOC's answer about an address's pending request, to pendingChecked()/pendingCheckFailed().
    void answerPending(jsoc::PendingRequestJob *job, const QString &address, bool cancelled);
    // url-tar: once the tar is downloaded and verified, unpack it (again after a kill: the tar
    // is deleted only after a whole unpack, so a tar still there means not yet unpacked).
    void unpackIfReady(qint64 exportId);
    void onUnpacked(qint64 exportId, const jsoc::TarUnpackResult &result, bool tarDeleted);

    QPointer<jsoc::JsocClient> m_client;
    Options m_options;
    std::unique_ptr<jsoc::ExportQueue> m_queue;
    std::unique_ptr<jsoc::ExportPoller> m_poller;
    std::unique_ptr<jsoc::DownloadManager> m_downloads;
    QSet<qint64> m_removed; // rows deleted while their downloads still sit in the manager
    QString m_openError;
    QString m_lastError;
    QStringList m_lastUnpackedFiles;
    jsoc::JsocError m_lastFollowError;
    bool m_started = false;
    qint64 m_onlyExport = 0;
    std::map<qint64, std::unique_ptr<ExportTarStep>> m_unpacks; // export id -> its running unpack
};

} // namespace app
