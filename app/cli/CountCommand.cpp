#include "CliContext.h"

namespace cli {

// count RECORDSET: the record count from rs_summary.
int runCount(const CliContext &ctx, const QStringList &args)
{
    if (args.size() != 1) {
        ctx.err << "usage: jsoc-cli count RECORDSET" << Qt::endl;
        return UsageError;
    }
    std::unique_ptr<jsoc::RecordCountJob> job(ctx.client.recordCount(args.first()));
    waitFor(job.get());
    if (job->error().isError())
        return reportError(ctx, job->error());
    ctx.out << job->result() << Qt::endl;
    return Ok;
}

} // namespace cli
