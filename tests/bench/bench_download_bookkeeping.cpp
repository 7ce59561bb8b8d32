// Bookkeeping cost per file: many tiny files (default 100 B) served on loopback by a SEPARATE
// server process (this executable re-run as `--serve DIR PORT`: QHttpServer + the simulator's
// FileServer), fetched by our DownloadManager with one connection (JSOC's default), and by curl
// in one process with one reused connection (a -K config file of url/output pairs) for scale.
// Each of our runs is a child process (`--client ...`), so its peak RSS (VmHWM) is its own.
//
// Run:  bench_download_bookkeeping [--files 1000,10000] [--size 100] [--queue none|shm|disk]
//   --queue shm:  also attach an ExportQueue (SQLite, synchronous=FULL) on /dev/shm
//   --queue disk: the same on the build's disk (the real per-file persistence cost)
// Files are written to /dev/shm when writable: the disk is not what is measured.
//
// Figures (2 shared cores, a PVM guest, load 0.5-2 while measuring, 100 B files), files/s:
//                      1,000    10,000    30,000   peak RSS at 30,000   curl
//   before, --queue disk  ~240      226         -                    -  ~2,600-7,000
//   now,    --queue disk  1,096   1,013     1,102              78 MB  5,000-6,300
//   now,    --queue none  1,357   1,296     1,081              55 MB  6,200-7,000
// Memory grows ~1 KB per file (the item rows themselves), nothing per finished file.
// What is left per file is mostly Qt 6.4's HTTP/1 client (strace -c: ~189 one-byte read(2) calls
// reading the header, ~29 eventfd writes between its thread and ours) and QLockFile (~12 calls).
#include "model/exports/ExportQueue.h"
#include "BenchProcess.h"
#include "network/DownloadManager.h"
#include "sim/FileServer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHttpServer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

namespace {

int serve(const QString &dir, quint16 port)
{
    QHttpServer server;
    server.route(QStringLiteral("/f/<arg>"), [dir](const QString &name, const QHttpServerRequest &request) {
        return sim::FileServer::serve(dir + QLatin1Char('/') + name, request);
    });
    if (server.listen(QHostAddress::LocalHost, port) != port)
        return 1;
    return QCoreApplication::exec();
}

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

QString fileName(int i)
{
    return QStringLiteral("%1.dat").arg(i, 6, 10, QLatin1Char('0'));
}

// One measured run of ours: prints "seconds peakRssKb ok".
int client(quint16 port, int files, qint64 size, const QString &out, const QString &queuePath)
{
    jsoc::DownloadManager manager;
    manager.setConnectionsPerHost(1);
    jsoc::ExportQueue queue;
    QList<jsoc::DownloadItem> items;
    items.reserve(files);
    for (int i = 0; i < files; ++i) {
        jsoc::DownloadItem item;
        item.id = i + 1;
        item.url = QUrl(QStringLiteral("http://127.0.0.1:%1/f/%2").arg(port).arg(fileName(i)));
        item.fileName = fileName(i);
        item.folder = out;
        item.size = size;
        items.append(item);
    }
    QEventLoop loop;
    int finished = 0;
    bool ok = true;
    QElapsedTimer t;
    QObject::connect(&manager, &jsoc::DownloadManager::itemFinished, &loop, [&](const jsoc::DownloadItem &item) {
        if (item.state != jsoc::DownloadItem::State::Done) {
            if (ok)
                std::fprintf(stderr, "  failed: %s\n", qPrintable(item.error));
            ok = false;
        }
        if (++finished == files)
            loop.quit();
        if (qEnvironmentVariableIsSet("BENCH_TRACE") && finished % (files / 10 ? files / 10 : 1) == 0)
            std::fprintf(stderr, "  %d files at %.2f s\n", finished, t.elapsed() / 1000.0);
    });
    QObject::connect(&manager, &jsoc::DownloadManager::storageFailed, &loop, [&](const QString &message) {
        std::fprintf(stderr, "  storage failed: %s\n", qPrintable(message));
        ok = false;
        loop.quit();
    });
    t.start();
    if (!queuePath.isEmpty()) {
        QString error;
        if (!queue.open(queuePath, &error)) {
            std::fprintf(stderr, "  %s\n", qPrintable(error));
            return 1;
        }
        jsoc::ExportRequestOptions opt;
        opt.recordSet = QStringLiteral("bench.files[]");
        opt.notify = QStringLiteral("bench@example.com");
        const qint64 id = queue.add(opt, out);
        auto entry = queue.entry(id);
        if (!entry)
            return 1;
        entry->state = jsoc::ExportQueueEntry::State::Done;
        if (!queue.complete(*entry, items, QStringLiteral("bench"))) { // one transaction for all rows
            std::fprintf(stderr, "  %s\n", qPrintable(queue.lastError()));
            return 1;
        }
        manager.attachQueue(&queue, id);
    } else {
        manager.enqueue(items);
    }
    if (finished < files && ok)
        loop.exec();
    std::printf("%.3f %lld %d\n", t.elapsed() / 1000.0, peakRssKb(), ok ? 1 : 0);
    return ok ? 0 : 1;
}

struct Result {
    double seconds = -1;
    qint64 rssKb = -1;
    bool ok = false;
};

Result runOurs(quint16 port, int files, qint64 size, const QString &out, const QString &queuePath)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QCoreApplication::applicationFilePath(),
            {QStringLiteral("--client"), QString::number(port), QString::number(files), QString::number(size), out,
             queuePath});
    Result r;
    if (!p.waitForFinished(-1))
        return r;
    const QList<QByteArray> f = p.readAllStandardOutput().trimmed().split(' ');
    if (f.size() == 3) {
        r.seconds = f[0].toDouble();
        r.rssKb = f[1].toLongLong();
        r.ok = f[2] == "1" && p.exitCode() == 0;
    }
    return r;
}

