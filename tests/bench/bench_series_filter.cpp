// Series browser benchmark (not run by ctest):
//  1. per-keystroke filtering of the full catalogue (~45,000 series from the simulator) through
//     SeriesSearchProxy, including what the tree view then asks for (every visible row when the
//     panel would expand the matching groups, the top level otherwise); p50/p95 over typed words;
//  2. cold start: read the on-disk catalogue cache, build the tree, let the proxy map the top level.
// Goals: < 10 ms per keystroke, < 0.5 s cold start.
//
// Usage: bench_series_filter [--runs N]
#include "BenchProcess.h"
#include <algorithm>
#include <cstdio>
#include <vector>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "model/catalogue/SeriesCatalogueCache.h"
#include "model/catalogue/SeriesSearch.h"
#include "model/catalogue/SeriesSearchProxy.h"
#include "model/catalogue/SeriesTreeModel.h"
#include "network/JsocClient.h"
#include "sim/JsocSimulator.h"

namespace {

using bench::percentile;

constexpr int kExpandLimit = 2000; // as ui::SeriesBrowserPanel::kExpandLimit

// What a QTreeView does after the filter changed: asks for the rows it shows.
int touchVisible(const QAbstractItemModel &m, const QModelIndex &parent, bool expanded)
{
    int rows = m.rowCount(parent);
    int touched = rows;
    for (int r = 0; r < rows; ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        (void)i.data();
        if (expanded)
            touched += touchVisible(m, i, expanded);
    }
    return touched;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 5;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--runs")); i >= 0 && i + 1 < args.size())
        runs = std::max(1, args[i + 1].toInt());

    sim::JsocSimulator simulator;
    if (!simulator.listen()) {
        std::fprintf(stderr, "cannot start the simulator\n");
        return 1;
    }
    jsoc::JsocClient client(simulator.url());
    jsoc::SeriesListJob *job = client.seriesList();
    QSignalSpy done(job, &jsoc::JsocJob::finished);
    if (!done.wait(60000) || job->error().isError()) {
        std::fprintf(stderr, "series list failed: %s\n", qPrintable(job->error().message));
        return 1;
    }
    const jsoc::SeriesList list = job->result();
    std::printf("catalogue: %lld series from the simulator\n", qlonglong(list.size()));

    // 1. Keystrokes.
    jsoc::SeriesTreeModel tree;
    jsoc::SeriesSearchProxy proxy;
    proxy.setSourceModel(&tree);
    tree.setSeries(list);
    touchVisible(proxy, {}, false);
    struct Word {
        const char *text;
        jsoc::SeriesSearch::Mode mode;
    };
    const Word words[] = {
        {"magnetogram", jsoc::SeriesSearch::Mode::Text}, {"hmi.m_45s", jsoc::SeriesSearch::Mode::Text},
        {"aia lev1 euv", jsoc::SeriesSearch::Mode::Text}, {"su_", jsoc::SeriesSearch::Mode::Text},
        {"NOT su_", jsoc::SeriesSearch::Mode::Text},      {"^hmi\\.[mv]_45s", jsoc::SeriesSearch::Mode::Regex},
        {"dopplergram", jsoc::SeriesSearch::Mode::Text},  {"sharp_cea_720s", jsoc::SeriesSearch::Mode::Text},
    };
    std::vector<double> times;
    std::vector<double> scans; // the matching alone, without the proxy and "view" work
    double worst = 0;
    QString worstText;
    for (int run = 0; run < runs; ++run) {
        for (const Word &w : words) {
            const QString word = QString::fromUtf8(w.text);
            for (qsizetype n = 1; n <= word.size(); ++n) {
                const QString typed = word.left(n);
                {
                    QElapsedTimer scan;
                    scan.start();
                    const auto search = jsoc::SeriesSearch::parse(typed, w.mode);
                    int hits = 0;
                    for (int id = 0; id < tree.nodeCount(); ++id)
                        hits += tree.nodeKind(id) == jsoc::SeriesTreeModel::NodeKind::Series
                            && search.matchesJoined(tree.foldedText(id));
                    scans.push_back(double(scan.nsecsElapsed()) / 1e6 + hits * 0.0);
                }
                QElapsedTimer t;
                t.start();
                proxy.setSearch(jsoc::SeriesSearch::parse(typed, w.mode));
                const bool expand = proxy.isFiltering() && proxy.matchCount() <= kExpandLimit;
                touchVisible(proxy, {}, expand);
                const double ms = double(t.nsecsElapsed()) / 1e6;
                times.push_back(ms);
                if (ms > worst) {
                    worst = ms;
                    worstText = typed;
                }
            }
            // Clearing the box between words is a keystroke too.
            QElapsedTimer t;
            t.start();
            proxy.setSearch(jsoc::SeriesSearch());
            touchVisible(proxy, {}, false);
            times.push_back(double(t.nsecsElapsed()) / 1e6);
        }
    }
    std::printf("keystroke filter (%zu keystrokes): p50 %.2f ms, p95 %.2f ms, max %.2f ms (\"%s\")  goal < 10 ms\n",
                times.size(), percentile(times, 0.5), percentile(times, 0.95), worst, qPrintable(worstText));
    std::printf("  of which a full matching scan alone: p50 %.2f ms, p95 %.2f ms\n", percentile(scans, 0.5),
                percentile(scans, 0.95));

    // 2. Cold start from the cache.
    QTemporaryDir dir;
    jsoc::SeriesCatalogueCache cache(dir.path());
    if (!cache.saveList(list, QDateTime::currentDateTimeUtc())) {
        std::fprintf(stderr, "cannot write the cache\n");
        return 1;
    }
    std::vector<double> starts;
    std::vector<double> reads;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer t;
        t.start();
        const auto snapshot = jsoc::SeriesCatalogueCache(dir.path()).loadList();
        const double readMs = double(t.nsecsElapsed()) / 1e6;
        jsoc::SeriesTreeModel coldTree;
        jsoc::SeriesSearchProxy coldProxy;
        coldProxy.setSourceModel(&coldTree);
        coldTree.setSeries(snapshot.series);
        const int shown = touchVisible(coldProxy, {}, false);
        starts.push_back(double(t.nsecsElapsed()) / 1e6);
        reads.push_back(readMs);
        if (shown == 0 || coldTree.seriesCount() != int(list.size())) {
            std::fprintf(stderr, "cold start built a wrong tree\n");
            return 1;
        }
    }
    std::printf("cold start from cache (%lld bytes): p50 %.1f ms (of which cache read %.1f ms), max %.1f ms  goal < 500 ms\n",
                qlonglong(cache.sizeOnDisk()), percentile(starts, 0.5), percentile(reads, 0.5),
                percentile(starts, 1.0));
    return 0;
}
