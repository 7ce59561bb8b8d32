#include "ExportCommand.h"

#include "ExportRun.h"
#include "app/workflow/ExportSession.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportStatusText.h"

#include <QEventLoop>

namespace cli {
namespace {

const char *const kExportsUsage =
    "usage: jsoc-cli exports [--cancel ID | --remove ID]\n"
    "Lists this server's export queue (the GUI's and every jsoc-cli run's): each export with its state,\n"
    "JSOC's status and its own words. ID is the number shown (#3) or the request id (JSOC_...).\n"
    "--cancel gives the export up here and, while JSOC still holds it as the address's pending request,\n"
    "asks JSOC to cancel it too; its partial files stay. --remove also forgets it (files stay on disk).\n";

QString stateWords(const jsoc::ExportQueueEntry &e)
{
    QString words = jsoc::ExportQueueEntry::stateName(e.state);
    if (e.jsocStatus >= 0)
        words += QStringLiteral(", JSOC status %1: %2")
                     .arg(e.jsocStatus)
                     .arg(jsoc::exportStatusText(e.jsocStatus).meaning);
    return words;
}

void printEntry(const CliContext &ctx, const jsoc::ExportQueue &queue, const jsoc::ExportQueueEntry &e)
{
    ctx.out << '#' << e.id << "  " << (e.requestId.isEmpty() ? QStringLiteral("(no request id yet)") : e.requestId) << "  "
            << stateWords(e) << '\n';
    ctx.out << "    record set: " << (e.options.recordSet.isEmpty() ? QStringLiteral("(followed by its request id)")
                                                                      : e.options.recordSet)
            << '\n';
    if (!e.options.notify.isEmpty())
        ctx.out << "    e-mail: " << e.options.notify << "; method " << e.options.method << ", protocol "
                << e.options.protocol << (e.stageOnly ? QStringLiteral("; stage only") : QString()) << '\n';
    if (!e.message.isEmpty())
        ctx.out << "    " << e.message << '\n';
    // JSOC's own words, always, even when the message above already quotes them.
    if (!e.jsocError.isEmpty() && !e.message.contains(e.jsocError))
        ctx.out << "    " << jsoc::jsocSaid(e.jsocError) << '\n';
    const QList<jsoc::DownloadItem> files = queue.downloads(e.id);
    if (!files.isEmpty()) {
        int done = 0;
        for (const jsoc::DownloadItem &d : files)
            done += d.state == jsoc::DownloadItem::State::Done ? 1 : 0;
        ctx.out << "    files: " << done << " of " << files.size() << " downloaded into " << e.folder << '\n';
    } else {
        ctx.out << "    folder: " << e.folder << '\n';
    }
}

// "#3", "3" or a request id.
qint64 findExport(const jsoc::ExportQueue &queue, const QString &text)
{
    QString t = text.trimmed();
    if (t.startsWith(QLatin1Char('#')))
        t.remove(0, 1);
    bool ok = false;
    const qint64 number = t.toLongLong(&ok);
    for (const jsoc::ExportQueueEntry &e : queue.entries())
        if ((ok && e.id == number) || (!ok && e.requestId.compare(t, Qt::CaseInsensitive) == 0))
            return e.id;
    return 0;
}

} // namespace

int runExports(const CliContext &ctx, const QStringList &args)
{
    if (wantsHelp(args)) {
        ctx.out << kExportsUsage;
        return Ok;
    }
    QString action;
    QString target;
    if (args.size() == 2 && (args.at(0) == u"--cancel" || args.at(0) == u"--remove")) {
        action = args.at(0);
        target = args.at(1);
    } else if (!args.isEmpty()) {
        ctx.err << "jsoc-cli exports: unexpected argument " << args.first() << "\n" << kExportsUsage;
        return UsageError;
    }
    app::ExportSession session(&ctx.client);
    if (!session.open(app::ExportSession::dataDir(ctx.client.siteRoot()))) {
        ctx.err << "jsoc-cli exports: " << session.openError() << Qt::endl;
        return LocalFailure;
    }
    const jsoc::ExportQueue &queue = *session.queue();
    if (action.isEmpty()) {
        const QList<jsoc::ExportQueueEntry> all = queue.entries();
        if (all.isEmpty())
            ctx.err << "The export queue " << session.databasePath() << " is empty." << Qt::endl;
        for (const jsoc::ExportQueueEntry &e : all)
            printEntry(ctx, queue, e);
        return Ok;
    }
    const qint64 id = findExport(queue, target);
    if (id == 0) {
        ctx.err << "jsoc-cli exports: no export " << target << " in " << session.databasePath()
                << "; `jsoc-cli exports` lists them." << Qt::endl;
        return LocalFailure;
    }
    const jsoc::ExportQueueEntry before = *queue.entry(id);
    int code = Ok;
    QEventLoop loop;
    QObject::connect(&session, &app::ExportSession::cancelledAtJsoc, &loop, [&](qint64, bool ok, const QString &text) {
        ctx.err << text << Qt::endl;
        if (!ok)
            code = JsocFailure;
        loop.quit();
    });
    QObject::connect(&session, &app::ExportSession::message, &loop,
                     [&](const QString &text, bool error) { ctx.err << text << Qt::endl; if (error) code = LocalFailure; });
    const bool remove = action == u"--remove";
    const app::ExportSession::CancelOutcome outcome = before.isTerminal() ? app::ExportSession::CancelOutcome::CancelledHere
                                                                          : session.cancel(id);
    if (outcome == app::ExportSession::CancelOutcome::NotInQueue)
        return LocalFailure;
    if (outcome == app::ExportSession::CancelOutcome::AskingJsoc)
        loop.exec(); // the client's own deadlines bound this wait
    if (remove && !session.queue()->remove(id)) {
        ctx.err << "jsoc-cli exports: " << session.queue()->lastError() << Qt::endl;
        return LocalFailure;
    }
    ctx.err << (remove ? "Removed" : "Cancelled") << " export #" << id
            << (before.requestId.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(before.requestId))
            << (remove ? "; its files on disk were left alone." : "; its partial files stay for a later download.")
            << Qt::endl;
    return code;
}

} // namespace cli
