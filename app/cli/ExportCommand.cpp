#include "ExportCommand.h"

#include "ExportRun.h"
#include "StageOnlyRun.h"
#include "app/workflow/ExportSession.h"
#include "model/common/DisplayFormat.h"
#include "model/exports/DownloadFolderCheck.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportStatusText.h"
#include "model/exports/TarSuggestion.h"
#include "network/ExportPoller.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <memory>

namespace cli {
namespace {

struct ExportArgs {
    jsoc::ExportRequestOptions options;
    QString folder = QStringLiteral(".");
    int connections = 1;
    int timeoutSecs = 60;
    int fileDeadlineSecs = 0; // 0 = no limit for the whole of one file
    int pollMs = 3000;
    bool stageOnly = false; // JSOC prepares the files; `jsoc-cli download ID` fetches them later
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
        } else if (arg == u"--process") {
            // JSOC's processing chain as JSOC writes it; submit() checks it before anything is sent.
            a.options.processing = value("--process");
            if (a.options.processing.trimmed().isEmpty())
                return QStringLiteral("--process needs JSOC's processing chain, e.g. rebin,method=boxcar,scale=0.25");
        } else if (arg == u"--stage-only") {
            a.stageOnly = true;
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
            && e.options.method == a.options.method && e.options.protocol == a.options.protocol
            && e.options.processing == a.options.processing && e.stageOnly == a.stageOnly && e.folder == a.folder)
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

// Once JSOC has said how many files the export has: 100 or more, one by one, deserve the advice
// to ask for one tar next time (said once per run).
void adviseTarWhenMany(const CliContext &ctx, app::ExportSession &session, const qint64 &id)
{
    auto shown = std::make_shared<bool>(false);
    const jsoc::ExportQueue *queue = session.queue();
    QObject::connect(queue, &jsoc::ExportQueue::entryChanged, &session, [&ctx, queue, &id, shown](qint64 changed) {
        if (*shown || changed != id)
            return;
        const auto e = queue->entry(id);
        if (!e || e->options.method == u"url-tar")
            return;
        const qint64 files = std::max(e->fileCount, e->announcedFiles);
        const jsoc::TarSuggestion advice = jsoc::suggestTarExport(files, e->sizeMb > 0 ? e->sizeMb * 1000 * 1000 : -1);
        if (advice.suggest && !advice.sentence.isEmpty()) {
            *shown = true;
            ctx.note << advice.sentence << Qt::endl;
        }
    });
}

const char *const kUsage =
    "usage: jsoc-cli export RECORDSET --email E [--method url_quick|url|url-tar] [--protocol as-is|fits]\n"
    "                          [--process CHAIN] [--stage-only] [--out DIR] [--connections N]\n"
    "                          [--timeout SECONDS] [--poll-ms MS] [--file-deadline SECONDS]\n"
    "--process: JSOC's processing chain, e.g. rebin,method=boxcar,scale=0.25 (checked before sending)\n"
    "--stage-only: JSOC prepares the files and nothing is downloaded; prints the request id, whose\n"
    "             files `jsoc-cli download ID` fetches later (exit 0 once staged)\n"
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
    if (wantsHelp(args)) {
        ctx.out << kUsage;
        return Ok;
    }
    ExportArgs a;
    if (const QString error = parseArgs(args, a); !error.isEmpty()) {
        ctx.err << "jsoc-cli export: " << error << "\n" << kUsage;
        return UsageError;
    }

    // The server's one queue, shared with the GUI and every other jsoc-cli run.
    app::ExportSession session(&ctx.client);
    if (!session.open(app::ExportSession::dataDir(ctx.client.siteRoot()))) {
        ctx.err << "jsoc-cli export: " << session.openError() << Qt::endl;
        return LocalFailure;
    }
    jsoc::ExportQueue &queue = *session.queue();
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
    ExportRunOptions run;
    run.folder = a.folder;
    run.connections = a.connections;
    run.timeoutSecs = a.timeoutSecs;
    run.fileDeadlineSecs = a.fileDeadlineSecs;
    run.pollMs = a.pollMs;
    run.stillNeeded = stillNeeded;
    run.spaceKnown = folder.bytesAvailable >= 0;
    if (id > 0) {
        const auto e = queue.entry(id);
        run.followAgain = e->state == State::Failed;
        ctx.note << "Resuming export #" << id << (e->requestId.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e->requestId))
                << " from an earlier run." << Qt::endl;
        // Files that did not finish are fetched again; the .part files resume. Done rows are left
        // to the download manager, which checks each file on disk before it counts
        // (DownloadVerification::checkDone: deleted or damaged since means downloaded again).
        if (!session.requeueUnfinished(id)) { // one transaction for every row
            ctx.err << "jsoc-cli export: " << queue.writeFailureText(*e) << Qt::endl;
            return LocalFailure;
        }
    } else {
        id = session.submit(a.options, a.folder, a.stageOnly);
        if (id == 0) {
            ctx.err << "jsoc-cli export: " << session.lastError() << Qt::endl;
            return LocalFailure;
        }
    }
    adviseTarWhenMany(ctx, session, id);
    if (a.stageOnly)
        return runStageOnlyToTheEnd(ctx, session, id, a.pollMs, run.followAgain);
    return runExportToTheEnd(ctx, session, id, run);
}

} // namespace cli
