#include "CliContext.h"

namespace cli {

// count RECORDSET: the record count from rs_summary.
int runCount(const CliContext &ctx, const QStringList &args)
{
    if (wantsHelp(args)) {
        ctx.out << "usage: jsoc-cli count RECORDSET\nPrints the number of records in RECORDSET (JSOC's rs_summary).\n";
        return Ok;
    }
    if (args.size() != 1) {
        ctx.err << "usage: jsoc-cli count RECORDSET" << Qt::endl;
        return UsageError;
    }
    std::unique_ptr<jsoc::RecordCountJob> job(ctx.client.recordCount(args.first()));
    waitFor(job.get());
    if (job->error().isError())
        return reportError(ctx, job->error());
    // The parser refuses counts that are negative, fractional or beyond 2^53; this is the last
    // line before a number reaches the user, so it says so again rather than print nonsense.
    if (job->result() < 0)
        return reportError(ctx, jsoc::JsocError::make(jsoc::JsocError::Kind::BadResponse,
                                                      QStringLiteral("JSOC's reply has count %1, which is not a valid count")
                                                          .arg(job->result())));
    ctx.out << job->result() << Qt::endl;
    return Ok;
}

} // namespace cli
