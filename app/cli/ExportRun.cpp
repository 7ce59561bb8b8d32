#include "ExportRun.h"

#include "ProgressLine.h"
#include "app/cli/shared/CliLog.h"
#include "app/workflow/ExportSession.h"
#include "model/common/DisplayFormat.h"
#include "model/exports/DownloadFolderCheck.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportStatusText.h"
#include "network/DownloadManager.h"
#include "network/ExportPoller.h"

#include <QEventLoop>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace cli {
namespace {

// A file that failed because the network or the file server did not deliver it (exit 3), as
// opposed to bytes that arrived but do not verify, or a local problem (exit 1).
bool isNetworkFailure(const jsoc::DownloadItem &d)
{
    return d.state == jsoc::DownloadItem::State::Failed && d.transferFailed;
}

} // namespace

QString exportStateLine(const jsoc::ExportQueueEntry &e)
{
    return QStringLiteral("Export #%1%2: %3. %4")
        .arg(e.id)
        .arg(e.requestId.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e.requestId),
             jsoc::ExportQueueEntry::stateName(e.state), e.message);
}

QString cliAdvice(const jsoc::ExportQueueEntry &e)
{
    using State = jsoc::ExportQueueEntry::State;
    if (e.state == State::Failed && e.jsocStatus < 0 && !e.requestId.isEmpty())
        return QStringLiteral("Run the same command again to keep following request %1.").arg(e.requestId);
    if (e.state == State::Failed && e.jsocStatus < 0)
        return QStringLiteral("Run the same command again to send the request again.");
    if (e.state == State::Expired)
        return QStringLiteral("Run the same command again to have JSOC prepare the files anew.");
    return {};
}


