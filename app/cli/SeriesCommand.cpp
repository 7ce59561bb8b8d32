#include "CliContext.h"

namespace cli {

// series [REGEX]: one line per series, NAME<TAB>DESCRIPTION.
int runSeries(const CliContext &ctx, const QStringList &args)
{
    if (args.size() > 1) {
        ctx.err << "usage: jsoc-cli series [REGEX]" << Qt::endl;
        return UsageError;
    }
    std::unique_ptr<jsoc::SeriesListJob> job(ctx.client.seriesList(args.value(0)));
    waitFor(job.get());
    if (job->error().isError())
        return reportError(ctx, job->error());
    for (const jsoc::SeriesSummary &s : job->result()) {
        QString description = s.description;
        description.replace(u'\t', u' ').replace(u'\n', u' ');
        ctx.out << s.name << '\t' << description << '\n';
    }
    ctx.out.flush();
    return Ok;
}

} // namespace cli
