#include "ExportCommand.h"

#include "model/ExportQueue.h"
#include "model/ExportStatusText.h"
#include "network/DownloadManager.h"
#include "network/ExportPoller.h"

#include <QCoreApplication>

#include <algorithm>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

namespace cli {
namespace {

struct ExportArgs {
    jsoc::ExportRequestOptions options;
    QString folder = QStringLiteral(".");
    int connections = 1;
    int timeoutSecs = 60;
    int pollMs = 3000;
};

QString humanBytes(double bytes)
{
    if (bytes < 0)
        return QStringLiteral("?");
    const char *units[] = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (bytes >= 1000.0 && u < 4) {
        bytes /= 1000.0;
        ++u;
    }
    return QString::number(bytes, 'f', u == 0 ? 0 : 1) + QLatin1Char(' ') + QLatin1String(units[u]);
}

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
        } else if (arg == u"--connections" || arg == u"--timeout" || arg == u"--poll-ms") {
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
// arguments, so that a killed run is resumed rather than submitted twice.
qint64 findResumable(const jsoc::ExportQueue &queue, const ExportArgs &a)
{
    using State = jsoc::ExportQueueEntry::State;
    const auto entries = queue.entries();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        const jsoc::ExportQueueEntry &e = *it;
        if (e.state == State::Failed || e.state == State::Cancelled || e.state == State::Expired)
            continue;
        if (e.options.recordSet == a.options.recordSet
            && e.options.notify.compare(a.options.notify, Qt::CaseInsensitive) == 0
            && e.options.method == a.options.method && e.options.protocol == a.options.protocol && e.folder == a.folder)
            return e.id;
    }
    return 0;
}

} // namespace

int runExport(const CliContext &ctx, const QStringList &args)
{
    ExportArgs a;
    if (const QString error = parseArgs(args, a); !error.isEmpty()) {
        ctx.err << "jsoc-cli export: " << error << "\n"
                << "usage: jsoc-cli export RECORDSET --email E [--method url_quick|url|url-tar] [--protocol as-is|fits]\n"
                   "                          [--out DIR] [--connections N]\n";
        return UsageError;
    }

    jsoc::ExportQueue queue;
    QString error;
    if (!queue.open(jsoc::ExportQueue::defaultPath(), &error)) {
        ctx.err << "jsoc-cli export: " << error << Qt::endl;
        return JsocFailure;
    }
    using State = jsoc::ExportQueueEntry::State;
    qint64 id = findResumable(queue, a);
    if (id > 0) {
        const auto e = queue.entry(id);
        ctx.err << "Resuming export #" << id << (e->requestId.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e->requestId))
                << " from an earlier run." << Qt::endl;
        // Files that did not finish (or vanished since) are fetched again; the .part files resume.
        for (jsoc::DownloadItem d : queue.downloads(id)) {
            const bool present = d.state == jsoc::DownloadItem::State::Done && QFileInfo::exists(d.targetPath());
            if (!present && d.state != jsoc::DownloadItem::State::Waiting) {
                d.state = jsoc::DownloadItem::State::Waiting;
                d.error.clear();
                queue.updateDownload(d);
            }
        }
    } else {
        id = queue.add(a.options, a.folder);
        if (id == 0) {
            ctx.err << "jsoc-cli export: " << queue.lastError() << Qt::endl;
            return JsocFailure;
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
    downloads.setJobOptions(jobOptions);

    QEventLoop loop;
    int exitCode = Ok;
    QString lastLine;
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
        const auto e = queue.entry(id);
        if (!e)
            return;
        if (e->state == State::Failed || e->state == State::Expired || e->state == State::Cancelled) {
            exitCode = e->jsocStatus < 0 && e->state == State::Failed ? NetworkFailure : JsocFailure;
            loop.quit();
            return;
        }
        if (e->state != State::Done || !downloads.isIdle())
            return;
        int done = 0, total = 0;
        for (const jsoc::DownloadItem &d : downloads.items()) {
            ++total;
            if (d.state == jsoc::DownloadItem::State::Done)
                ++done;
        }
        exitCode = done == total ? Ok : JsocFailure;
        ctx.err << done << " of " << total << " files complete" << (done == total ? "." : "; run the same command again to resume.")
                << Qt::endl;
        loop.quit();
    };

    QObject::connect(&queue, &jsoc::ExportQueue::entryChanged, &loop, [&](qint64 changed) {
        if (changed == id)
            reportEntry();
    });
    QObject::connect(&poller, &jsoc::ExportPoller::entryFinished, &loop, [&](qint64 finished) {
        if (finished == id)
            QTimer::singleShot(0, &loop, maybeFinish);
    });
    QObject::connect(&downloads, &jsoc::DownloadManager::itemFinished, &loop, [&](const jsoc::DownloadItem &d) {
        if (d.state == jsoc::DownloadItem::State::Done) {
            ctx.out << d.targetPath() << Qt::endl;
            ctx.err << "done " << d.fileName << " (" << humanBytes(double(d.size)) << ")" << Qt::endl;
        } else {
            ctx.err << "not complete: " << d.fileName << ": " << d.error << Qt::endl;
        }
    });
    QObject::connect(&downloads, &jsoc::DownloadManager::itemRetrying, &loop,
                     [&](qint64 itemId, int attempt, int delayMs, const QString &reason) {
                         ctx.err << "retrying " << downloads.item(itemId).fileName << " (attempt " << attempt << ", in "
                                 << delayMs << " ms): " << reason << Qt::endl;
                     });
    QObject::connect(&downloads, &jsoc::DownloadManager::idle, &loop, [&] { QTimer::singleShot(0, &loop, maybeFinish); });
    QTimer progress;
    progress.setInterval(1000);
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        if (downloads.runningCount() == 0)
            return;
        const auto p = downloads.totalProgress();
        ctx.err << "downloading: " << p.filesDone << "/" << p.files << " files, " << humanBytes(double(p.received))
                << " of " << humanBytes(double(p.total)) << ", " << humanBytes(p.bytesPerSecond) << "/s"
                << (p.etaSeconds >= 0 ? QStringLiteral(", ETA %1 s").arg(p.etaSeconds) : QString()) << Qt::endl;
    });
    progress.start();

    reportEntry();
    downloads.attachQueue(&queue, id);
    poller.start();
    QTimer::singleShot(0, &loop, maybeFinish);
    loop.exec();
    poller.stop();
    return exitCode;
}

} // namespace cli
