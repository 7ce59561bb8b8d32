#include "ExportCommand.h"

#include "ExportRun.h"
#include "app/workflow/ExportSession.h"
#include "model/exports/DownloadFolderCheck.h"
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ExportQueue.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

namespace cli {
namespace {

const char *const kDownloadUsage =
    "usage: jsoc-cli download REQUESTID [--out DIR] [--connections N] [--timeout SECONDS] [--poll-ms MS]\n"
    "                         [--file-deadline SECONDS]\n"
    "Follows an export requested elsewhere (the JSOC web page, drms, the GUI) by its id, JSOC_YYYYMMDD_NNN,\n"
    "waits until JSOC has staged it and downloads its files, verified. Exit status as for export.\n";

} // namespace

int runDownload(const CliContext &ctx, const QStringList &args)
{
    if (wantsHelp(args)) {
        ctx.out << kDownloadUsage;
        return Ok;
    }
    QString requestId;
    ExportRunOptions run;
    run.folder = QStringLiteral(".");
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (arg == u"--out" && hasValue) {
            run.folder = args.at(++i);
        } else if ((arg == u"--connections" || arg == u"--timeout" || arg == u"--poll-ms" || arg == u"--file-deadline")
                   && hasValue) {
            bool ok = false;
            const int n = args.at(++i).toInt(&ok);
            if (!ok || n < 1 || (arg == u"--connections" && n > 8)) {
                ctx.err << "jsoc-cli download: " << arg << " needs a positive number"
                        << (arg == u"--connections" ? " of at most 8 (JSOC expects 1)" : "") << "\n" << kDownloadUsage;
                return UsageError;
            }
            (arg == u"--connections" ? run.connections
             : arg == u"--timeout"   ? run.timeoutSecs
             : arg == u"--poll-ms"   ? run.pollMs
                                     : run.fileDeadlineSecs) = n;
        } else if (arg.startsWith(u"--") || !requestId.isEmpty()) {
            ctx.err << "jsoc-cli download: unexpected argument " << arg << "\n" << kDownloadUsage;
            return UsageError;
        } else {
            requestId = arg.trimmed();
        }
    }
    if (requestId.isEmpty()) {
        ctx.err << "jsoc-cli download: a request id is needed\n" << kDownloadUsage;
        return UsageError;
    }
    if (const QString bad = jsoc::checkRequestId(requestId); !bad.isEmpty()) {
        ctx.err << "jsoc-cli download: " << bad << "\n" << kDownloadUsage;
        return UsageError;
    }
    run.folder = QDir::cleanPath(QFileInfo(run.folder).absoluteFilePath());
    const jsoc::DownloadFolderCheck folder = jsoc::checkDownloadFolder(run.folder);
    if (!folder.isOk()) {
        ctx.err << "jsoc-cli download: " << folder.error << Qt::endl;
        return LocalFailure;
    }
    run.spaceKnown = folder.bytesAvailable >= 0;

    app::ExportSession session(&ctx.client);
    if (!session.open(app::ExportSession::dataDir(ctx.client.siteRoot()))) {
        ctx.err << "jsoc-cli download: " << session.openError() << Qt::endl;
        return LocalFailure;
    }
    qint64 id = 0;
    QString refusal;
    QEventLoop loop;
    QObject::connect(&session, &app::ExportSession::followed, &loop, [&](qint64 followedId, const QString &) {
        id = followedId;
        loop.quit();
    });
    QObject::connect(&session, &app::ExportSession::followRefused, &loop, [&](const QString &, const QString &text) {
        refusal = text;
        loop.quit();
    });
    QObject::connect(&session, &app::ExportSession::message, &loop,
                     [&](const QString &text, bool) { ctx.err << text << Qt::endl; });
    session.follow(requestId, run.folder, false);
    if (id == 0 && refusal.isEmpty())
        loop.exec();
    if (id == 0) {
        ctx.err << "jsoc-cli download: " << refusal << Qt::endl;
        const jsoc::JsocError error = session.lastFollowError();
        return error.isError() && !error.isJsocAnswer() ? NetworkFailure : JsocFailure;
    }
    // A row that was staged, paused or cancelled before: this command is the request to fetch it.
    jsoc::ExportQueue &queue = *session.queue();
    if (!session.requeueUnfinished(id)) {
        ctx.err << "jsoc-cli download: " << queue.writeFailureText(*queue.entry(id)) << Qt::endl;
        return LocalFailure;
    }
    return runExportToTheEnd(ctx, session, id, run);
}

} // namespace cli
