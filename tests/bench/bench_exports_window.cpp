// The exports window under many downloads (not run by ctest): rows arrive by
// DownloadQueueModel::upsert (the controller's path) into a shown ui::ExportsWindow with every row
// selected (the worst case for its buttons), then throttled progress ticks and files finishing.
// Printed per operation, for each table size:
//   fill        upsert of a new row (the view takes the insert)
//   progress    setProgress of one running row (+ the repaint between ticks)
//   state       upsert that changes a row's state (the buttons' tally follows)
//   tick scan   finding the running rows by walking all rows (what app/gui/ExportController did)
//   tick ids    finding them through DownloadQueueModel::runningIds()
// O(1) work keeps every column flat as the rows grow; a scan per operation grows with them.
//
// Usage: QT_QPA_PLATFORM=offscreen bench_exports_window [--rows 5000,20000,50000,100000]
//
// Figures (2 shared cores, offscreen, others building meanwhile), us per operation, best of 3:
//       rows   fill  progress  state  tick scan  tick ids (1 row in 25 running)
//      5,000    2.8       1.8    1.7        175       0.7
//     20,000    1.0       1.5    2.1      1,095       3.0
//     50,000    1.3       1.7    2.5      1,731       5.7
//    100,000    3.2       1.8    2.7      3,736      11.1
// Before the id index and the selection tally, tst_exportswindow's same load took per operation
// at 5,000 -> 50,000 rows with a linear rowOf alone: fill 3.0 -> 39.2, progress 4.8 -> 21.3,
// state 3.2 -> 21.2 (and the buttons then walked the whole selection on every change).
#include "model/exports/DownloadQueueItem.h"
#include "model/exports/DownloadQueueModel.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportQueueModel.h"
#include "ui/ExportsWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace {

using State = jsoc::DownloadItem::State;

constexpr int kProgressUpdates = 2000;
constexpr int kStateChanges = 500;
constexpr int kTicks = 200;

struct Figures {
    double fillUs = 0, progressUs = 0, stateUs = 0, tickScanUs = 0, tickIdsUs = 0;
};

double usPer(const QElapsedTimer &clock, int operations)
{
    return double(clock.nsecsElapsed()) / 1e3 / operations;
}

Figures measure(jsoc::ExportQueueModel *exports, int rows)
{
    jsoc::DownloadQueueModel downloads;
    ui::ExportsWindow w(exports, &downloads);
    w.resize(1000, 600);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return {};
    jsoc::DownloadItem d;
    d.exportId = 1;
    d.folder = QStringLiteral("/data/sdo");
    d.size = 14 * 1000 * 1000;
    Figures f;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < rows; ++i) {
        d.id = i + 1;
        d.fileName = QStringLiteral("hmi.m_45s.%1.magnetogram.fits").arg(i);
        d.url = QUrl(QStringLiteral("http://127.0.0.1/SUM1/") + d.fileName);
        d.state = i % 25 == 0 ? State::Running : State::Waiting;
        downloads.upsert(d);
    }
    QCoreApplication::processEvents();
    f.fillUs = usPer(clock, rows);
    w.downloadView()->selectAll();
    QCoreApplication::processEvents();

    const QList<qint64> running = downloads.runningIds();
    clock.restart();
    for (int n = 0; n < kProgressUpdates; ++n) {
        downloads.setProgress(running.at(n % running.size()), n * 1000, d.size, 2e6, 5);
        if (n % 100 == 99)
            QCoreApplication::processEvents();
    }
    QCoreApplication::processEvents();
    f.progressUs = usPer(clock, kProgressUpdates);

    clock.restart();
    for (int n = 0; n < kStateChanges; ++n) {
        d.id = qint64(n) * (rows / kStateChanges) + 1;
        d.fileName = QStringLiteral("hmi.m_45s.%1.magnetogram.fits").arg(d.id - 1);
        d.state = State::Done;
        d.received = d.size;
        downloads.upsert(d);
        if (n % 50 == 49)
            QCoreApplication::processEvents();
    }
    QCoreApplication::processEvents();
    f.stateUs = usPer(clock, kStateChanges);

    // Finding the running rows once per tick, the two ways.
    qint64 found = 0;
    clock.restart();
    for (int t = 0; t < kTicks; ++t)
        for (int row = 0; row < downloads.rowCount(); ++row) {
            const QModelIndex index = downloads.index(row, 0);
            if (State(index.data(jsoc::DownloadQueueModel::StateRole).toInt()) == State::Running)
                found += index.data(jsoc::DownloadQueueModel::IdRole).toLongLong();
        }
    f.tickScanUs = usPer(clock, kTicks);
    clock.restart();
    for (int t = 0; t < kTicks; ++t)
        for (const qint64 id : downloads.runningIds())
            found -= id;
    f.tickIdsUs = usPer(clock, kTicks);
    if (found != 0)
        std::fprintf(stderr, "the two ways found different rows\n");
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QList<int> sizes{5000, 20000, 50000, 100000};
    const QStringList args = app.arguments();
    if (const qsizetype at = args.indexOf(QStringLiteral("--rows")); at > 0 && at + 1 < args.size()) {
        sizes.clear();
        for (const QString &n : args.at(at + 1).split(QLatin1Char(',')))
            if (n.toInt() >= kStateChanges)
                sizes.append(n.toInt());
    }
    QTemporaryDir dir;
    jsoc::ExportQueue queue;
    QString error;
    if (!dir.isValid() || !queue.open(dir.filePath(QStringLiteral("exports.sqlite")), &error)) {
        std::fprintf(stderr, "cannot open a queue: %s\n", qPrintable(error));
        return 1;
    }
    jsoc::ExportQueueModel exports(&queue);
    std::printf("%8s %10s %12s %10s %12s %10s   (us per operation; best of 3)\n", "rows", "fill", "progress",
                "state", "tick scan", "tick ids");
    for (const int rows : sizes) {
        Figures best;
        for (int run = 0; run < 3; ++run) {
            const Figures f = measure(&exports, rows);
            auto keep = [run](double &b, double v) { b = run == 0 ? v : std::min(b, v); };
            keep(best.fillUs, f.fillUs);
            keep(best.progressUs, f.progressUs);
            keep(best.stateUs, f.stateUs);
            keep(best.tickScanUs, f.tickScanUs);
            keep(best.tickIdsUs, f.tickIdsUs);
        }
        std::printf("%8d %10.1f %12.1f %10.1f %12.1f %10.1f\n", rows, best.fillUs, best.progressUs, best.stateUs,
                    best.tickScanUs, best.tickIdsUs);
    }
    return 0;
}
