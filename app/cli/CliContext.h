#pragma once

#include "app/cli/shared/ExitCode.h"
#include "app/cli/shared/HelpOption.h"
#include "model/common/JsocError.h"
#include "network/JsocClient.h"

#include <QEventLoop>
#include <QTextStream>

// What every jsoc-cli command gets: the client, stdout/stderr, and the exit-code rules.
namespace cli {

struct CliContext {
    jsoc::JsocClient &client;
    QTextStream &out;  // data only
    QTextStream &err;  // errors and warnings: always printed
    QTextStream &note; // what a command is doing (states, files done, retries): stderr, or nothing with --quiet
    bool quiet = false; // --quiet: no notes and no progress line, only data and errors
};

// 1 when JSOC itself answered with an error (or an unusable body), 3 when it could not be
// reached or the transfer failed (refused, timeout, TLS, HTTP 5xx with an HTML page).
int exitCodeFor(const jsoc::JsocError &error);

// Reports the error in words on stderr and returns the exit code for it.
int reportError(const CliContext &ctx, const jsoc::JsocError &error);

// Runs the job's event loop until it finishes. The CLI has no GUI to keep responsive, so a
// local loop is the simplest correct wait here.
template <typename Job>
void waitFor(Job *job)
{
    if (job->isFinished())
        return;
    QEventLoop loop;
    QObject::connect(job, &jsoc::JsocJob::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

// Splits "A,B, C" into names, dropping empties.
QStringList splitList(const QString &text);

int runSeries(const CliContext &ctx, const QStringList &args);
int runInfo(const CliContext &ctx, const QStringList &args);
int runCount(const CliContext &ctx, const QStringList &args);
int runQuery(const CliContext &ctx, const QStringList &args);

} // namespace cli
