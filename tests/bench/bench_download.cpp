// Download throughput and CPU cost, side by side in one run: N files × M MB served on loopback by a
// SEPARATE server process, fetched by our DownloadManager, by curl and by python3-parfive (Debian's
// package, a reference only), each with 1 and with 4 connections.
//
// Run:  bench_download [--files 20] [--mb 20] [--server nginx|self] [--rounds 1] [--clients curl,ours,parfive]
// Files are written to /dev/shm when it is writable (else the temp folder): the disk is not measured.
// Server: nginx (if /usr/sbin/nginx exists; sendfile, no access log, one worker) or, with
// --server self (or without nginx), this executable re-run as `bench_download --serve DIR PORT`:
// QHttpServer + the simulator's FileServer in its own process. Either way the clients never share
// a process (or an event loop) with the server.
// CPU: user + system seconds of the client alone (getrusage of this process for ours, of the
// reaped child for curl and parfive; parfive's includes starting Python, ~0.15 s).
#include "BenchProcess.h"
#include "network/DownloadManager.h"
#include "sim/FileServer.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHttpServer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>
#include <optional>

#include <sys/resource.h>

namespace {

struct Cpu {
    double user = 0;
    double sys = 0;
};

Cpu cpuOf(int who)
{
    rusage r {};
    getrusage(who, &r);
    return Cpu{r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6, r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6};
}

struct Run {
    double seconds = -1;
    Cpu cpu;
    bool ok = false;
};

int serve(const QString &dir, quint16 port)
{
    QHttpServer server;
    server.route(QStringLiteral("/f/<arg>"), [dir](const QString &name, const QHttpServerRequest &request) {
        return sim::FileServer::serve(dir + QLatin1Char('/') + name, request);
    });
    if (server.listen(QHostAddress::LocalHost, port) != port)
        return 1;
    std::printf("serving\n");
    std::fflush(stdout);
    return QCoreApplication::exec();
}

bool verify(const QList<QUrl> &urls, const QString &folder, qint64 size)
{
    for (const QUrl &u : urls) {
        if (QFileInfo(folder + QLatin1Char('/') + u.fileName()).size() != size) {
            std::fprintf(stderr, "  %s: wrong size\n", qPrintable(u.fileName()));
            return false;
        }
    }
    return true;
}

void clearFolder(const QString &folder)
{
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
}

Run runManager(const QList<QUrl> &urls, const QString &folder, int connections)
{
    jsoc::DownloadManager manager;
    manager.setConnectionsPerHost(connections);
    QEventLoop loop;
    int finished = 0;
    bool ok = true;
    QObject::connect(&manager, &jsoc::DownloadManager::itemFinished, &loop, [&](const jsoc::DownloadItem &item) {
        if (item.state != jsoc::DownloadItem::State::Done) {
            std::fprintf(stderr, "  failed: %s\n", qPrintable(item.error));
            ok = false;
        }
        if (++finished == urls.size())
            loop.quit();
    });
    const Cpu before = cpuOf(RUSAGE_SELF);
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < urls.size(); ++i) {
        jsoc::DownloadItem item;
        item.id = i + 1;
        item.url = urls[i];
        item.fileName = urls[i].fileName();
        item.folder = folder;
        manager.enqueue(item);
    }
    loop.exec();
    Run r;
    r.seconds = t.elapsed() / 1000.0;
    const Cpu after = cpuOf(RUSAGE_SELF);
    r.cpu = Cpu{after.user - before.user, after.sys - before.sys};
    r.ok = ok;
    return r;
}

// A child process's wall time and CPU (RUSAGE_CHILDREN grows when QProcess reaps it).
Run runChild(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const Cpu before = cpuOf(RUSAGE_CHILDREN);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(-1)) {
        std::fprintf(stderr, "  %s did not run: %s\n", qPrintable(program), qPrintable(p.errorString()));
        return r;
    }
    r.seconds = t.elapsed() / 1000.0;
    const Cpu after = cpuOf(RUSAGE_CHILDREN);
    r.cpu = Cpu{after.user - before.user, after.sys - before.sys};
    r.ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!r.ok)
        std::fprintf(stderr, "  %s exited %d\n", qPrintable(program), p.exitCode());
    return r;
}