Result runCurl(quint16 port, int files, const QString &out, const QString &work)
{
    // One curl process, one connection reused for every file.
    QFile config(work + QStringLiteral("/curl.cfg"));
    if (!config.open(QIODevice::WriteOnly))
        return {};
    for (int i = 0; i < files; ++i)
        config.write(QStringLiteral("url = \"http://127.0.0.1:%1/f/%2\"\noutput = \"%3/%2\"\n")
                         .arg(port).arg(fileName(i), out).toUtf8());
    config.close();
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("curl"), {QStringLiteral("-s"), QStringLiteral("--fail"), QStringLiteral("-K"), config.fileName()});
    Result r;
    if (!p.waitForFinished(-1))
        return r;
    r.seconds = t.elapsed() / 1000.0;
    r.ok = p.exitCode() == 0 && QDir(out).entryList(QDir::Files).size() == files;
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args[1] == u"--serve")
        return serve(args[2], quint16(args[3].toUInt()));
    if (args.size() >= 6 && args[1] == u"--client")
        return client(quint16(args[2].toUInt()), args[3].toInt(), args[4].toLongLong(), args[5], args.value(6));

    QList<int> counts{1000, 10000};
    qint64 size = 100;
    QString queueMode = QStringLiteral("none");
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == u"--files") {
            counts.clear();
            for (const QString &n : args[i + 1].split(QLatin1Char(',')))
                counts.append(n.toInt());
        } else if (args[i] == u"--size") {
            size = args[i + 1].toLongLong();
        } else if (args[i] == u"--queue") {
            queueMode = args[i + 1];
        }
    }
    const QString base = QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm") : QDir::tempPath();
    QTemporaryDir work(base + QStringLiteral("/bench_bookkeeping-XXXXXX"));
    QTemporaryDir diskWork; // for --queue disk
    const QString served = work.filePath(QStringLiteral("served"));
    QDir().mkpath(served);
    const int most = *std::max_element(counts.cbegin(), counts.cend());
    const QByteArray body(size, 'b');
    for (int i = 0; i < most; ++i) {
        QFile f(served + QLatin1Char('/') + fileName(i));
        if (!f.open(QIODevice::WriteOnly) || f.write(body) != size)
            return 1;
    }
    const quint16 port = bench::freePort();
    QProcess server;
    server.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--serve"), served, QString::number(port)});
    if (!server.waitForStarted() || !bench::waitForPort(port)) {
        std::fprintf(stderr, "the server did not start\n");
        return 1;
    }
    std::printf("%d-byte files from a separate QHttpServer process on loopback, one connection; queue: %s\n",
                int(size), qPrintable(queueMode));
    std::printf("%8s %10s %10s %12s %10s %10s %8s\n", "files", "ours s", "files/s", "peak RSS MB", "curl s",
                "files/s", "ours/curl");
    for (int n : counts) {
        const QString out = work.filePath(QStringLiteral("ours%1").arg(n));
        QString queuePath;
        if (queueMode == u"shm")
            queuePath = work.filePath(QStringLiteral("q%1.sqlite").arg(n));
        else if (queueMode == u"disk")
            queuePath = diskWork.filePath(QStringLiteral("q%1.sqlite").arg(n));
        const Result ours = runOurs(port, n, size, out, queuePath);
        const QString curlOut = work.filePath(QStringLiteral("curl%1").arg(n));
        QDir().mkpath(curlOut);
        const Result curl = runCurl(port, n, curlOut, work.path());
        std::printf("%8d %10.2f %10.0f %12.1f %10.2f %10.0f %8.2f%s\n", n, ours.seconds, n / ours.seconds,
                    ours.rssKb / 1024.0, curl.seconds, n / curl.seconds, ours.seconds / curl.seconds,
                    ours.ok && curl.ok ? "" : "  (FAILED)");
        std::fflush(stdout);
        QDir(out).removeRecursively();
        QDir(curlOut).removeRecursively();
    }
    server.kill();
    server.waitForFinished();
    return 0;
}
