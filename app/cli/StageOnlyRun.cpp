#include "StageOnlyRun.h"

#include "ExportRun.h"
#include "app/workflow/ExportSession.h"
#include "model/exports/ExportQueue.h"
#include "network/ExportPoller.h"

#include <QEventLoop>
#include <QTimer>

#include <algorithm>

namespace cli {

int runStageOnlyToTheEnd(const CliContext &ctx, app::ExportSession &session, qint64 id, int pollMs, bool followAgain)
{
    using State = jsoc::ExportQueueEntry::State;
    app::ExportSession::Options options;
    options.poll.pollInitialMs = pollMs;
    options.poll.pollMaxMs = std::max(pollMs, 30000);
    session.setOptions(options);
    jsoc::ExportQueue &queue = *session.queue();
    jsoc::ExportPoller &poller = *session.poller();

    QEventLoop loop;
    int exitCode = -1;
    QString lastLine;
    auto report = [&] {
        const auto e = queue.entry(id);
        if (!e)
            return;
        const QString line = exportStateLine(*e);
        if (line != lastLine) {
            lastLine = line;
            ctx.note << line << Qt::endl;
        }
    };
    // Decided once, when JSOC's state is final; a staged export is the success of this command.
    auto maybeFinish = [&] {
        const auto e = queue.entry(id);
        if (exitCode >= 0 || !e || !e->isTerminal())
            return;
        report();
        if (e->state == State::Done) {
            exitCode = Ok;
            ctx.out << e->requestId << Qt::endl;
            ctx.note << "Staged at JSOC, nothing downloaded. To fetch the files later (within JSOC's 7 days): jsoc-cli "
                       "download "
                    << e->requestId << Qt::endl;
        } else {
            exitCode = e->state == State::Failed && e->jsocStatus < 0 && !poller.lastFailure(id).isJsocAnswer()
                           ? NetworkFailure
                           : JsocFailure;
            if (const QString advice = cliAdvice(*e); !advice.isEmpty())
                ctx.err << advice << Qt::endl;
        }
        loop.quit();
    };
    QObject::connect(&queue, &jsoc::ExportQueue::entryChanged, &loop, [&](qint64 changed) {
        if (changed == id)
            report();
    });
    QObject::connect(&poller, &jsoc::ExportPoller::entryFinished, &loop, [&](qint64 done) {
        if (done == id)
            QTimer::singleShot(0, &loop, maybeFinish);
    });
    QObject::connect(&session, &app::ExportSession::merged, &loop, [&](qint64 from, qint64 into) {
        if (from != id)
            return;
        ctx.note << "Export #" << from << " is the same request at JSOC as export #" << into << "; following that one."
                << Qt::endl;
        id = into;
        QTimer::singleShot(0, &loop, maybeFinish);
    });
    // Nothing can be recorded any more: the request is still safe at JSOC.
    auto storageFailed = [&](const QString &message) {
        if (exitCode >= 0)
            return;
        exitCode = LocalFailure;
        ctx.err << "jsoc-cli export: " << message << Qt::endl;
        loop.quit();
    };
    QObject::connect(&poller, &jsoc::ExportPoller::storageFailed, &loop,
                     [&](qint64, const QString &message) { storageFailed(message); });
    QObject::connect(&session, &app::ExportSession::storageFailed, &loop, storageFailed);

    report();
    session.start(id);
    if (followAgain && poller.isRunning())
        poller.retry(id); // else a run that failed for the network would end at once, failed again
    QTimer::singleShot(0, &loop, maybeFinish);
    if (exitCode < 0)
        loop.exec();
    session.stop();
    return exitCode;
}

} // namespace cli
