#include "CliContext.h"

#include "model/catalogue/SeriesCatalogueCache.h"

namespace cli {
namespace {

constexpr auto kSeriesUsage = "usage: jsoc-cli series [REGEX] [--names-only] [--cached]";
constexpr auto kSeriesHelp =
    "Prints one line per series, NAME<TAB>DESCRIPTION; REGEX (JSOC's own filter) keeps the names it\n"
    "matches. The whole list (no REGEX) is kept as the offline catalogue the GUI also reads.\n"
    "  --names-only  the names alone, one a line\n"
    "  --cached      from the offline catalogue, without asking JSOC (what bash completion uses);\n"
    "                exit 1 when nothing is cached for this server yet\n";

void print(const CliContext &ctx, const jsoc::SeriesList &series, bool namesOnly)
{
    for (const jsoc::SeriesSummary &s : series) {
        if (namesOnly) {
            ctx.out << s.name << '\n';
            continue;
        }
        QString description = s.description;
        description.replace(u'\t', u' ').replace(u'\n', u' ');
        ctx.out << s.name << '\t' << description << '\n';
    }
    ctx.out.flush();
}

} // namespace

// series [REGEX] [--names-only] [--cached]: one line per series, NAME<TAB>DESCRIPTION.
int runSeries(const CliContext &ctx, const QStringList &args)
{
    if (wantsHelp(args)) {
        ctx.out << kSeriesUsage << '\n' << kSeriesHelp;
        return Ok;
    }
    QString regex;
    bool namesOnly = false;
    bool cached = false;
    for (const QString &a : args) {
        if (a == u"--names-only") {
            namesOnly = true;
        } else if (a == u"--cached") {
            cached = true;
        } else if (regex.isNull() && !a.startsWith(u"--")) {
            regex = a;
        } else {
            ctx.err << kSeriesUsage << Qt::endl;
            return UsageError;
        }
    }
    const jsoc::SeriesCatalogueCache cache(jsoc::SeriesCatalogueCache::defaultDirectory(ctx.client.siteRoot()));
    if (cached) {
        if (!regex.isNull()) {
            ctx.err << "jsoc-cli series: --cached lists the whole cached catalogue; it takes no REGEX" << Qt::endl;
            return UsageError;
        }
        const jsoc::SeriesCatalogueCache::ListSnapshot snapshot = cache.loadList();
        if (!snapshot.isValid()) {
            ctx.err << "jsoc-cli series: no cached series list for " << ctx.client.siteRoot().host() << " ("
                    << snapshot.error << "); `jsoc-cli series` without --cached fetches and keeps one" << Qt::endl;
            return LocalFailure;
        }
        print(ctx, snapshot.series, namesOnly);
        return Ok;
    }

    std::unique_ptr<jsoc::SeriesListJob> job(ctx.client.seriesList(regex));
    waitFor(job.get());
    if (job->error().isError())
        return reportError(ctx, job->error());
    print(ctx, job->result(), namesOnly);
    // The whole list becomes the offline catalogue (shared with the GUI); a failure to keep it
    // costs only the completion of series names, so it is not an error of this command.
    if (regex.isEmpty())
        cache.saveList(job->result(), QDateTime::currentDateTimeUtc());
    return Ok;
}

} // namespace cli