Run runCurl(const QList<QUrl> &urls, const QString &folder, int connections)
{
    QStringList args{QStringLiteral("-s"), QStringLiteral("--no-progress-meter"), QStringLiteral("--fail")};
    if (connections > 1)
        args << QStringLiteral("--parallel") << QStringLiteral("--parallel-max") << QString::number(connections);
    for (const QUrl &u : urls)
        args << QStringLiteral("-o") << folder + QLatin1Char('/') + u.fileName() << u.toString();
    return runChild(QStringLiteral("curl"), args);
}

Run runParfive(const QList<QUrl> &urls, const QString &folder, int connections)
{
    // One connection per file (max_splits=1) so that "N connections" means the same for everyone.
    QString script = QStringLiteral("import sys\nfrom parfive import Downloader\n"
                                    "d = Downloader(max_conn=%1, max_splits=1, progress=False)\n").arg(connections);
    for (const QUrl &u : urls)
        script += QStringLiteral("d.enqueue_file('%1', path='%2', filename='%3')\n").arg(u.toString(), folder, u.fileName());
    script += QStringLiteral("r = d.download()\nsys.exit(1 if r.errors else 0)\n");
    return runChild(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script});
}

bool haveParfive()
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import parfive")});
    return p.waitForFinished(20000) && p.exitCode() == 0;
}

