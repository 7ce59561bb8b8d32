// Keyword table, end to end, side by side in one run against one jsoc-sim process:
//   a) ours: series_struct + rs_summary + planRecordWindows + RecordTableLoader + KeywordTableModel,
//      from the first request to a filled model (child process: its own peak RSS);
//   b) Debian python3-drms: drms.Client(...).query(ds, key=...) (keyword_table_drms.py);
//   c) jsoc-cli query RECORDSET --keys … > /dev/null;
//   d) memory of 1,000,000 × 10 cells in our model (child: VmHWM and settled VmRSS minus baseline);
//   e) frame time while scrolling a QTableView (offscreen) over that 1M-row model, page by page.
// f) the server alone: the requests jsoc-cli makes, bodies read and dropped (ServerFloor.h): the
//    least any client can take against this server, so drms over it is the best ratio reachable there.
// a–c and f run twice: against jsoc-sim itself (which builds each reply afresh, one at a time, so its own
// time is in every figure), then with the same replies replayed from memory (each client's own cost).
// Every contender runs as its own process, measured the same way (wall time, ru_maxrss from wait4),
// and reps are interleaved so a busy shared machine hits all of them alike.
//
// Usage: bench_keyword_table [--reps N] [--frames N] [--sim PATH] [--cli PATH] [--cli-b PATH] [--python PATH] [--script PATH]
//                            [--no-1m] [--no-replay]
//        (--cli-b: a second jsoc-cli, e.g. a copy of the previous build, run interleaved with the first: an A/B in one run)
//        bench_keyword_table --child-ours URL RECORDSET KEYS CONCURRENCY ROWS_PER_PAGE
//        bench_keyword_table --child-table URL RECORDSET KEYS FRAMES
//        bench_keyword_table --child-floor URL RECORDSET KEYS ROWS_PER_PAGE
#include "BenchProcess.h"
#include "ServerFloor.h"
#include "model/table/KeywordTableModel.h"
#include "model/common/LargeMemory.h"
#include "model/drms/RecordSetSpec.h"
#include "model/drms/RecordWindowPlan.h"
#include "network/JsocClient.h"
#include "network/RecordListJob.h"
#include "network/RecordTableLoader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <malloc.h>
#include <memory>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace jsoc;