int runExportToTheEnd(const CliContext &ctx, app::ExportSession &session, qint64 id, const ExportRunOptions &a)
{
    using State = jsoc::ExportQueueEntry::State;
    ctx.client.setTransferTimeout(a.timeoutSecs * 1000);
    app::ExportSession::Options sessionOptions;
    sessionOptions.poll.pollInitialMs = a.pollMs;
    sessionOptions.poll.pollMaxMs = std::max(a.pollMs, 30000);
    sessionOptions.connectionsPerHost = a.connections;
    jsoc::DownloadJob::Options jobOptions;
    jobOptions.transferTimeoutMs = a.timeoutSecs * 1000;
    jobOptions.maxRetryDelayMs = 10000;
    jobOptions.fileDeadlineMs = qint64(a.fileDeadlineSecs) * 1000;
    sessionOptions.download = jobOptions;
    session.setOptions(sessionOptions);
    jsoc::ExportQueue &queue = *session.queue();
    jsoc::ExportPoller &poller = *session.poller();
    jsoc::DownloadManager &downloads = *session.downloads();
    ProgressLine progressLine(ctx.quiet ? nullptr : stderr);

    QEventLoop loop;
    int exitCode = Ok;
    bool finished = false;
    QString lastLine;
    // Ends the run once: the summary and the exit code are decided by the first reason to stop.
    auto finish = [&](int code, const QString &words) {
        if (finished)
            return;
        finished = true;
        exitCode = code;
        qCDebug(lcCli).noquote() << "export" << id << "ends with exit code" << code << words;
        progressLine.clear();
        if (!words.isEmpty())
            (code == Ok ? ctx.note : ctx.err) << words << Qt::endl;
        loop.quit();
    };
    auto reportEntry = [&] {
        const auto e = queue.entry(id);
        if (!e)
            return;
        const QString line = exportStateLine(*e);
        if (line != lastLine) {
            lastLine = line;
            progressLine.clear();
            ctx.note << line << Qt::endl;
        }
    };
    auto maybeFinish = [&] {
        if (finished)
            return;
        const auto e = queue.entry(id);
        if (!e)
            return;
        if (e->state == State::Failed || e->state == State::Expired || e->state == State::Cancelled) {
            reportEntry(); // the failure in JSOC's words, even when no change signal carried it
            int code = JsocFailure;
            if (e->state == State::Failed && e->jsocStatus < 0)
                code = poller.lastFailure(id).isJsocAnswer() ? JsocFailure : NetworkFailure;
            finish(code, cliAdvice(*e));
            return;
        }
        if (session.isUnpacking(id))
            return; // a url-tar export is complete only once its tar is unpacked
        if (e->state != State::Done || !downloads.isIdle())
            return;
        int done = 0, total = 0, networkFailures = 0;
        bool tarUnpacked = false;
        for (const jsoc::DownloadItem &d : downloads.items()) {
            if (app::ExportSession::isUnpackedTar(d)) { // unpacked by an earlier run: its files are the export
                tarUnpacked = true;
                continue;
            }
            ++total;
            if (d.state == jsoc::DownloadItem::State::Done)
                ++done;
            else if (isNetworkFailure(d))
                ++networkFailures;
        }
        if (tarUnpacked && total == 0) {
            finish(Ok, e->message);
            return;
        }
        // "Done" with no file followed here is never success: JSOC listed files this run did not get.
        if (total == 0 && e->fileCount > 0) {
            finish(JsocFailure, QStringLiteral("None of the %1 files of export #%2 were downloaded by this run; run the "
                                               "same command again.")
                                    .arg(e->fileCount)
                                    .arg(id));
            return;
        }
        QString summary = QStringLiteral("%1 of %2 files complete").arg(done).arg(total);
        int code = Ok;
        if (done < total) {
            // Only when every unfinished file failed for the network is the network to blame.
            code = networkFailures == total - done ? NetworkFailure : JsocFailure;
            // Only a transfer that failed can be resumed by running again; a refused file name or
            // bytes that do not verify would fail the same way, so no promise is made for them.
            summary += networkFailures > 0 ? QStringLiteral("; run the same command again to resume.")
                                           : QStringLiteral("; the reasons are above.");
        } else {
            summary += QLatin1Char('.');
        }
        if (e->isShort()) { // complete as far as it goes, but JSOC did not list every file
            summary += QLatin1Char(' ') + e->message;
            if (code == Ok)
                code = JsocFailure;
        }
        finish(code, summary);
    };
    // Nothing can be recorded any more: stop at once (the .part files stay for the next run).
    auto storageFailed = [&](const QString &message) {
        finish(LocalFailure, QStringLiteral("jsoc-cli export: ") + message);
    };

    // Once JSOC tells the size, the folder must have room for it: better to stop now, with the
    // request safe at JSOC, than to fill the disk halfway through.
    bool spaceChecked = a.spaceKnown && a.stillNeeded > 0;
    auto checkSpace = [&] {
        if (spaceChecked)
            return;
        const auto e = queue.entry(id);
        if (!e || e->sizeMb <= 0)
            return;
        // Decided now either way: the download rows are read once, not on every change.
        spaceChecked = true;
        if (!queue.downloads(id).isEmpty())
            return; // JSOC named the files in the answer that gave the size: nothing is left to stop
        const jsoc::DownloadFolderCheck room = jsoc::checkDownloadFolder(a.folder, e->sizeMb * 1000 * 1000);
        if (!room.isOk()) {
            poller.stop();
            // JSOC's own figure, in its own unit; one arg() call so a '%' in a path stays text.
            finish(LocalFailure, QStringLiteral("jsoc-cli export: JSOC says the export is %1 MB. %2 %3")
                                     .arg(QString::number(e->sizeMb), room.error,
                                          jsoc::ExportQueue::nothingLostText(*e)));
        }
    };
    QObject::connect(&queue, &jsoc::ExportQueue::entryChanged, &loop, [&](qint64 changed) {
        if (changed != id)
            return;
        reportEntry();
        checkSpace();
    });
    QObject::connect(&poller, &jsoc::ExportPoller::entryFinished, &loop, [&](qint64 done) {
        if (done == id)
            QTimer::singleShot(0, &loop, maybeFinish);
    });
    QObject::connect(&poller, &jsoc::ExportPoller::storageFailed, &loop,
                     [&](qint64, const QString &message) { storageFailed(message); });
    QObject::connect(&downloads, &jsoc::DownloadManager::storageFailed, &loop, [&](const QString &message) {
        const auto e = queue.entry(id);
        storageFailed(message + (e ? QLatin1Char(' ') + jsoc::ExportQueue::nothingLostText(*e) : QString()));
    });
    // A url-tar export: the unpack decides (its files verified into the folder, or the problems).
    QObject::connect(&session, &app::ExportSession::unpacked, &loop, [&](qint64 exportId, bool ok, const QString &text) {
        if (exportId != id)
            return;
        progressLine.clear();
        (ok ? ctx.note : ctx.err) << (ok ? "" : "not complete: ") << text << Qt::endl;
        if (ok)
            for (const QString &path : session.lastUnpackedFiles())
                ctx.out << path << Qt::endl;
        QTimer::singleShot(0, &loop, maybeFinish);
    });
    QObject::connect(&session, &app::ExportSession::merged, &loop, [&](qint64 from, qint64 into) {
        if (from != id)
            return;
        // JSOC answered with a request id an earlier row already follows: go on with that row.
        progressLine.clear();
        ctx.note << "Export #" << from << " is the same request at JSOC as export #" << into
                << "; following that one." << Qt::endl;
        id = into;
        // Its files that did not finish are this run's to fetch now (the .part files resume).
        if (!session.requeueUnfinished(into)) {
            storageFailed(session.lastError());
            return;
        }
        downloads.followOnlyExport(into);
        QTimer::singleShot(0, &loop, maybeFinish);
    });
    QObject::connect(&downloads, &jsoc::DownloadManager::itemFinished, &loop, [&](const jsoc::DownloadItem &d) {
        progressLine.clear();
        const auto owner = queue.entry(d.exportId);
        if (d.state == jsoc::DownloadItem::State::Done && owner && owner->options.method == QLatin1String("url-tar")) {
            // Not the export's result: its members are, once unpacked (printed then).
            ctx.note << "downloaded the tar " << d.fileName << " (" << jsoc::format::bytes(d.size) << "); unpacking"
                    << Qt::endl;
        } else if (d.state == jsoc::DownloadItem::State::Done) {
            ctx.out << d.targetPath() << Qt::endl;
            ctx.note << "done " << d.fileName << " (" << jsoc::format::bytes(d.size) << ")" << Qt::endl;
        } else {
            ctx.err << "not complete: " << d.fileName << ": " << d.error << Qt::endl;
        }
    });
    QObject::connect(&downloads, &jsoc::DownloadManager::itemRetrying, &loop,
                     [&](qint64 itemId, int attempt, int delayMs, const QString &reason) {
                         progressLine.clear();
                         ctx.note << "retrying " << downloads.item(itemId).fileName << " (attempt " << attempt << ", in "
                                 << delayMs << " ms): " << reason << Qt::endl;
                     });
    // Another process (a second jsoc-cli into the same folder) has the file: said once per file.
    QSet<qint64> waitingShown;
    QObject::connect(&downloads, &jsoc::DownloadManager::itemWaiting, &loop, [&](qint64 itemId, const QString &holder) {
        if (waitingShown.contains(itemId))
            return;
        waitingShown.insert(itemId);
        progressLine.clear();
        ctx.note << "waiting: " << downloads.item(itemId).fileName << " is being downloaded by " << holder
                << "; will start when it finishes" << Qt::endl;
    });
    QObject::connect(&downloads, &jsoc::DownloadManager::idle, &loop, [&] { QTimer::singleShot(0, &loop, maybeFinish); });
    QTimer progress;
    progress.setInterval(1000);
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        if (downloads.runningCount() == 0)
            return;
        const auto p = downloads.totalProgress();
        progressLine.show(QStringLiteral("downloading: %1/%2 files, %3 of %4, %5%6")
                              .arg(p.filesDone)
                              .arg(p.files)
                              .arg(jsoc::format::bytes(p.received), jsoc::format::bytes(p.total),
                                   jsoc::format::rate(p.bytesPerSecond),
                                   p.etaSeconds >= 0 ? QStringLiteral(", ETA %1").arg(jsoc::format::duration(p.etaSeconds))
                                                     : QString()));
    });
    progress.start();

    reportEntry();
    session.start(id);
    if (a.followAgain && poller.isRunning())
        poller.retry(id); // JSOC could not be reached last time: ask about the same request id again
    QTimer::singleShot(0, &loop, maybeFinish);
    if (!finished)
        loop.exec();
    session.stop();
    return exitCode;
}

} // namespace cli