QString nginxConfig(const QString &root, const QString &work, quint16 port)
{
    return QStringLiteral("daemon off;\nmaster_process off;\nworker_processes 1;\npid %1/nginx.pid;\n"
                          "error_log %1/error.log;\nevents { worker_connections 64; }\n"
                          "http {\n access_log off;\n sendfile on;\n tcp_nopush on;\n keepalive_requests 1000;\n"
                          " client_body_temp_path %1; proxy_temp_path %1; fastcgi_temp_path %1; uwsgi_temp_path %1; scgi_temp_path %1;\n"
                          " server {\n  listen 127.0.0.1:%2;\n  location /f/ { alias %3/; }\n }\n}\n")
        .arg(work).arg(port).arg(root);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args[1] == QLatin1String("--serve"))
        return serve(args[2], quint16(args[3].toUInt()));

    int files = 20, megabytes = 20, rounds = 1;
    QStringList clients{QStringLiteral("curl"), QStringLiteral("ours"), QStringLiteral("parfive")};
    QString serverKind = QFileInfo::exists(QStringLiteral("/usr/sbin/nginx")) ? QStringLiteral("nginx") : QStringLiteral("self");
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--files"))
            files = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--mb"))
            megabytes = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--server"))
            serverKind = args[i + 1];
        else if (args[i] == QLatin1String("--clients"))
            clients = args[i + 1].split(QLatin1Char(','));
        else if (args[i] == QLatin1String("--rounds"))
            rounds = std::max(1, args[i + 1].toInt());
    }
    // Files live in memory (tmpfs) when it has room, so the disk's write-back speed is not measured.
    const QString base = QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm/bench_download-XXXXXX")
                                                                            : QString();
    QTemporaryDir dir(base.isEmpty() ? QDir::tempPath() + QStringLiteral("/bench_download-XXXXXX") : base);
    const QString served = dir.filePath(QStringLiteral("served"));
    QDir().mkpath(served);
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (int i = 0; i < files; ++i) {
        QFile f(served + QStringLiteral("/file%1.bin").arg(i));
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        for (int m = 0; m < megabytes; ++m) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
            f.write(block);
        }
    }

    const quint16 port = bench::freePort();
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (serverKind == QLatin1String("nginx")) {
        const QString work = dir.filePath(QStringLiteral("nginx"));
        QDir().mkpath(work);
        QFile conf(work + QStringLiteral("/nginx.conf"));
        if (!conf.open(QIODevice::WriteOnly))
            return 1;
        conf.write(nginxConfig(served, work, port).toUtf8());
        conf.close();
        server.start(QStringLiteral("/usr/sbin/nginx"), {QStringLiteral("-c"), conf.fileName(), QStringLiteral("-p"), work, QStringLiteral("-e"), work + QStringLiteral("/error.log")});
    } else {
        server.start(app.applicationFilePath(), {QStringLiteral("--serve"), served, QString::number(port)});
    }
    if (!server.waitForStarted(10000) || !bench::waitForPort(port)) {
        std::fprintf(stderr, "the %s server did not start\n", qPrintable(serverKind));
        return 1;
    }

    QList<QUrl> urls;
    for (int i = 0; i < files; ++i)
        urls << QUrl(QStringLiteral("http://127.0.0.1:%1/f/file%2.bin").arg(port).arg(i));
    const qint64 fileSize = qint64(megabytes) << 20;
    const double totalMb = double(files) * megabytes;
    const bool parfive = haveParfive();
    std::printf("%d files x %d MB from %s (separate process) on 127.0.0.1 into %s, %d round(s)\n", files, megabytes,
                qPrintable(serverKind), qPrintable(dir.path()), rounds);
    std::printf("%-14s %5s %8s %9s %7s %7s %8s %8s\n", "client", "conns", "seconds", "MB/s", "user s", "sys s", "cpu s", "vs curl");
    const QString out = dir.filePath(QStringLiteral("out"));
    // Medians over the rounds, per client and connection count (this machine is shared: single
    // rounds swing by ±30 %).
    std::map<std::pair<int, std::string>, std::vector<Run>> all;
    for (int round = 0; round < rounds; ++round) {
        for (const int connections : {1, 4}) {
            std::optional<double> curlRate;
            auto report = [&](const char *name, const Run &r) {
                clearFolder(out);
                if (!r.ok) {
                    std::printf("%-14s %5d   failed\n", name, connections);
                    return;
                }
                all[{connections, name}].push_back(r);
                const double rate = totalMb / r.seconds;
                if (!curlRate && QByteArray(name) == "curl")
                    curlRate = rate;
                std::printf("%-14s %5d %8.2f %9.1f %7.2f %7.2f %8.2f %7.2fx\n", name, connections, r.seconds, rate,
                            r.cpu.user, r.cpu.sys, r.cpu.user + r.cpu.sys, curlRate ? rate / *curlRate : 0.0);
                std::fflush(stdout);
            };
            clearFolder(out);
            Run r;
            if (clients.contains(QLatin1String("curl"))) {
                r = runCurl(urls, out, connections);
                r.ok = r.ok && verify(urls, out, fileSize);
                report("curl", r);
            }
            if (clients.contains(QLatin1String("ours"))) {
                r = runManager(urls, out, connections);
                r.ok = r.ok && verify(urls, out, fileSize);
                report("DownloadMgr", r);
            }
            if (!clients.contains(QLatin1String("parfive"))) {
            } else if (parfive) {
                r = runParfive(urls, out, connections);
                r.ok = r.ok && verify(urls, out, fileSize);
                report("parfive", r);
            } else if (round == 0) {
                std::printf("%-14s %5d   not installed (apt-get install python3-parfive)\n", "parfive", connections);
            }
        }
    }
    if (rounds > 1) {
        std::printf("\nmedian of %d rounds\n", rounds);
        std::printf("%-14s %5s %8s %9s %7s %7s %8s %8s\n", "client", "conns", "seconds", "MB/s", "user s", "sys s", "cpu s", "vs curl");
        auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v.empty() ? 0.0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
        };
        for (const int connections : {1, 4}) {
            double curlSeconds = 0;
            for (const char *name : {"curl", "DownloadMgr", "parfive"}) {
                const auto it = all.find({connections, name});
                if (it == all.end())
                    continue;
                std::vector<double> secs, user, sys;
                for (const Run &r : it->second) {
                    secs.push_back(r.seconds);
                    user.push_back(r.cpu.user);
                    sys.push_back(r.cpu.sys);
                }
                const double m = median(secs);
                if (std::string(name) == "curl")
                    curlSeconds = m;
                std::printf("%-14s %5d %8.2f %9.1f %7.2f %7.2f %8.2f %7.2fx\n", name, connections, m, totalMb / m, median(user),
                            median(sys), median(user) + median(sys), curlSeconds > 0 ? curlSeconds / m : 0.0);
            }
        }
    }
    server.terminate();
    server.waitForFinished(5000);
    return 0;
}
