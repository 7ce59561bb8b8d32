#include "ExportCommand.h"

#include "model/common/DisplayFormat.h"
#include "model/exports/DownloadFolderCheck.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportStatusText.h"
#include "network/DownloadManager.h"
#include "network/ExportPoller.h"

#include <QCoreApplication>

#include <algorithm>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QSet>
#include <QTimer>

namespace cli {
namespace {

struct ExportArgs {
    jsoc::ExportRequestOptions options;
    QString folder = QStringLiteral(".");
    int connections = 1;
    int timeoutSecs = 60;
    int fileDeadlineSecs = 0; // 0 = no limit for the whole of one file
    int pollMs = 3000;
};

// Parses the arguments; returns an error message, empty on success.
QString parseArgs(const QStringList &args, ExportArgs &a)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        auto value = [&](const char *name) -> QString {
            if (i + 1 >= args.size())
                return QString();
            Q_UNUSED(name);
            return args.at(++i);
        };
        if (arg == u"--email") {
            a.options.notify = value("--email");
        } else if (arg == u"--method") {
            a.options.method = value("--method");
        } else if (arg == u"--protocol") {
            a.options.protocol = value("--protocol");
        } else if (arg == u"--out") {
            a.folder = value("--out");
        } else if (arg == u"--connections" || arg == u"--timeout" || arg == u"--poll-ms"
                   || arg == u"--file-deadline") {
            bool ok = false;
            const int n = value("").toInt(&ok);
            if (!ok || n < 1)
                return QStringLiteral("%1 needs a positive number").arg(arg);
            if (arg == u"--connections") {
                if (n > 8)
                    return QStringLiteral("--connections is at most 8 (JSOC expects 1)");
                a.connections = n;
            } else if (arg == u"--timeout") {
                a.timeoutSecs = n;
            } else if (arg == u"--file-deadline") {
                a.fileDeadlineSecs = n;
            } else {
                a.pollMs = n;
            }
        } else if (arg.startsWith(u"--")) {
            return QStringLiteral("unknown option %1").arg(arg);
        } else if (a.options.recordSet.isEmpty()) {
            a.options.recordSet = arg;
        } else {
            return QStringLiteral("unexpected argument %1").arg(arg);
        }
    }
    if (a.options.recordSet.isEmpty())
        return QStringLiteral("export needs a record set");
    if (a.options.notify.trimmed().isEmpty())
        return QStringLiteral("export needs --email (an address registered with JSOC)");
    if (a.folder.isEmpty())
        return QStringLiteral("--out needs a folder");
    a.options.method = jsoc::effectiveMethod(a.options);
    a.folder = QDir::cleanPath(QFileInfo(a.folder).absoluteFilePath());
    return {};
}

// The unfinished (or finished but not fully downloaded) export of an earlier run with the same
// arguments, so that a killed run is resumed rather than submitted twice. An export that failed
// only because JSOC could not be reached is followed again by its request id.
qint64 findResumable(const jsoc::ExportQueue &queue, const ExportArgs &a)
{
    using State = jsoc::ExportQueueEntry::State;
    const auto entries = queue.entries();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        const jsoc::ExportQueueEntry &e = *it;
        const bool followAgain = e.state == State::Failed && e.jsocStatus < 0 && !e.requestId.isEmpty();
        if ((e.state == State::Failed && !followAgain) || e.state == State::Cancelled || e.state == State::Expired)
            continue;
        if (e.options.recordSet == a.options.recordSet
            && e.options.notify.compare(a.options.notify, Qt::CaseInsensitive) == 0
            && e.options.method == a.options.method && e.options.protocol == a.options.protocol && e.folder == a.folder)
            return e.id;
    }
    return 0;
}

// Bytes still to fetch for an export: what its unfinished downloads lack, or JSOC's size of
// the export while no download is known yet (-1 unknown).
qint64 bytesStillNeeded(const jsoc::ExportQueue &queue, qint64 id)
{
    const auto e = queue.entry(id);
    const auto downloads = queue.downloads(id);
    if (downloads.isEmpty())
        return e && e->sizeMb > 0 ? e->sizeMb * 1000 * 1000 : -1;
    qint64 needed = 0;
    for (const jsoc::DownloadItem &d : downloads)
        if (d.state != jsoc::DownloadItem::State::Done && d.size > 0)
            needed += std::max<qint64>(0, d.size - d.received);
    return needed;
}