namespace {

using bench::procStatusKb;
using bench::percentile;

// 200,000 slots of 45 s, one record each (hmi.v_45s has one camera), and 8 keywords incl. both prime keys.
const QString kRecordSet = QStringLiteral("hmi.v_45s[2014.01.01_TAI/9000000s]");
const QString kKeys = QStringLiteral("T_REC,CAMERA,T_OBS,QUALITY,DATAMEAN,DATARMS,EXPTIME,CAR_ROT");
// 1,000,000 records × 10 keywords for the memory and scrolling figures.
const QString kRecordSet1M = QStringLiteral("hmi.v_45s[2012.01.01_TAI/45000000s]");
const QString kKeys10 = kKeys + QStringLiteral(",DATAMIN,DATAMAX");

void printResult(const QJsonObject &o)
{
    std::printf("RESULT %s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

template <typename Job>
void waitFor(Job *job)
{
    if (job->isFinished())
        return;
    QEventLoop loop;
    QObject::connect(job, &JsocJob::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

// What one load into the model took.
struct Loaded {
    bool ok = false;
    QString error;
    double structMs = 0, countMs = 0, totalMs = 0;
    qint64 count = 0;
    int windows = 0;
};

// The app's flow: structure, count, plan, windows into the model.
Loaded loadIntoModel(JsocClient &client, KeywordTableModel &model, const QString &recordSet, const QStringList &keys,
                     int concurrency, int rowsPerPage)
{
    Loaded r;
    QElapsedTimer timer;
    timer.start();
    const auto spec = drms::parseRecordSet(recordSet);
    std::unique_ptr<SeriesStructureJob> sj(client.seriesStructure(spec->subsets.first().series));
    waitFor(sj.get());
    if (sj->error().isError()) {
        r.error = sj->error().message;
        return r;
    }
    r.structMs = double(timer.nsecsElapsed()) / 1e6;
    std::unique_ptr<RecordCountJob> cj(client.recordCount(recordSet));
    waitFor(cj.get());
    if (cj->error().isError()) {
        r.error = cj->error().message;
        return r;
    }
    r.count = cj->result();
    r.countMs = double(timer.nsecsElapsed()) / 1e6 - r.structMs;

    const RecordWindowPlan plan = planRecordWindows(recordSet, sj->result(), r.count, rowsPerPage);
    r.windows = int(plan.recordSets.size());
    RecordListQuery query;
    query.keys = keys;
    RecordTableLoader loader(&client);
    const quint64 generation = model.beginQuery(sj->result());
    QEventLoop loop;
    const bool trace = qEnvironmentVariableIsSet("BENCH_TRACE"); // page timeline on stderr
    QObject::connect(&loader, &RecordTableLoader::pageLoaded, &model, [&](quint64 g, int index, RecordTable page) {
        const double arrived = double(timer.nsecsElapsed()) / 1e6;
        model.addPage(g, index, std::move(page));
        if (trace)
            std::fprintf(stderr, "page %d arrived %.0f ms, in model %.0f ms\n", index, arrived,
                         double(timer.nsecsElapsed()) / 1e6);
    });
    QObject::connect(&loader, &RecordTableLoader::finished, &loop, [&](quint64 g) {
        model.finishQuery(g);
        r.ok = true;
        loop.quit();
    });
    QObject::connect(&loader, &RecordTableLoader::failed, &loop, [&](quint64, const JsocError &e) {
        r.error = e.message;
        loop.quit();
    });
    loader.start(generation, plan, query, concurrency);
    loop.exec();
    r.totalMs = double(timer.nsecsElapsed()) / 1e6;
    if (r.ok && model.recordCount() != r.count) {
        r.ok = false;
        r.error = QStringLiteral("model holds %1 rows, count said %2").arg(model.recordCount()).arg(r.count);
    }
    return r;
}

qint64 tableBytes(const RecordTable &t)
{
    qint64 bytes = 0;
    for (const KeywordColumn &c : t.keywords)
        bytes += c.values.byteSize() + c.values.size() * qint64(sizeof(quint32));
    return bytes;
}

int childFloor(const QStringList &a)
{
    const bench::ServerFloor r = bench::measureServerFloor(QUrl(a[0]), a[1], a[2], a[3].toInt());
    if (!r.ok) {
        std::fprintf(stderr, "%s\n", qPrintable(r.error));
        return 1;
    }
    printResult(QJsonObject{{"ms", r.ms}, {"windows", r.windows}, {"bodyBytes", double(r.bodyBytes)}});
    return 0;
}

int childOurs(const QStringList &a)
{
    const long baseKb = procStatusKb("VmRSS:");
    JsocClient client{QUrl(a[0])};
    KeywordTableModel model;
    const QStringList keys = a[2].split(',');
    const Loaded r = loadIntoModel(client, model, a[1], keys, a[3].toInt(), a[4].toInt());
    if (!r.ok) {
        std::fprintf(stderr, "ours: %s\n", qPrintable(r.error));
        return 1;
    }
    QJsonObject o{{"ms", r.totalMs}, {"structMs", r.structMs}, {"countMs", r.countMs},
                  {"rows", double(model.recordCount())}, {"cols", model.columnCount()}, {"windows", r.windows},
                  {"baseKb", double(baseKb)}, {"hwmKb", double(procStatusKb("VmHWM:"))},
                  {"tableBytes", double(tableBytes(model.table()))}};
    printResult(o);
    return 0;
}

int childTable(const QStringList &a)
{
    const long baseKb = procStatusKb("VmRSS:");
    JsocClient client{QUrl(a[0])};
    KeywordTableModel model;
    const Loaded r = loadIntoModel(client, model, a[1], a[2].split(','), 1, 50000);
    if (!r.ok) {
        std::fprintf(stderr, "1M load: %s\n", qPrintable(r.error));
        return 1;
    }
    const long hwmKb = procStatusKb("VmHWM:");
    malloc_trim(0); // freed reply buffers go back to the system: what stays is the model
    const long settledKb = procStatusKb("VmRSS:");

    // Scrolling: a 1280×800 view, one page down per frame, each frame painted synchronously.
    QTableView view;
    view.setModel(&model);
    view.resize(1280, 800);
    view.show();
    QCoreApplication::processEvents();
    view.viewport()->repaint();
    QScrollBar *bar = view.verticalScrollBar();
    const int frames = a[3].toInt();
    std::vector<double> pageMs, jumpMs;
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer t;
        t.start();
        bar->setValue(bar->value() + bar->pageStep());
        view.viewport()->repaint();
        pageMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    // Jumps anywhere in the million rows (dragging the scroll bar thumb).
    QRandomGenerator rng(42);
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer t;
        t.start();
        bar->setValue(int(rng.bounded(bar->maximum() + 1)));
        view.viewport()->repaint();
        jumpMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    const QString lastCell = model.data(model.index(int(model.recordCount()) - 1, 0)).toString();
    QJsonObject o{{"loadMs", r.totalMs}, {"rows", double(model.recordCount())}, {"cols", model.columnCount()},
                  {"windows", r.windows}, {"baseKb", double(baseKb)}, {"hwmKb", double(hwmKb)},
                  {"settledKb", double(settledKb)}, {"tableBytes", double(tableBytes(model.table()))},
                  {"pageP50", percentile(pageMs, 0.5)}, {"pageP95", percentile(pageMs, 0.95)},
                  {"pageMax", percentile(pageMs, 1.0)}, {"jumpP50", percentile(jumpMs, 0.5)},
                  {"jumpP95", percentile(jumpMs, 0.95)}, {"frames", frames}, {"lastCell", lastCell},
                  {"viewHwmKb", double(procStatusKb("VmHWM:"))}};
    printResult(o);
    return 0;
}

// ---- the parent: processes measured with wait4 ----

struct Run {
    bool ok = false;
    double wallMs = 0;
    long maxRssKb = 0;
    double cpuMs = 0; // user + system time of the process (all its threads)
    QByteArray out;
    QByteArray err;
    QJsonObject result; // the RESULT line (our children) or the JSON line (drms script)
};

std::vector<std::string> argvOf(const QString &program, const QStringList &args)
{
    std::vector<std::string> v{program.toStdString()};
    for (const QString &s : args)
        v.push_back(s.toStdString());
    return v;
}

// Runs `program` to the end; stdout to `stdoutPath` (empty: captured), stderr captured.
Run runMeasured(const QString &program, const QStringList &args, const QString &stdoutPath = QString())
{
    Run run;
    QTemporaryFile outFile, errFile;
    if (!outFile.open() || !errFile.open())
        return run;
    const std::string outPath = (stdoutPath.isEmpty() ? outFile.fileName() : stdoutPath).toStdString();
    const std::string errPath = errFile.fileName().toStdString();
    std::vector<std::string> strings = argvOf(program, args);
    std::vector<char *> argv;
    for (std::string &s : strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        run.err = QByteArray("cannot start ") + argv[0];
        return run;
    }
    int status = 0;
    struct rusage ru {};
    if (wait4(pid, &status, 0, &ru) != pid)
        return run;
    run.wallMs = double(timer.nsecsElapsed()) / 1e6;
    run.maxRssKb = ru.ru_maxrss;
    run.cpuMs = (double(ru.ru_utime.tv_sec) + double(ru.ru_stime.tv_sec)) * 1e3
        + (double(ru.ru_utime.tv_usec) + double(ru.ru_stime.tv_usec)) / 1e3;
    run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (stdoutPath.isEmpty())
        run.out = outFile.readAll();
    run.err = errFile.readAll();
    for (const QByteArray &line : run.out.split('\n')) {
        const QByteArray json = line.startsWith("RESULT ") ? line.mid(7) : line;
        if (json.startsWith('{'))
            run.result = QJsonDocument::fromJson(json).object();
    }
    return run;
}

// jsoc-sim (or the replay proxy) in the background; its first stdout line says where it listens.
struct Simulator {
    pid_t pid = 0;
    int fd = -1;
    QString url;

    bool start(const QString &path, const QStringList &args = {"--host", "127.0.0.1", "--port", "0"})
    {
        int p[2];
        if (pipe(p) != 0)
            return false;
        std::vector<std::string> strings = argvOf(path, args);
        std::vector<char *> argv;
        for (std::string &s : strings)
            argv.push_back(s.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, p[1], 1);
        posix_spawn_file_actions_addclose(&fa, p[0]);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        ::close(p[1]);
        fd = p[0];
        if (rc != 0)
            return false;
        QByteArray line;
        char c = 0;
        while (!line.endsWith('\n')) {
            pollfd pfd{fd, POLLIN, 0};
            if (poll(&pfd, 1, 30000) <= 0 || ::read(fd, &c, 1) != 1)
                return false;
            line += c;
        }
        const QByteArray prefix = "listening on ";
        if (!line.startsWith(prefix))
            return false;
        url = QString::fromUtf8(line.mid(prefix.size()).trimmed());
        return true;
    }
    ~Simulator()
    {
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
        }
        if (fd >= 0)
            ::close(fd);
    }
};

// A caching loopback HTTP proxy on its own thread: the first request for a target goes to
// `upstream`, repeats are answered from memory. With it the bench measures each client's own cost.
class ReplayProxy
{
public:
    explicit ReplayProxy(const QUrl &upstream) : m_upstream(upstream.toEncoded())
    {
        m_context->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    }
    ~ReplayProxy()
    {
        m_thread.quit();
        m_thread.wait();
    }
    ReplayProxy(const ReplayProxy &) = delete;
    ReplayProxy &operator=(const ReplayProxy &) = delete;

    bool start()
    {
        m_thread.start();
        bool ok = false;
        QMetaObject::invokeMethod(m_context, [this, &ok] {
            auto *server = new QTcpServer(m_context);
            m_nam = new QNetworkAccessManager(m_context);
            QObject::connect(server, &QTcpServer::newConnection, m_context, [this, server] {
                while (QTcpSocket *s = server->nextPendingConnection())
                    serve(s);
            });
            ok = server->listen(QHostAddress::LocalHost, 0);
            m_port = server->serverPort();
        }, Qt::BlockingQueuedConnection);
        return ok;
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

private:
    struct Reply {
        int status = 200;
        QByteArray contentType;
        QByteArray body;
    };

    void serve(QTcpSocket *s)
    {
        QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
            *buffer += s->readAll();
            for (qsizetype end = buffer->indexOf("\r\n\r\n"); end >= 0; end = buffer->indexOf("\r\n\r\n")) {
                const QByteArray target = buffer->left(end).split('\n').value(0).split(' ').value(1);
                buffer->remove(0, end + 4);
                answer(s, target);
            }
        });
    }

    static void write(QTcpSocket *s, const Reply &r)
    {
        s->write("HTTP/1.1 " + QByteArray::number(r.status) + " OK\r\nContent-Type: " + r.contentType
                 + "\r\nContent-Length: " + QByteArray::number(r.body.size()) + "\r\nConnection: keep-alive\r\n\r\n");
        s->write(r.body);
    }

    void answer(QTcpSocket *s, const QByteArray &target)
    {
        if (const auto it = m_cache.constFind(target); it != m_cache.constEnd()) {
            write(s, *it);
            return;
        }
        QNetworkReply *reply = m_nam->get(QNetworkRequest(QUrl::fromEncoded(m_upstream + target)));
        QPointer<QTcpSocket> socket(s);
        QObject::connect(reply, &QNetworkReply::finished, m_context, [this, reply, socket, target] {
            reply->deleteLater();
            Reply r;
            r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            r.body = reply->readAll();
            if (r.status == 200)
                m_cache.insert(target, r);
            if (socket)
                write(socket, r);
        });
    }

    QByteArray m_upstream;
    QThread m_thread;
    QObject *m_context = new QObject; // lives in m_thread; deleted when it finishes
    QNetworkAccessManager *m_nam = nullptr;
    QHash<QByteArray, Reply> m_cache;
    quint16 m_port = 0;
};

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }
double best(const std::vector<double> &v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }
double mb(double kb) { return kb / 1024.0; }

struct Series {
    std::vector<double> inner;  // request → result inside the process
    std::vector<double> wall;   // whole process
    std::vector<double> peakKb; // ru_maxrss
    std::vector<double> cpuMs;  // user + system
    double baseKb = 0;
    QString note;
};

struct Paths {
    QString self, cli, python, script;
    QString cliB; // --cli-b: a second jsoc-cli (e.g. the previous build), run interleaved for an A/B
};

// Median of drms's whole process over jsoc-cli's, rep by rep: the two ran back to back, so a
// load spike from other work on the machine hits both sides of one ratio alike.
double pairedRatio(const std::vector<double> &slow, const std::vector<double> &fast)
{
    std::vector<double> ratios;
    for (size_t i = 0; i < std::min(slow.size(), fast.size()); ++i)
        ratios.push_back(slow[i] / fast[i]);
    return median(ratios);
}

// The three contenders on the same record set at `url`, interleaved; prints the table.
bool compare(QTextStream &out, const Paths &paths, const QString &url, int reps)
{
    const QStringList oursArgs{"--child-ours", url, kRecordSet, kKeys, "1", "50000"};
    const QStringList drmsArgs{paths.script, "--url", url, "--ds", kRecordSet, "--keys", kKeys};
    const QStringList cliArgs{"--server", url, "query", kRecordSet, "--keys", kKeys, "--format", "csv"};

    // Untimed warm-up of each (fills a replay cache) and a check that the CLI writes every
    // record (header + 200,000 lines).
    {
        const Run check = runMeasured(paths.cli, cliArgs);
        const qsizetype lines = check.out.count('\n');
        if (!check.ok || lines != 200001) {
            out << "jsoc-cli check failed (" << lines << " lines): " << check.err << "\n";
            return false;
        }
        if (!runMeasured(paths.self, oursArgs).ok || !runMeasured(paths.python, drmsArgs).ok) {
            out << "warm-up failed\n";
            return false;
        }
    }

    Series ours, drms, cli, cliB, floor;
    const QStringList floorArgs{"--child-floor", url, kRecordSet, kKeys, "50000"};
    for (int rep = 0; rep < reps; ++rep) {
        const Run a = runMeasured(paths.self, oursArgs);
        if (!a.ok || a.result.value("rows").toDouble() != 200000 || a.result.value("cols").toInt() != 8) {
            out << "ours failed: " << a.err << a.out << "\n";
            return false;
        }
        ours.inner.push_back(a.result.value("ms").toDouble());
        ours.wall.push_back(a.wallMs);
        ours.peakKb.push_back(double(a.maxRssKb));
        ours.cpuMs.push_back(a.cpuMs);
        ours.baseKb = a.result.value("baseKb").toDouble();
        ours.note = QStringLiteral("%1 windows, 1 request on the wire, parsed while the next downloads; struct %2 ms + count %3 ms; table %4 MB; VmHWM %5 MB")
                        .arg(a.result.value("windows").toInt())
                        .arg(a.result.value("structMs").toDouble(), 0, 'f', 0)
                        .arg(a.result.value("countMs").toDouble(), 0, 'f', 0)
                        .arg(a.result.value("tableBytes").toDouble() / 1048576.0, 0, 'f', 1)
                        .arg(mb(a.result.value("hwmKb").toDouble()), 0, 'f', 1);

        const Run b = runMeasured(paths.python, drmsArgs);
        if (!b.ok || b.result.value("rows").toInt() != 200000) {
            out << "drms failed: " << b.err << b.out << "\n";
            return false;
        }
        drms.inner.push_back(b.result.value("ms").toDouble());
        drms.wall.push_back(b.wallMs);
        drms.peakKb.push_back(double(b.maxRssKb));
        drms.cpuMs.push_back(b.cpuMs);
        drms.baseKb = b.result.value("base_maxrss_kb").toDouble();
        drms.note = QStringLiteral("DataFrame %1 x %2").arg(b.result.value("rows").toInt()).arg(b.result.value("cols").toInt());

        const Run c = runMeasured(paths.cli, cliArgs, QStringLiteral("/dev/null"));
        if (!c.ok) {
            out << "jsoc-cli failed: " << c.err << "\n";
            return false;
        }
        cli.inner.push_back(c.wallMs);
        cli.wall.push_back(c.wallMs);
        cli.peakKb.push_back(double(c.maxRssKb));
        cli.cpuMs.push_back(c.cpuMs);
        cli.note = QStringLiteral("the GUI path: count + windows one at a time, CSV to /dev/null (time = whole process)");
        if (!paths.cliB.isEmpty()) {
            const Run d = runMeasured(paths.cliB, cliArgs, QStringLiteral("/dev/null"));
            if (!d.ok) {
                out << "jsoc-cli (b) failed: " << d.err << "\n";
                return false;
            }
            cliB.inner.push_back(d.wallMs);
            cliB.wall.push_back(d.wallMs);
            cliB.peakKb.push_back(double(d.maxRssKb));
            cliB.cpuMs.push_back(d.cpuMs);
            cliB.note = paths.cliB;
        }
        const Run f = runMeasured(paths.self, floorArgs);
        if (!f.ok) {
            out << "server-only run failed: " << f.err << "\n";
            return false;
        }
        floor.inner.push_back(f.result.value("ms").toDouble());
        floor.wall.push_back(f.wallMs);
        floor.peakKb.push_back(double(f.maxRssKb));
        floor.cpuMs.push_back(f.cpuMs);
        floor.note = QStringLiteral("the server alone: jsoc-cli's %1 requests on one connection, bodies (%2 MB) read and dropped")
                         .arg(f.result.value("windows").toInt() + 2)
                         .arg(f.result.value("bodyBytes").toDouble() / 1e6, 0, 'f', 1);
        out << "  rep " << rep + 1 << ": ours " << QString::number(ours.inner.back(), 'f', 0) << " ms, drms "
            << QString::number(drms.inner.back(), 'f', 0) << " ms (process " << QString::number(b.wallMs, 'f', 0)
            << " ms), jsoc-cli " << QString::number(c.wallMs, 'f', 0) << " ms";
        if (!cliB.wall.empty())
            out << ", jsoc-cli (b) " << QString::number(cliB.wall.back(), 'f', 0) << " ms";
        out << ", server only " << QString::number(floor.inner.back(), 'f', 0) << " ms\n";
        out.flush();
    }

    out << "\n"
        << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
               .arg("contender", -12).arg("median ms", 10).arg("best ms", 9).arg("process ms", 11)
               .arg("CPU ms", 8).arg("peak RSS MB", 12).arg("base MB", 8);
    auto row = [&](const QString &name, const Series &s) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7   %8\n")
                   .arg(name, -12)
                   .arg(median(s.inner), 10, 'f', 0)
                   .arg(best(s.inner), 9, 'f', 0)
                   .arg(median(s.wall), 11, 'f', 0)
                   .arg(median(s.cpuMs), 8, 'f', 0)
                   .arg(mb(median(s.peakKb)), 12, 'f', 1)
                   .arg(s.baseKb > 0 ? QString::number(mb(s.baseKb), 'f', 1) : QStringLiteral("-"), 8)
                   .arg(s.note);
    };
    row(QStringLiteral("ours"), ours);
    row(QStringLiteral("python-drms"), drms);
    row(QStringLiteral("jsoc-cli"), cli);
    if (!cliB.wall.empty())
        row(QStringLiteral("jsoc-cli (b)"), cliB);
    row(QStringLiteral("server only"), floor);
    out << QStringLiteral("ratios: drms/ours time %1x (request->filled), %2x (whole process); "
                          "ours/drms peak memory %3 (goal: time >= 10x, memory <= 0.5)\n")
               .arg(median(drms.inner) / median(ours.inner), 0, 'f', 2)
               .arg(median(drms.wall) / median(ours.wall), 0, 'f', 2)
               .arg(median(ours.peakKb) / median(drms.peakKb), 0, 'f', 2)
        << QStringLiteral("        drms/ours CPU %1x (client-side work; the simulator's own time is in neither); "
                          "jsoc-cli/ours time %2x (whole process)\n")
               .arg(median(drms.cpuMs) / median(ours.cpuMs), 0, 'f', 2)
               .arg(median(cli.wall) / median(ours.wall), 0, 'f', 2)
        // Issue 12's own figure: drms's whole process (imports included) over jsoc-cli's.
        << QStringLiteral("        drms/jsoc-cli time %1x (whole process each, median of the per-rep ratios; goal >= 10x)\n")
               .arg(pairedRatio(drms.wall, cli.wall), 0, 'f', 2)
        << QStringLiteral("        drms/server-only time %1x (drms's whole process over the server's own time for "
                          "jsoc-cli's requests, one at a time: about the best any client can reach against this server)\n")
               .arg(pairedRatio(drms.wall, floor.inner), 0, 'f', 2);
    if (!cliB.wall.empty())
        out << QStringLiteral("        drms/jsoc-cli (b) time %1x; jsoc-cli (b)/jsoc-cli time %2x (per-rep pairs)\n")
                   .arg(pairedRatio(drms.wall, cliB.wall), 0, 'f', 2)
                   .arg(pairedRatio(cliB.wall, cli.wall), 0, 'f', 2);
    out.flush();
    return true;
}

int runParent(const QStringList &args)
{
    QTextStream out(stdout);
    const QString binDir = QCoreApplication::applicationDirPath();
    QString simPath = binDir + QStringLiteral("/../jsoc-sim");
    QString cliPath = binDir + QStringLiteral("/../../app/jsoc-cli");
    QString python = QStringLiteral("/usr/bin/python3");
    // Beside this source file; a relative __FILE__ (Ninja) is relative to the build root.
    const QFileInfo source(QStringLiteral(__FILE__));
    QString script = (source.isAbsolute() ? source.absolutePath()
                                          : QFileInfo(binDir + QStringLiteral("/../../") + source.filePath()).absolutePath())
        + QStringLiteral("/keyword_table_drms.py");
    QString cliB;
    int reps = 3, frames = 200;
    bool big = true, replay = true;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &o = args[i];
        const QString v = args.value(i + 1);
        if (o == u"--reps") { reps = std::max(1, v.toInt()); ++i; }
        else if (o == u"--frames") { frames = std::max(1, v.toInt()); ++i; }
        else if (o == u"--sim") { simPath = v; ++i; }
        else if (o == u"--cli") { cliPath = v; ++i; }
        else if (o == u"--cli-b") { cliB = QFileInfo(v).absoluteFilePath(); ++i; }
        else if (o == u"--python") { python = v; ++i; }
        else if (o == u"--script") { script = v; ++i; }
        else if (o == u"--no-1m") { big = false; }
        else if (o == u"--no-replay") { replay = false; }
        else { out << "unknown option " << o << "\n"; return 2; }
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");

    Simulator sim;
    // --direct: no fault relay in front (nothing is injected here), one loopback hop less for everyone.
    if (!sim.start(QFileInfo(simPath).absoluteFilePath(), {"--direct", "--host", "127.0.0.1", "--port", "0"})) {
        out << "cannot start jsoc-sim at " << simPath << "\n";
        return 1;
    }
    const Paths paths{QCoreApplication::applicationFilePath(), QFileInfo(cliPath).absoluteFilePath(), python, script, cliB};
    out << "Keyword table benchmark: " << kRecordSet << " = 200,000 records x 8 keywords (" << kKeys << ")\n"
        << "machine: " << QThread::idealThreadCount() << " cores, shared with other work; " << reps
        << " interleaved reps per contender, each its own process\n"
        << "peak RSS = ru_maxrss from wait4 (it starts at the spawning bench's RSS, "
        << QString::number(mb(double(procStatusKb("VmRSS:"))), 'f', 1) << " MB, below every figure)\n\n"
        << "1) against jsoc-sim --direct " << sim.url << " (its own process; it builds every reply afresh, one at a time)\n";
    out.flush();
    if (!compare(out, paths, sim.url, reps))
        return 1;

    if (replay) {
        // The same bytes again, but served from memory: what is left is each client's own cost.
        // The proxy is a process of its own: ru_maxrss of a child starts at its spawner's RSS,
        // so the cache must not sit in this process.
        Simulator proxy;
        if (!proxy.start(paths.self, {"--child-proxy", sim.url})) {
            out << "cannot start the replay proxy\n";
            return 1;
        }
        out << "\n2) the same replies replayed from memory by a caching loopback proxy " << proxy.url
            << " (filled by an untimed first run): client-side cost only\n";
        out.flush();
        if (!compare(out, paths, proxy.url, reps))
            return 1;
    }

    if (big) {
        const Run t = runMeasured(paths.self, {"--child-table", sim.url, kRecordSet1M, kKeys10, QString::number(frames)});
        if (!t.ok) {
            out << "1M table child failed: " << t.err << "\n";
            return 1;
        }
        const QJsonObject r = t.result;
        const double base = r.value("baseKb").toDouble();
        out << "\n1,000,000 x 10 in KeywordTableModel (" << kRecordSet1M << ", loaded in "
            << QString::number(r.value("loadMs").toDouble() / 1000.0, 'f', 1) << " s, " << r.value("windows").toInt()
            << " windows; " << QString::number(r.value("rows").toDouble(), 'f', 0) << " rows x " << r.value("cols").toInt()
            << " columns)\n"
            << QStringLiteral("  table storage %1 MB; RSS after load (malloc_trim) - baseline = %2 MB; "
                              "VmHWM - baseline = %3 MB (baseline %4 MB)\n")
                   .arg(r.value("tableBytes").toDouble() / 1048576.0, 0, 'f', 1)
                   .arg(mb(r.value("settledKb").toDouble() - base), 0, 'f', 1)
                   .arg(mb(r.value("hwmKb").toDouble() - base), 0, 'f', 1)
                   .arg(mb(base), 0, 'f', 1)
            << QStringLiteral("  scrolling a 1280x800 QTableView (offscreen), %1 frames: page down p50 %2 ms, p95 %3 ms, "
                              "max %4 ms; random jumps p50 %5 ms, p95 %6 ms\n")
                   .arg(r.value("frames").toInt())
                   .arg(r.value("pageP50").toDouble(), 0, 'f', 2)
                   .arg(r.value("pageP95").toDouble(), 0, 'f', 2)
                   .arg(r.value("pageMax").toDouble(), 0, 'f', 2)
                   .arg(r.value("jumpP50").toDouble(), 0, 'f', 2)
                   .arg(r.value("jumpP95").toDouble(), 0, 'f', 2);
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    const QByteArray mode = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (mode == "--child-table" || mode == "--child-ours")
        tuneAllocatorForLargeTables(); // as jsoc-browser and jsoc-cli do at start
    if (mode == "--child-table") {
        QApplication app(argc, argv);
        const QStringList a = app.arguments().mid(2);
        return a.size() >= 4 ? childTable(a) : 2;
    }
    QCoreApplication app(argc, argv);
    if (mode == "--child-proxy" && argc > 2) {
        ReplayProxy proxy{QUrl(QString::fromLocal8Bit(argv[2]))};
        if (!proxy.start())
            return 1;
        std::printf("listening on %s\n", qPrintable(proxy.url()));
        std::fflush(stdout);
        return app.exec(); // until the parent's SIGTERM
    }
    if (mode == "--child-floor") {
        const QStringList a = app.arguments().mid(2);
        return a.size() >= 4 ? childFloor(a) : 2;
    }
    if (mode == "--child-ours") {
        const QStringList a = app.arguments().mid(2);
        return a.size() >= 5 ? childOurs(a) : 2;
    }
    return runParent(app.arguments());
}