// A file that failed because the network or the file server did not deliver it (exit 3), as
// opposed to bytes that arrived but do not verify, or a local problem (exit 1).
bool isNetworkFailure(const jsoc::DownloadItem &d)
{
    return d.state == jsoc::DownloadItem::State::Failed && d.transferFailed;
}

// The CLI's own advice after the neutral words stored in the queue.
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

const char *const kUsage =
    "usage: jsoc-cli export RECORDSET --email E [--method url_quick|url|url-tar] [--protocol as-is|fits]\n"
    "                          [--out DIR] [--connections N] [--timeout SECONDS] [--poll-ms MS]\n"
    "                          [--file-deadline SECONDS]\n"
    "--timeout: a transfer with no byte for this long is retried (default 60). A transfer that moves\n"
    "             less than 64 KiB in a minute is retried too. --file-deadline: give up on a file not\n"
    "             downloaded within this many seconds, all retries included (default: no limit)\n"
    "exit status: 0 every file downloaded and verified; 1 JSOC refused or failed the export, listed\n"
    "             fewer files than it announced, a file failed verification, or the download folder or\n"
    "             the export queue cannot be written; 2 usage; 3 JSOC or its file server could not be\n"
    "             reached (run the same command again to resume)\n";

} // namespace

int runExport(const CliContext &ctx, const QStringList &args)
{
    ExportArgs a;
    if (const QString error = parseArgs(args, a); !error.isEmpty()) {
        ctx.err << "jsoc-cli export: " << error << "\n" << kUsage;
        return UsageError;
    }

    jsoc::ExportQueue queue;
    QString error;
    if (!queue.open(jsoc::ExportQueue::defaultPath(), &error)) {
        ctx.err << "jsoc-cli export: " << error << Qt::endl;
        return LocalFailure;
    }
    using State = jsoc::ExportQueueEntry::State;
    qint64 id = findResumable(queue, a);
    // The folder is checked before anything is sent: a typo or a full disk is found now, not
    // after JSOC has staged the files. (Asked once: resuming changes no size.)
    const qint64 stillNeeded = id > 0 ? bytesStillNeeded(queue, id) : -1;
    const jsoc::DownloadFolderCheck folder = jsoc::checkDownloadFolder(a.folder, stillNeeded);
    if (!folder.isOk()) {
        ctx.err << "jsoc-cli export: " << folder.error << " Nothing was sent to JSOC." << Qt::endl;
        return LocalFailure;
    }
    bool followAgain = false;
    if (id > 0) {
        const auto e = queue.entry(id);
        followAgain = e->state == State::Failed;
        ctx.err << "Resuming export #" << id << (e->requestId.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e->requestId))
                << " from an earlier run." << Qt::endl;
        // Files that did not finish are fetched again; the .part files resume. Done rows are left
        // to the download manager, which checks each file on disk before it counts
        // (DownloadVerification::checkDone: deleted or damaged since means downloaded again).
        for (jsoc::DownloadItem d : queue.downloads(id)) {
            if (d.state != jsoc::DownloadItem::State::Done && d.state != jsoc::DownloadItem::State::Waiting) {
                d.state = jsoc::DownloadItem::State::Waiting;
                d.error.clear();
                queue.updateDownloadSoon(d);
            }
        }
        if (!queue.flushDownloads()) { // one transaction for every row
            ctx.err << "jsoc-cli export: " << queue.writeFailureText(*e) << Qt::endl;
            return LocalFailure;
        }
    } else {
        id = queue.add(a.options, a.folder);
        if (id == 0) {
            ctx.err << "jsoc-cli export: " << queue.lastError() << ". Nothing was sent to JSOC." << Qt::endl;
            return LocalFailure;
        }
    }

    ctx.client.setTransferTimeout(a.timeoutSecs * 1000);
    jsoc::ExportPoller poller(&ctx.client, &queue);
    jsoc::ExportPoller::Options pollOptions;
    pollOptions.pollInitialMs = a.pollMs;
    pollOptions.pollMaxMs = std::max(a.pollMs, 30000);
    poller.setOptions(pollOptions);

    jsoc::DownloadManager downloads;
    downloads.setConnectionsPerHost(a.connections);
    jsoc::DownloadJob::Options jobOptions;
    jobOptions.transferTimeoutMs = a.timeoutSecs * 1000;
    jobOptions.maxRetryDelayMs = 10000;
    jobOptions.fileDeadlineMs = qint64(a.fileDeadlineSecs) * 1000;
    downloads.setJobOptions(jobOptions);

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
        if (!words.isEmpty())
            ctx.err << words << Qt::endl;
        loop.quit();
    };
    auto reportEntry = [&] {
        const auto e = queue.entry(id);
        if (!e)
            return;
        const QString line = QStringLiteral("Export #%1%2: %3. %4")
                                 .arg(id)
                                 .arg(e->requestId.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e->requestId),
                                      jsoc::ExportQueueEntry::stateName(e->state), e->message);
        if (line != lastLine) {
            lastLine = line;
            ctx.err << line << Qt::endl;
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
        if (e->state != State::Done || !downloads.isIdle())
            return;
        int done = 0, total = 0, networkFailures = 0;
        for (const jsoc::DownloadItem &d : downloads.items()) {
            ++total;
            if (d.state == jsoc::DownloadItem::State::Done)
                ++done;
            else if (isNetworkFailure(d))
                ++networkFailures;
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
    bool spaceChecked = folder.bytesAvailable >= 0 && stillNeeded > 0;
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
        poller.stop();
        const auto e = queue.entry(id);
        storageFailed(message + (e ? QLatin1Char(' ') + jsoc::ExportQueue::nothingLostText(*e) : QString()));
    });
    QObject::connect(&downloads, &jsoc::DownloadManager::itemFinished, &loop, [&](const jsoc::DownloadItem &d) {
        if (d.state == jsoc::DownloadItem::State::Done) {
            ctx.out << d.targetPath() << Qt::endl;
            ctx.err << "done " << d.fileName << " (" << jsoc::format::bytes(d.size) << ")" << Qt::endl;
        } else {
            ctx.err << "not complete: " << d.fileName << ": " << d.error << Qt::endl;
        }
    });
    QObject::connect(&downloads, &jsoc::DownloadManager::itemRetrying, &loop,
                     [&](qint64 itemId, int attempt, int delayMs, const QString &reason) {
                         ctx.err << "retrying " << downloads.item(itemId).fileName << " (attempt " << attempt << ", in "
                                 << delayMs << " ms): " << reason << Qt::endl;
                     });
    // Another process (a second jsoc-cli into the same folder) has the file: said once per file.
    QSet<qint64> waitingShown;
    QObject::connect(&downloads, &jsoc::DownloadManager::itemWaiting, &loop, [&](qint64 itemId, const QString &holder) {
        if (waitingShown.contains(itemId))
            return;
        waitingShown.insert(itemId);
        ctx.err << "waiting: " << downloads.item(itemId).fileName << " is being downloaded by " << holder
                << "; will start when it finishes" << Qt::endl;
    });
    QObject::connect(&downloads, &jsoc::DownloadManager::idle, &loop, [&] { QTimer::singleShot(0, &loop, maybeFinish); });
    QTimer progress;
    progress.setInterval(1000);
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        if (downloads.runningCount() == 0)
            return;
        const auto p = downloads.totalProgress();
        ctx.err << "downloading: " << p.filesDone << "/" << p.files << " files, " << jsoc::format::bytes(p.received)
                << " of " << jsoc::format::bytes(p.total) << ", " << jsoc::format::rate(p.bytesPerSecond)
                << (p.etaSeconds >= 0 ? QStringLiteral(", ETA %1").arg(jsoc::format::duration(p.etaSeconds)) : QString())
                << Qt::endl;
    });
    progress.start();

    reportEntry();
    downloads.attachQueue(&queue, id);
    poller.start();
    if (followAgain && poller.isRunning())
        poller.retry(id); // JSOC could not be reached last time: ask about the same request id again
    QTimer::singleShot(0, &loop, maybeFinish);
    if (!finished)
        loop.exec();
    poller.stop();
    return exitCode;
}

} // namespace cli
