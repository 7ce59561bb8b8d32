// JsocClient over real loopback sockets: (1) a tiny byte-exact fake JSOC (QTcpServer, defined
// here) serving the real sample bodies, for exact request URLs and transport faults; (2) the JSOC
// simulator (tests/sim) for every operation end to end and its fault injection.
#include "model/common/DisplayFormat.h"
#include "network/JsocClient.h"
#include "sim/ExportDesk.h"
#include "sim/JsocSimulator.h"
#include "support/ScriptedHttpServer.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>
#include <functional>

using namespace jsoc;
using Kind = JsocError::Kind;

namespace {

QByteArray sample(const char *name)
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", name);
    return f.readAll();
}

struct SeenRequest {
    QByteArray method;
    QByteArray target; // as sent on the request line
    QHash<QByteArray, QByteArray> headers; // lower-case names
};

struct FakeResponse {
    enum class Action { Reply, Stall, Drop, Partial };
    Action action = Action::Reply;
    int status = 200;
    QByteArray reason = "OK";
    QByteArray contentType = "application/json";
    QByteArray body;
    bool chunked = true; // JSOC answers with Transfer-Encoding: chunked
    QList<QPair<QByteArray, QByteArray>> extraHeaders;

    static FakeResponse json(const QByteArray &body) { FakeResponse r; r.body = body; return r; }
    static FakeResponse http(int status, const QByteArray &reason, const QByteArray &body)
    {
        FakeResponse r;
        r.status = status;
        r.reason = reason;
        r.contentType = "text/html; charset=iso-8859-1";
        r.body = body;
        r.chunked = false;
        return r;
    }
    static FakeResponse of(Action a) { FakeResponse r; r.action = a; return r; }
};

const QByteArray kApache500 =
    "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>500 Internal Server Error</title>\n"
    "</head><body>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error.</p>\n</body></html>\n";

// A minimal HTTP/1.1 server: one request per connection, answers decided by `handler`.
class FakeJsoc final : public QObject
{
public:
    std::function<FakeResponse(const SeenRequest &)> handler;
    QList<SeenRequest> seen;

    FakeJsoc()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                s->setParent(this);
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port())); }
    int count(const QByteArray &targetContains) const
    {
        int n = 0;
        for (const SeenRequest &r : seen)
            n += r.target.contains(targetContains) ? 1 : 0;
        return n;
    }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        if (!buf.isEmpty() && static_cast<unsigned char>(buf[0]) == 0x16) { // a TLS ClientHello
            s->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            s->disconnectFromHost();
            return;
        }
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        SeenRequest req;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        req.method = first.value(0);
        req.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                req.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        buf.clear();
        seen.append(req);
        const FakeResponse r = handler ? handler(req) : FakeResponse::http(404, "Not Found", "no handler");
        switch (r.action) {
        case FakeResponse::Action::Stall:
            return; // keep the socket open, say nothing
        case FakeResponse::Action::Drop:
            s->abort();
            return;
        case FakeResponse::Action::Partial: {
            const QByteArray body = r.body.isEmpty() ? sample("rslist_hmi.M_45s_2rec.json") : r.body;
            s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body.left(body.size() / 2));
            s->flush();
            s->disconnectFromHost();
            return;
        }
        case FakeResponse::Action::Reply:
            break;
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + r.reason + "\r\n";
        out += "Server: Apache/2.2.3 (CentOS)\r\nConnection: close\r\nContent-Type: " + r.contentType + "\r\n";
        for (const auto &h : r.extraHeaders)
            out += h.first + ": " + h.second + "\r\n";
        if (r.chunked) {
            out += "Transfer-Encoding: chunked\r\n\r\n";
            // Several chunks, so the client must reassemble.
            for (qsizetype pos = 0; pos < r.body.size(); pos += 100) {
                const QByteArray chunk = r.body.mid(pos, 100);
                out += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
            }
            out += "0\r\n\r\n";
        } else {
            out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n\r\n" + r.body;
        }
        s->write(out);
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

template <typename Job>
bool waitFinished(Job *job, int ms = 10000)
{
    if (job->isFinished())
        return true; // finished() may still be queued
    QSignalSpy spy(job, &JsocJob::finished);
    return spy.wait(ms);
}

} // namespace

class TestJsocClient final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeJsoc> m_fake;
    std::unique_ptr<JsocClient> m_client;

    void fastRetries(int maxRetries = 3)
    {
        RetryPolicy p;
        p.maxRetries = maxRetries;
        p.initialDelayMs = 10;
        p.factor = 2.0;
        m_client->setRetryPolicy(p);
    }

private slots:
    void init()
    {
        m_fake = std::make_unique<FakeJsoc>();
        QVERIFY(m_fake->listen());
        m_client = std::make_unique<JsocClient>(m_fake->url());
        fastRetries();
    }

    void cleanup()
    {
        m_client.reset();
        m_fake.reset();
    }

    void urls()
    {
        JsocClient c(QUrl(QStringLiteral("http://127.0.0.1:8080")));
        QCOMPARE(c.cgiUrl(QStringLiteral("jsoc_info")).toString(), QStringLiteral("http://127.0.0.1:8080/cgi-bin/ajax/jsoc_info"));
        JsocClient sub(QUrl(QStringLiteral("http://127.0.0.1:8080/mirror/")));
        QCOMPARE(sub.cgiUrl(QStringLiteral("show_series")).toString(),
                 QStringLiteral("http://127.0.0.1:8080/mirror/cgi-bin/ajax/show_series"));
        JsocClient def;
        QCOMPARE(def.siteRoot(), QUrl(QStringLiteral("http://jsoc.stanford.edu")));
        QCOMPARE(def.transferTimeout(), 60000);
        QCOMPARE(def.retryPolicy().maxRetries, 3);
        QCOMPARE(def.retryPolicy().initialDelayMs, 500);
    }

    void seriesStructure()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json(sample("seriesstruct_hmi.m_45s.json")); };
        QPointer<SeriesStructureJob> job = m_client->seriesStructure(QStringLiteral("hmi.M_45s"));
        QVERIFY(!job->isFinished()); // never finishes synchronously
        QVERIFY(waitFinished(job.data()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(m_fake->seen.size(), 1);
        QCOMPARE(m_fake->seen[0].method, QByteArray("GET"));
        // drms lower-cases the series name for series_struct.
        QCOMPARE(m_fake->seen[0].target, QByteArray("/cgi-bin/ajax/jsoc_info?op=series_struct&ds=hmi.m_45s"));
        QCOMPARE(m_fake->seen[0].headers.value("user-agent"), QByteArray("jsoc-browser/0.1"));
        QCOMPARE(job->result().name, QStringLiteral("hmi.M_45s"));
        QCOMPARE(job->result().unitSize, 32);
        QCOMPARE(job->result().primeKeysInfo[0].epoch, QStringLiteral("1993.01.01_00:00:00_TAI"));
        QCOMPARE(job->attempts(), 1);
        delete job.data();
    }

    void seriesStructureNotFound()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json("{\"status\":1,\"error\":\"series not found\"}\n"); };
        auto *job = m_client->seriesStructure(QStringLiteral("hmi.m_72s"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::Jsoc);
        QCOMPARE(job->error().message, QStringLiteral("JSOC: series not found: hmi.m_72s"));
        QCOMPARE(job->attempts(), 1); // JSOC errors are answers, not retried
        job->deleteLater();
    }

    void seriesListExt()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json(sample("series_catalog_aia_hmi_mdi.json")); };
        auto *job = m_client->seriesList(QStringLiteral("hmi\\.M_4+ s"));
        QVERIFY(waitFinished(job));
        QVERIFY(!job->error().isError());
        QCOMPARE(job->result().size(), 260);
        QVERIFY(!job->usedFallback());
        QCOMPARE(m_fake->seen[0].target,
                 QByteArray("/cgi-bin/ajax/showextseries?dbhost=hmidb2&filter=hmi%5C.M_4%2B%20s&info=1"));
        delete job;
    }

    void seriesListFallbackToShowSeries()
    {
        m_fake->handler = [](const SeenRequest &r) {
            if (r.target.startsWith("/cgi-bin/ajax/showextseries"))
                return FakeResponse::http(404, "Not Found", "<html><title>404 Not Found</title></html>");
            return FakeResponse::json("{\"status\":0,\n \"names\":[\n  {\"name\":\"hmi.M_45s\",\"primekeys\":\"T_REC, CAMERA\","
                                      "\"note\":\"magnetograms with a cadence of 45 seconds.\"}],\n\"n\":1}\n");
        };
        auto *job = m_client->seriesList(QStringLiteral("hmi\\.M_4+ s"));
        QVERIFY(waitFinished(job));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QVERIFY(job->usedFallback());
        QCOMPARE(m_fake->seen.size(), 2); // 404 is not retried
        // show_series: one parameter, '+' and space percent-encoded (it decodes %XX only).
        QCOMPARE(m_fake->seen[1].target, QByteArray("/cgi-bin/ajax/show_series?filter=hmi%5C.M_4%2B%20s"));
        QCOMPARE(job->result().size(), 1);
        QCOMPARE(job->result()[0].primeKeys, QStringList({"T_REC", "CAMERA"}));
        QCOMPARE(job->url().path(), QStringLiteral("/cgi-bin/ajax/show_series"));
        delete job;

        // Without a regex the fallback has no query; invalid JSON there becomes a JSOC error.
        m_fake->seen.clear();
        m_fake->handler = [](const SeenRequest &r) {
            if (r.target.startsWith("/cgi-bin/ajax/showextseries"))
                return FakeResponse::http(404, "Not Found", "");
            return FakeResponse::json("{\"status\":1,\"errmsg\":Series filter format error}\n");
        };
        job = m_client->seriesList();
        QVERIFY(waitFinished(job));
        QCOMPARE(m_fake->seen[0].target, QByteArray("/cgi-bin/ajax/showextseries?dbhost=hmidb2&info=1"));
        QCOMPARE(m_fake->seen[1].target, QByteArray("/cgi-bin/ajax/show_series"));
        QCOMPARE(job->error().kind, Kind::Jsoc);
        QCOMPARE(job->error().message, QStringLiteral("JSOC: Series filter format error"));
        delete job;
    }

    void recordListExactRequest()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json(sample("rslist_hmi.M_45s_2rec.json")); };
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]");
        q.keys = QStringList{"T_REC", "TELESCOP", "INSTRUME", "WAVELNTH", "CAR_ROT"};
        auto *job = m_client->recordList(q);
        QVERIFY(waitFinished(job));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        // Byte-identical to the request drms made for this sample (SOURCES.md).
        QCOMPARE(m_fake->seen[0].target,
                 QByteArray("/cgi-bin/ajax/jsoc_info?op=rs_list&ds=hmi.M_45s%5B2012.01.01_00%3A00%3A34_TAI-2012.01.01_00%3A01%3A19_TAI%5D"
                            "&key=T_REC%2CTELESCOP%2CINSTRUME%2CWAVELNTH%2CCAR_ROT"));
        QCOMPARE(job->result().count, 2);
        QCOMPARE(job->result().keywordValue(QStringLiteral("T_REC"), 1), QStringLiteral("2012.01.01_00:01:30_TAI"));
        const RecordTable taken = job->takeResult();
        QCOMPARE(taken.rowCount(), 2);
        delete job;
    }

    void recordListOptions()
    {
        m_fake->handler = [](const SeenRequest &) {
            return FakeResponse::json(sample("rslist_aia.lev1_euv_12s_304_allkeys_R1.json"));
        };
        RecordListQuery q;
        q.recordSet = QStringLiteral("aia.lev1_euv_12s[2014.01.01_00:00:35_TAI-2014.01.01_00:02:35_TAI][304]");
        q.keys = QStringList{QStringLiteral("**ALL**")};
        q.recInfo = true;
        auto *job = m_client->recordList(q);
        QVERIFY(waitFinished(job));
        QCOMPARE(m_fake->seen[0].target,
                 QByteArray("/cgi-bin/ajax/jsoc_info?op=rs_list&ds=aia.lev1_euv_12s%5B2014.01.01_00%3A00%3A35_TAI-2014.01.01_00%3A02%3A35_TAI%5D%5B304%5D"
                            "&key=%2A%2AALL%2A%2A&R=1"));
        QCOMPARE(job->result().recInfoNames.size(), 11);
        QCOMPARE(int(job->result().keywords.size()), 176);
        delete job;

        m_fake->seen.clear();
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json("{\"count\":0,\"runtime\":0.012,\"status\":0}\n"); };
        RecordListQuery q2;
        q2.recordSet = QStringLiteral("hmi.M_45s[$]");
        q2.segments = QStringList{QStringLiteral("magnetogram")};
        q2.links = QStringList{QStringLiteral("MHARP")};
        q2.limit = -1;
        job = m_client->recordList(q2);
        QVERIFY(waitFinished(job));
        QVERIFY(!job->error().isError());
        QCOMPARE(job->result().rowCount(), 0);
        QCOMPARE(m_fake->seen[0].target,
                 QByteArray("/cgi-bin/ajax/jsoc_info?op=rs_list&ds=hmi.M_45s%5B%24%5D&seg=magnetogram&link=MHARP&n=-1"));
        delete job;

        // Nothing asked → key=**ALL** (like sunpy).
        m_fake->seen.clear();
        RecordListQuery q3;
        q3.recordSet = QStringLiteral("hmi.M_45s[$]");
        job = m_client->recordList(q3);
        QVERIFY(waitFinished(job));
        QVERIFY(m_fake->seen[0].target.endsWith("&key=%2A%2AALL%2A%2A"));
        delete job;
    }

    void recordListBigBodyOffThread()
    {
        // 20,000 records: parsed on the pool; the event loop keeps running meanwhile.
        QByteArray body = "{\"keywords\":[{\"name\":\"*recnum*\",\"values\":[";
        for (int i = 0; i < 20000; ++i)
            body += (i ? "," : "") + QByteArray::number(1000 + i);
        body += "]}],\"segments\":[],\"links\":[],\"count\":20000,\"runtime\":0.5,\"status\":0}\n";
        m_fake->handler = [body](const SeenRequest &) { return FakeResponse::json(body); };
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.M_45s[2012.01.01/10d]");
        q.keys = QStringList{QStringLiteral("*recnum*")};
        auto *job = m_client->recordList(q);
        QVERIFY(waitFinished(job));
        QCOMPARE(job->result().rowCount(), 20000);
        QCOMPARE(job->result().keywords[0].values.value(19999), QStringLiteral("20999"));
        delete job;
    }

    void recordCount()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json("{\n\t\"count\": 4,\n\t\"runtime\": 0.012,\n\t\"status\": 0\n}\n"); };
        auto *job = m_client->recordCount(QStringLiteral("hmi.v_45s[2013.07.03_08:42_TAI/3m]"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->result(), qint64(4));
        QCOMPARE(m_fake->seen[0].target,
                 QByteArray("/cgi-bin/ajax/jsoc_info?op=rs_summary&ds=hmi.v_45s%5B2013.07.03_08%3A42_TAI%2F3m%5D"));
        delete job;
    }

    void checkAddress()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json(sample("checkaddress_registered.json")); };
        auto *job = m_client->checkAddress(QStringLiteral("jsoc@cadair.com"));
        QVERIFY(waitFinished(job));
        QVERIFY(job->result().registered());
        // drms double-encodes the address.
        QCOMPARE(m_fake->seen[0].target, QByteArray("/cgi-bin/ajax/checkAddress.sh?address=jsoc%2540cadair.com&checkonly=1"));
        delete job;
    }

    void pendingRequestExactRequests()
    {
        m_fake->handler = [](const SeenRequest &r) {
            return FakeResponse::json(r.target.contains("operation=cancel")
                                          ? "{\"status\": 103, \"msg\": \"JSOC_20261204_001_IN cancelled\"}"
                                          : "{\"status\": \"102\", \"msg\": \"Request JSOC_20261204_001_IN is pending, started 2026.12.04_10:12:03_UT\"}");
        };
        std::unique_ptr<PendingRequestJob> check(m_client->checkPendingRequest(QStringLiteral(" jsoc+sdo@cadair.com ")));
        QVERIFY(waitFinished(check.get()));
        QVERIFY2(!check->error().isError(), qPrintable(check->error().message));
        QCOMPARE(m_fake->seen[0].target, QByteArray("/cgi-bin/ajax/manage-request.sh?address=jsoc%2Bsdo%40cadair.com&operation=check"));
        QVERIFY(check->result().isPending());
        QCOMPARE(check->result().status, 102);
        QCOMPARE(check->result().requestId, QStringLiteral("JSOC_20261204_001_IN"));
        QCOMPARE(check->result().started, QDateTime(QDate(2026, 12, 4), QTime(10, 12, 3), Qt::UTC));
        QCOMPARE(check->result().blocksUntil(), QDateTime(QDate(2026, 12, 4), QTime(11, 12, 3), Qt::UTC));
        std::unique_ptr<PendingRequestJob> cancel(m_client->cancelPendingRequest(QStringLiteral("jsoc@cadair.com")));
        QVERIFY(waitFinished(cancel.get()));
        QCOMPARE(m_fake->seen[1].target, QByteArray("/cgi-bin/ajax/manage-request.sh?address=jsoc%40cadair.com&operation=cancel"));
        QCOMPARE(cancel->result().answer, PendingRequestCheck::Answer::Cancelled);
        QVERIFY(!cancel->result().started.isValid());
    }

    void requestExportExactRequest()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json(sample("exprequest_pending_hmi_1rec.json")); };
        ExportRequestOptions o;
        o.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]");
        o.notify = QStringLiteral("jsoc@cadair.com");
        o.method = QStringLiteral("url");
        o.protocol = QStringLiteral("fits");
        o.filenameFormat = QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}");
        auto *job = m_client->requestExport(o);
        QVERIFY(waitFinished(job));
        QVERIFY(!job->error().isError());
        QCOMPARE(job->result().status, 2);
        QCOMPARE(job->result().requestId, QStringLiteral("JSOC_20200410_003"));
        QCOMPARE(m_fake->seen[0].target,
                 QByteArray("/cgi-bin/ajax/jsoc_fetch?op=exp_request&format=json"
                            "&ds=hmi.M_45s%5B2012.01.01_01%3A01%3A10_TAI-2012.01.01_01%3A01%3A12_TAI%5D"
                            "&notify=jsoc%40cadair.com&method=url&protocol=fits"
                            "&filenamefmt=hmi.m_45s.%7BT_REC%3AA%7D.%7BCAMERA%7D.%7Bsegment%7D"
                            "&process%3Dn=0&requestor=jsoc"));
        delete job;

        // url_quick + processing + limit.
        m_fake->seen.clear();
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json(sample("exprequest_urlquick_asis_complete.json")); };
        ExportRequestOptions q;
        q.recordSet = QStringLiteral("hmi.M_45s[$]");
        q.notify = QStringLiteral("a.b@example.org");
        q.limit = 3;
        q.processing = QStringLiteral("im_patch,x=-517.2");
        q.requester = QStringLiteral("Ann");
        job = m_client->requestExport(q);
        QVERIFY(waitFinished(job));
        QVERIFY(job->result().isQuick());
        QCOMPARE(m_fake->seen[0].target,
                 QByteArray("/cgi-bin/ajax/jsoc_fetch?op=exp_request&format=json&ds=hmi.M_45s%5B%24%5D"
                            "&notify=a.b%40example.org&method=url_quick&protocol=as-is&process%3Dn=3%7Cim_patch%2Cx%3D-517.2&requestor=Ann"));
        const QList<ExportDownload> urls = exportDownloads(job->result(), m_client->siteRoot());
        QCOMPARE(urls.size(), 1);
        QCOMPARE(urls[0].url, QUrl(m_fake->url().toString() + QStringLiteral("/SUM41/D280342572/S00010/magnetogram.fits")));
        delete job;
    }

    void exportStatus()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json(sample("expstatus_complete_aia193_302files.json")); };
        auto *job = m_client->exportStatus(QStringLiteral("JSOC_20200410_166"));
        QVERIFY(waitFinished(job));
        QVERIFY(job->result().isDone());
        QCOMPARE(job->result().files.size(), 302);
        QCOMPARE(m_fake->seen[0].target, QByteArray("/cgi-bin/ajax/jsoc_fetch?op=exp_status&requestid=JSOC_20200410_166"));
        delete job;

        m_fake->handler = [](const SeenRequest &) {
            return FakeResponse::json("{\"status\":4,\"error\":\"invalid export DRMS record for ID `%s`JSOC_20990101_001\"}\n");
        };
        job = m_client->exportStatus(QStringLiteral("JSOC_20990101_001"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::Jsoc);
        QCOMPARE(job->error().jsocStatus, 4);
        QCOMPARE(job->result().status, 4);
        QVERIFY(job->error().message.contains(QLatin1String("invalid export DRMS record")));
        delete job;
    }

    // --- transport faults -----------------------------------------------------------------
    void http500RetriedThenReported()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::http(500, "Internal Server Error", kApache500); };
        auto *job = m_client->recordCount(QStringLiteral("hmi.M_45s[$]"));
        QSignalSpy retries(job, &JsocJob::retrying);
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::HttpStatus);
        QCOMPARE(job->error().httpStatus, 500);
        QCOMPARE(job->error().message, QStringLiteral("JSOC answered HTTP 500 (Internal Server Error): 500 Internal Server Error"));
        QCOMPARE(job->attempts(), 4);
        QCOMPARE(m_fake->seen.size(), 4);
        QCOMPARE(retries.size(), 3);
        QCOMPARE(retries[0][0].toInt(), 2);  // attempt number
        QCOMPARE(retries[0][1].toInt(), 10); // back-off 10, 20, 40 ms
        QCOMPARE(retries[1][1].toInt(), 20);
        QCOMPARE(retries[2][1].toInt(), 40);
        delete job;
    }

    void http503ThenSuccess()
    {
        int n = 0;
        m_fake->handler = [&n](const SeenRequest &) {
            return n++ == 0 ? FakeResponse::http(503, "Service Unavailable", "<html><title>503 Service Unavailable</title></html>")
                            : FakeResponse::json(sample("rslist_hmi.M_45s_1rec.json"));
        };
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]");
        q.keys = QStringList{QStringLiteral("T_REC")};
        auto *job = m_client->recordList(q);
        QVERIFY(waitFinished(job));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(job->attempts(), 2);
        QCOMPARE(job->result().keywordValue(QStringLiteral("T_REC"), 0), QStringLiteral("2012.01.01_01:01:30_TAI"));
        delete job;
    }

    void exportRequestNeverRetried()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::http(500, "Internal Server Error", kApache500); };
        ExportRequestOptions o;
        o.recordSet = QStringLiteral("hmi.M_45s[$]");
        o.notify = QStringLiteral("a@b.org");
        auto *job = m_client->requestExport(o);
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::HttpStatus);
        QCOMPARE(job->attempts(), 1);
        QCOMPARE(m_fake->seen.size(), 1);
        delete job;
    }

    void http4xxNotRetried()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::http(403, "Forbidden", "<html><title>403 Forbidden</title></html>"); };
        auto *job = m_client->recordCount(QStringLiteral("hmi.M_45s[$]"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::HttpStatus);
        QCOMPARE(job->error().httpStatus, 403);
        QCOMPARE(job->attempts(), 1);
        delete job;
    }

    void timeoutOnStall()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::of(FakeResponse::Action::Stall); };
        m_client->setTransferTimeout(300);
        QElapsedTimer t;
        t.start();
        auto *job = m_client->seriesStructure(QStringLiteral("hmi.m_45s"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::Timeout);
        QVERIFY2(job->error().message.startsWith(QLatin1String("JSOC did not answer within 0.3 s")), qPrintable(job->error().message));
        QCOMPARE(job->attempts(), 1); // a stall is not retried (it would multiply the wait)
        QVERIFY(t.elapsed() >= 250);
        delete job;
    }

    void droppedConnectionRetriedThenNetworkError()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::of(FakeResponse::Action::Drop); };
        auto *job = m_client->seriesStructure(QStringLiteral("hmi.m_45s"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::Network);
        QCOMPARE(job->attempts(), 4);
        QVERIFY(m_fake->seen.size() >= 4); // Qt itself may resend once on a closed keep-alive socket
        delete job;
    }

    void droppedOnceThenSuccess()
    {
        int n = 0;
        m_fake->handler = [&n](const SeenRequest &) {
            return n++ == 0 ? FakeResponse::of(FakeResponse::Action::Partial) : FakeResponse::json(sample("seriesstruct_hmi.v_45s.json"));
        };
        auto *job = m_client->seriesStructure(QStringLiteral("hmi.v_45s"));
        QVERIFY(waitFinished(job));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(job->result().keywords.size(), 91);
        QVERIFY(job->attempts() >= 2);
        delete job;
    }

    void malformedJsonNotRetried()
    {
        const QByteArray cut = sample("rslist_hmi.M_45s_2rec.json").left(150);
        m_fake->handler = [cut](const SeenRequest &) { return FakeResponse::json(cut); };
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.M_45s[$]");
        auto *job = m_client->recordList(q);
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::BadResponse);
        QCOMPARE(job->attempts(), 1);
        delete job;
    }

    void htmlWith200()
    {
        m_fake->handler = [](const SeenRequest &) {
            FakeResponse r = FakeResponse::json("<html><head><title>JSOC is down for maintenance</title></head></html>\n");
            r.contentType = "text/html";
            return r;
        };
        auto *job = m_client->seriesStructure(QStringLiteral("hmi.m_45s"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::BadResponse);
        QCOMPARE(job->error().message, QStringLiteral("JSOC sent an HTML page instead of JSON: JSOC is down for maintenance"));
        delete job;
    }

    void cancelWhileStalled()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::of(FakeResponse::Action::Stall); };
        auto *job = m_client->seriesList();
        QSignalSpy finished(job, &JsocJob::finished);
        QTRY_COMPARE(m_fake->seen.size(), 1);
        job->cancel();
        QVERIFY(finished.wait(2000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(job->error().kind, Kind::Cancelled);
        job->cancel(); // no-op once finished
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(m_fake->seen.size(), 1); // not retried
        delete job;
    }

    void cancelDuringRetryBackoff()
    {
        RetryPolicy slow;
        slow.initialDelayMs = 5000;
        m_client->setRetryPolicy(slow);
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::http(503, "Service Unavailable", ""); };
        auto *job = m_client->recordCount(QStringLiteral("hmi.M_45s[$]"));
        QSignalSpy retrying(job, &JsocJob::retrying);
        QVERIFY(retrying.wait(5000));
        job->cancel();
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::Cancelled);
        QTest::qWait(100);
        QCOMPARE(m_fake->seen.size(), 1);
        delete job;
    }

    void deleteRunningJob()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::of(FakeResponse::Action::Stall); };
        QPointer<RecordCountJob> job = m_client->recordCount(QStringLiteral("hmi.M_45s[$]"));
        QTRY_COMPARE(m_fake->seen.size(), 1);
        delete job.data();
        QTest::qWait(50); // nothing may fire into the deleted job
        QVERIFY(job.isNull());
    }

    void clientDestroyedWithRunningJob()
    {
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::of(FakeResponse::Action::Stall); };
        QPointer<RecordCountJob> job = m_client->recordCount(QStringLiteral("hmi.M_45s[$]"));
        QTRY_COMPARE(m_fake->seen.size(), 1);
        m_client.reset();
        QVERIFY(job.isNull()); // jobs die with their client
    }

    void connectionRefused()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        JsocClient c(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        RetryPolicy p;
        p.maxRetries = 1;
        p.initialDelayMs = 5;
        c.setRetryPolicy(p);
        auto *job = c.seriesStructure(QStringLiteral("hmi.m_45s"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::Network);
        QCOMPARE(job->error().message, QStringLiteral("Could not connect to JSOC at 127.0.0.1:%1 (connection refused)").arg(port));
        QCOMPARE(job->attempts(), 2);
        delete job;
    }

    void tlsFailureIsReported()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        JsocClient c(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_fake->port())));
        c.setRetryPolicy(RetryPolicy{0, 0, 1.0});
        auto *job = c.seriesStructure(QStringLiteral("hmi.m_45s"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::Tls);
        QVERIFY2(job->error().message.startsWith(QLatin1String("Secure connection to 127.0.0.1")), qPrintable(job->error().message));
        QCOMPARE(job->attempts(), 1);
        delete job;
    }

    void redirectFollowed()
    {
        m_fake->handler = [](const SeenRequest &r) {
            if (r.target.startsWith("/cgi-bin/ajax/"))  {
                FakeResponse moved = FakeResponse::http(302, "Found", "");
                moved.extraHeaders = {{"Location", "/new" + r.target}};
                return moved;
            }
            return FakeResponse::json("{\"count\":7,\"status\":0}\n");
        };
        auto *job = m_client->recordCount(QStringLiteral("hmi.M_45s[$]"));
        QVERIFY(waitFinished(job));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(job->result(), qint64(7));
        QCOMPARE(m_fake->seen.size(), 2);
        QVERIFY(m_fake->seen[1].target.startsWith("/new/cgi-bin/ajax/jsoc_info?op=rs_summary"));
        delete job;
    }

    void redirectLoopNotRetried()
    {
        m_fake->handler = [](const SeenRequest &r) {
            FakeResponse moved = FakeResponse::http(302, "Found", "");
            moved.extraHeaders = {{"Location", r.target}}; // to itself, forever
            return moved;
        };
        auto *job = m_client->recordCount(QStringLiteral("hmi.M_45s[$]"));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->error().kind, Kind::Network);
        QVERIFY2(job->error().message.startsWith(QLatin1String("JSOC redirect refused")), qPrintable(job->error().message));
        QCOMPARE(job->attempts(), 1);
        // The request + 5 allowed redirects; Qt may resend a hop or two on its own when the fake
        // closes the connection. One retry by the client would at least double it (>= 12).
        QVERIFY2(m_fake->seen.size() >= 6 && m_fake->seen.size() <= 10, qPrintable(QString::number(m_fake->seen.size())));
        delete job;
    }

    void systemProxyHonoured()
    {
        // The fake plays an HTTP proxy: the request for a name that is never resolved arrives here
        // in absolute form. Nothing leaves the loopback interface.
        const QByteArray oldProxy = qgetenv("http_proxy");
        qputenv("http_proxy", m_fake->url().toString().toLatin1());
        m_fake->handler = [](const SeenRequest &) { return FakeResponse::json("{\"count\":1,\"status\":0}\n"); };
        JsocClient c(QUrl(QStringLiteral("http://jsoc.example.invalid")));
        auto *job = c.recordCount(QStringLiteral("hmi.M_45s[$]"));
        const bool done = waitFinished(job);
        if (oldProxy.isNull())
            qunsetenv("http_proxy");
        else
            qputenv("http_proxy", oldProxy);
        QVERIFY(done);
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(m_fake->seen.size(), 1);
        QCOMPARE(m_fake->seen[0].target,
                 QByteArray("http://jsoc.example.invalid/cgi-bin/ajax/jsoc_info?op=rs_summary&ds=hmi.M_45s%5B%24%5D"));
        delete job;
    }

    void latin1BodyOverTheWire()
    {
        m_fake->handler = [](const SeenRequest &) {
            return FakeResponse::json("{\"keywords\":[{\"name\":\"OBSERVER\",\"values\":[\"Jos\xe9\"]}],\"segments\":[],\"links\":[],"
                                      "\"count\":1,\"runtime\":0.01,\"status\":0}\n");
        };
        RecordListQuery q;
        q.recordSet = QStringLiteral("x.y[$]");
        q.keys = QStringList{QStringLiteral("OBSERVER")};
        auto *job = m_client->recordList(q);
        QVERIFY(waitFinished(job));
        QCOMPARE(job->result().keywordValue(QStringLiteral("OBSERVER"), 0), QStringLiteral("Jos\u00e9"));
        delete job;
    }
};

// ------------------------------------------------------------------------------------------
// Against the JSOC simulator.
class TestJsocClientSim final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<JsocClient> m_client;
    QNetworkAccessManager m_nam;

    QByteArray download(const QUrl &url)
    {
        QNetworkReply *reply = m_nam.get(QNetworkRequest(url));
        QSignalSpy spy(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            spy.wait(20000);
        const QByteArray bytes = reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
        reply->deleteLater();
        return bytes;
    }

    ExportStatus pollUntilDone(const QString &id)
    {
        ExportStatus last;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000) {
            std::unique_ptr<ExportJob> job(m_client->exportStatus(id));
            if (!waitFinished(job.get()))
                break;
            last = job->result();
            if (job->error().isError() || !last.isPending())
                break;
            QTest::qWait(100); // poll on our own timer (quirk 11)
        }
        return last;
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<sim::JsocSimulator>();
        QVERIFY(m_sim->listen());
        QVERIFY(m_sim->registerAddress(QStringLiteral("someone@example.org")));
        m_client = std::make_unique<JsocClient>(m_sim->url());
        RetryPolicy p;
        p.initialDelayMs = 10;
        m_client->setRetryPolicy(p);
    }

    void cleanup()
    {
        m_client.reset();
        m_sim.reset();
    }

    void seriesList()
    {
        std::unique_ptr<SeriesListJob> job(m_client->seriesList());
        QVERIFY(waitFinished(job.get(), 30000));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(job->result().size(), m_sim->seriesCount());
        QVERIFY(job->result().size() > 1000);
        bool found = false;
        for (const SeriesSummary &s : job->result())
            if (s.name.compare(QLatin1String("hmi.M_45s"), Qt::CaseInsensitive) == 0)
                found = s.description == QLatin1String("magnetograms with a cadence of 45 seconds.");
        QVERIFY(found);

        std::unique_ptr<SeriesListJob> filtered(m_client->seriesList(QStringLiteral("^hmi\\.m_45s$")));
        QVERIFY(waitFinished(filtered.get()));
        QVERIFY2(!filtered->error().isError(), qPrintable(filtered->error().message));
        QCOMPARE(filtered->result().size(), 1);
        QCOMPARE(filtered->result()[0].name.toLower(), QStringLiteral("hmi.m_45s"));
    }

    void seriesStructure()
    {
        std::unique_ptr<SeriesStructureJob> job(m_client->seriesStructure(QStringLiteral("hmi.M_45s")));
        QVERIFY(waitFinished(job.get()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        const SeriesStructure &s = job->result();
        QCOMPARE(s.name, QStringLiteral("hmi.M_45s"));
        QCOMPARE(s.primeKeys, QStringList({"T_REC", "CAMERA"}));
        QVERIFY(s.keyword(QStringLiteral("T_REC")));
        QCOMPARE(s.primeKeysInfo[0].stepSeconds().value_or(-1), 45.0);
        QVERIFY(!s.interval.isEmpty());
        QVERIFY(s.segment(QStringLiteral("magnetogram")));

        std::unique_ptr<SeriesStructureJob> missing(m_client->seriesStructure(QStringLiteral("hmi.nosuch_72s")));
        QVERIFY(waitFinished(missing.get()));
        QCOMPARE(missing->error().kind, Kind::Jsoc);
        QVERIFY2(missing->error().message.startsWith(QLatin1String("JSOC: ")), qPrintable(missing->error().message));
        QVERIFY2(missing->error().message.contains(QLatin1String("hmi.nosuch_72s")), qPrintable(missing->error().message));
    }

    void countAndList()
    {
        const QString ds = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1h]");
        std::unique_ptr<RecordCountJob> count(m_client->recordCount(ds));
        QVERIFY(waitFinished(count.get()));
        QVERIFY2(!count->error().isError(), qPrintable(count->error().message));
        QCOMPARE(count->result(), qint64(80)); // one record per 45 s slot

        RecordListQuery q;
        q.recordSet = ds;
        q.keys = QStringList{"T_REC", "*recnum*"};
        q.segments = QStringList{"magnetogram"};
        q.recInfo = true;
        std::unique_ptr<RecordListJob> list(m_client->recordList(q));
        QVERIFY(waitFinished(list.get()));
        QVERIFY2(!list->error().isError(), qPrintable(list->error().message));
        const RecordTable &t = list->result();
        QCOMPARE(t.count, 80);
        QCOMPARE(t.rowCount(), 80);
        QCOMPARE(t.keywordValue(QStringLiteral("T_REC"), 0), QStringLiteral("2012.01.01_00:00:00_TAI"));
        QCOMPARE(t.keywordValue(QStringLiteral("T_REC"), 79), QStringLiteral("2012.01.01_00:59:15_TAI"));
        bool ok = false;
        t.keywordValue(QStringLiteral("*recnum*"), 0).toLongLong(&ok);
        QVERIFY(ok);
        QCOMPARE(t.segments.size(), size_t(1));
        QVERIFY(t.segments[0].values.value(0).startsWith(QLatin1String("/SUM")));
        QCOMPARE(t.recInfoNames.size(), 80);

        q.limit = -1;
        std::unique_ptr<RecordListJob> last(m_client->recordList(q));
        QVERIFY(waitFinished(last.get()));
        QCOMPARE(last->result().rowCount(), 1);
        QCOMPARE(last->result().keywordValue(QStringLiteral("T_REC"), 0), QStringLiteral("2012.01.01_00:59:15_TAI"));

        RecordListQuery bad;
        bad.recordSet = QStringLiteral("hmi.M_45s[2012.01.01");
        bad.keys = QStringList{"T_REC"};
        std::unique_ptr<RecordListJob> badJob(m_client->recordList(bad));
        QVERIFY(waitFinished(badJob.get()));
        QCOMPARE(badJob->error().kind, Kind::Jsoc);
    }

    void checkAddress()
    {
        std::unique_ptr<AddressCheckJob> ok(m_client->checkAddress(QStringLiteral("someone@example.org")));
        QVERIFY(waitFinished(ok.get()));
        QVERIFY2(!ok->error().isError(), qPrintable(ok->error().message));
        QVERIFY(ok->result().registered());
        std::unique_ptr<AddressCheckJob> unknown(m_client->checkAddress(QStringLiteral("unknown@example.org")));
        QVERIFY(waitFinished(unknown.get()));
        QCOMPARE(unknown->result().status, 4);
        QVERIFY(!unknown->result().registered());
    }

    void quickExportAndDownload()
    {
        ExportRequestOptions o;
        o.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]");
        o.notify = QStringLiteral("someone@example.org");
        std::unique_ptr<ExportJob> job(m_client->requestExport(o));
        QVERIFY(waitFinished(job.get()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        const ExportStatus &s = job->result();
        QVERIFY(s.isQuick());
        QCOMPARE(s.files.size(), 1);
        QCOMPARE(s.files[0].record, QStringLiteral("hmi.M_45s[2012.01.01_01:01:30_TAI][2]{magnetogram}"));
        const QList<ExportDownload> urls = exportDownloads(s, m_client->siteRoot());
        QCOMPARE(urls.size(), 1);
        const QByteArray fits = download(urls[0].url);
        QVERIFY2(fits.startsWith("SIMPLE  ="), fits.left(40).constData());
        QCOMPARE(fits.size() % 2880, 0);
    }

    void queuedExportPolledToCompletion()
    {
        if (sim::ExportDesk *desk = m_sim->exportDesk()) {
            desk->options().queuedMs = 100;
            desk->options().processingMs = 100;
        }
        ExportRequestOptions o;
        o.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]");
        o.notify = QStringLiteral("someone@example.org");
        o.method = QStringLiteral("url");
        o.protocol = QStringLiteral("fits");
        o.filenameFormat = QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}");
        std::unique_ptr<ExportJob> job(m_client->requestExport(o));
        QVERIFY(waitFinished(job.get()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(job->result().status, 2);
        QVERIFY(job->result().requestId.startsWith(QLatin1String("JSOC_")));
        QCOMPARE(job->result().rcount, 2);

        const ExportStatus done = pollUntilDone(job->result().requestId);
        QVERIFY2(done.isDone(), qPrintable(QStringLiteral("status %1 %2").arg(done.status).arg(done.error)));
        QVERIFY(!done.dir.isEmpty());
        QCOMPARE(done.files.size(), 2);
        QCOMPARE(done.files[0].filename, QStringLiteral("hmi.m_45s.20120101_000045_TAI.2.magnetogram.fits"));
        const QList<ExportDownload> urls = exportDownloads(done, m_client->siteRoot());
        QCOMPARE(urls.size(), 2);
        QVERIFY(download(urls[1].url).startsWith("SIMPLE  ="));

        std::unique_ptr<ExportJob> unknown(m_client->exportStatus(QStringLiteral("JSOC_20990101_999")));
        QVERIFY(waitFinished(unknown.get()));
        QCOMPARE(unknown->error().kind, Kind::Jsoc);
        QCOMPARE(unknown->error().jsocStatus, 4);
    }

    // manage-request.sh end to end: the check names the request exp_request queued, cancel ends it
    // (exp_status 4) and frees the address for the next exp_request.
    void pendingRequestCheckAndCancel()
    {
        sim::ExportDesk *desk = m_sim->exportDesk();
        QVERIFY(desk);
        desk->options().queuedMs = 600000;
        const QString email = QStringLiteral("someone@example.org");
        std::unique_ptr<PendingRequestJob> none(m_client->checkPendingRequest(email));
        QVERIFY(waitFinished(none.get()));
        QVERIFY2(!none->error().isError(), qPrintable(none->error().message));
        QCOMPARE(none->result().answer, PendingRequestCheck::Answer::NoPending);
        QCOMPARE(none->result().status, 1);
        QCOMPARE(none->result().message, QStringLiteral("No pending export request for someone@example.org."));

        ExportRequestOptions o;
        o.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]");
        o.notify = email;
        o.method = QStringLiteral("url");
        o.protocol = QStringLiteral("fits");
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        std::unique_ptr<ExportJob> first(m_client->requestExport(o));
        QVERIFY(waitFinished(first.get()));
        QCOMPARE(first->result().status, 2);
        const QString id = first->result().requestId;

        std::unique_ptr<PendingRequestJob> pending(m_client->checkPendingRequest(email));
        QVERIFY(waitFinished(pending.get()));
        QVERIFY(pending->result().isPending());
        QCOMPARE(pending->result().requestId, id);
        QVERIFY2(pending->result().started >= before && pending->result().started <= QDateTime::currentDateTimeUtc(),
                 qPrintable(pending->result().message));

        o.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]");
        std::unique_ptr<ExportJob> blocked(m_client->requestExport(o));
        QVERIFY(waitFinished(blocked.get()));
        QCOMPARE(blocked->error().jsocStatus, 7);

        std::unique_ptr<PendingRequestJob> cancel(m_client->cancelPendingRequest(email));
        QVERIFY(waitFinished(cancel.get()));
        QVERIFY2(!cancel->error().isError(), qPrintable(cancel->error().message));
        QCOMPARE(cancel->result().answer, PendingRequestCheck::Answer::Cancelled);
        QCOMPARE(cancel->result().requestId, id);
        QCOMPARE(cancel->result().started, pending->result().started);

        std::unique_ptr<ExportJob> status(m_client->exportStatus(id));
        QVERIFY(waitFinished(status.get()));
        QCOMPARE(status->error().jsocStatus, 4);
        QVERIFY2(status->error().message.contains(QLatin1String("cancelled by the user")), qPrintable(status->error().message));

        std::unique_ptr<ExportJob> next(m_client->requestExport(o));
        QVERIFY(waitFinished(next.get()));
        QVERIFY2(!next->error().isError(), qPrintable(next->error().message));
        QCOMPARE(next->result().status, 2);

        // An answer outside the three is shown in JSOC's words, not turned into an error.
        std::unique_ptr<PendingRequestJob> bad(m_client->checkPendingRequest(QStringLiteral("not an address")));
        QVERIFY(waitFinished(bad.get()));
        QVERIFY(!bad->error().isError());
        QCOMPARE(bad->result().answer, PendingRequestCheck::Answer::Unknown);
        QCOMPARE(bad->result().status, -2);
        QCOMPARE(bad->result().message, QStringLiteral("'not an address' is not a valid email address."));
    }

    // A check is retried after a 5xx; a cancel never is (it may have reached JSOC).
    void cancelIsNeverRetried()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::Http500;
        f.pathContains = QStringLiteral("manage-request.sh");
        f.times = -1;
        m_sim->addFault(f);
        std::unique_ptr<PendingRequestJob> cancel(m_client->cancelPendingRequest(QStringLiteral("someone@example.org")));
        QVERIFY(waitFinished(cancel.get()));
        QCOMPARE(cancel->error().kind, Kind::HttpStatus);
        QCOMPARE(cancel->attempts(), 1);
        QCOMPARE(m_sim->requestCount(QStringLiteral("operation=cancel")), 1);
        std::unique_ptr<PendingRequestJob> check(m_client->checkPendingRequest(QStringLiteral("someone@example.org")));
        QVERIFY(waitFinished(check.get()));
        QCOMPARE(check->error().kind, Kind::HttpStatus);
        QCOMPARE(check->attempts(), 4);

        m_sim->clearFaults();
        sim::Fault cut;
        cut.kind = sim::Fault::Kind::MalformedJson;
        cut.pathContains = QStringLiteral("manage-request.sh");
        cut.times = -1;
        m_sim->addFault(cut);
        std::unique_ptr<PendingRequestJob> broken(m_client->checkPendingRequest(QStringLiteral("someone@example.org")));
        QVERIFY(waitFinished(broken.get()));
        QCOMPARE(broken->error().kind, Kind::BadResponse);
        QVERIFY(!broken->error().message.isEmpty());
    }

    // --- faults injected by the simulator -------------------------------------------------
    void retryAfter500()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::Http500;
        f.pathContains = QStringLiteral("jsoc_info");
        f.times = 2;
        m_sim->addFault(f);
        std::unique_ptr<SeriesStructureJob> job(m_client->seriesStructure(QStringLiteral("hmi.m_45s")));
        QVERIFY(waitFinished(job.get()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(job->attempts(), 3);
        QCOMPARE(m_sim->requestCount(QStringLiteral("jsoc_info")), 3);
    }

    void persistent503Reported()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::Http503;
        f.times = -1;
        m_sim->addFault(f);
        std::unique_ptr<RecordCountJob> job(m_client->recordCount(QStringLiteral("hmi.M_45s[$]")));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error().kind, Kind::HttpStatus);
        QCOMPARE(job->error().httpStatus, 503);
        QVERIFY2(job->error().message.startsWith(QLatin1String("JSOC answered HTTP 503")), qPrintable(job->error().message));
        QCOMPARE(job->attempts(), 4);
        QCOMPARE(m_sim->requestCount(QStringLiteral("rs_summary")), 4);
    }

    void stallTimesOut()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::Stall;
        f.value = 0;
        f.times = -1;
        m_sim->addFault(f);
        m_client->setTransferTimeout(400);
        std::unique_ptr<SeriesStructureJob> job(m_client->seriesStructure(QStringLiteral("hmi.m_45s")));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error().kind, Kind::Timeout);
        QCOMPARE(job->attempts(), 1);
    }

    void stallMidBodyTimesOut()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::Stall;
        f.value = -1; // header + half the body, then silence
        f.times = -1;
        m_sim->addFault(f);
        m_client->setTransferTimeout(400);
        std::unique_ptr<SeriesStructureJob> job(m_client->seriesStructure(QStringLiteral("hmi.m_45s")));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error().kind, Kind::Timeout);
    }

    void droppedConnectionRetried()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::DropAfterBytes;
        f.value = 40;
        f.pathContains = QStringLiteral("rs_list");
        f.times = 1;
        m_sim->addFault(f);
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/9m]");
        q.keys = QStringList{"T_REC"};
        std::unique_ptr<RecordListJob> job(m_client->recordList(q));
        QVERIFY(waitFinished(job.get()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QVERIFY(job->attempts() >= 2);
        QCOMPARE(job->result().rowCount(), 12); // 540 s = 12 slots of 45 s
        // Qt itself resends once, unseen by the job, when a reused keep-alive connection is cut
        // before a usable reply: the server may count one request more than our attempts.
        const int served = m_sim->requestCount(QStringLiteral("rs_list"));
        QVERIFY2(served == job->attempts() || served == job->attempts() + 1,
                 qPrintable(QStringLiteral("%1 requests served for %2 attempts").arg(served).arg(job->attempts())));
    }

    void droppedConnectionExhausted()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::DropAfterBytes;
        f.value = 10;
        f.times = -1;
        m_sim->addFault(f);
        std::unique_ptr<AddressCheckJob> job(m_client->checkAddress(QStringLiteral("someone@example.org")));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error().kind, Kind::Network);
        QCOMPARE(job->attempts(), 4);
    }

    void malformedJson()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::MalformedJson;
        f.value = 0;
        f.pathContains = QStringLiteral("rs_list");
        f.times = -1;
        m_sim->addFault(f);
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/10m]");
        q.keys = QStringList{"T_REC", "CAMERA"};
        std::unique_ptr<RecordListJob> job(m_client->recordList(q));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error().kind, Kind::BadResponse);
        QCOMPARE(job->attempts(), 1);
    }

    void cancelDuringLatency()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::Latency;
        f.value = 5000;
        f.times = -1;
        m_sim->addFault(f);
        std::unique_ptr<SeriesListJob> job(m_client->seriesList());
        QSignalSpy finished(job.get(), &JsocJob::finished);
        QTRY_COMPARE(m_sim->requestCount(), 1);
        QElapsedTimer t;
        t.start();
        job->cancel();
        QVERIFY(finished.wait(2000));
        QVERIFY(t.elapsed() < 2000);
        QCOMPARE(job->error().kind, Kind::Cancelled);
        QCOMPARE(m_sim->requestCount(), 1);
    }
};

// Hostile answers written byte by byte (tests/support/ScriptedHttpServer.h): endless and
// oversized bodies, slow drips, rows beyond the `n` asked for, out-of-range counts.
class TestJsocClientHostile final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<testsupport::ScriptedHttpServer> m_server;
    std::unique_ptr<JsocClient> m_client;

    void serveJson(const QByteArray &body)
    {
        m_server->setHandler([body](const testsupport::ScriptedHttpServer::Request &, testsupport::ScriptedHttpServer::Reply &r) {
            r.sendHead(200, {{"Content-Type", "application/json"}, {"Content-Length", QByteArray::number(body.size())}});
            r.send(body);
            r.close();
        });
    }

    static QByteArray rsList(int rows)
    {
        QByteArray values;
        for (int i = 0; i < rows; ++i)
            values += (i ? ",\"" : "\"") + QByteArray::number(i) + '"';
        return "{\"keywords\":[{\"name\":\"T_REC\",\"values\":[" + values + "]}],\"segments\":[],\"links\":[],\"count\":"
            + QByteArray::number(rows) + ",\"runtime\":0.01,\"status\":0}\n";
    }

private slots:
    void init()
    {
        m_server = std::make_unique<testsupport::ScriptedHttpServer>();
        QVERIFY(m_server->listen());
        m_client = std::make_unique<JsocClient>(m_server->url());
        RetryPolicy p;
        p.maxRetries = 0;
        m_client->setRetryPolicy(p);
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    // Issue 11: an endless reply used to grow until memory ran out (5 GB in 27 s).
    void endlessCountReplyIsCapped()
    {
        m_server->setHandler([](const testsupport::ScriptedHttpServer::Request &, testsupport::ScriptedHttpServer::Reply &r) {
            r.sendHead(200, {{"Content-Type", "application/json"}, {"Connection", "close"}});
            r.send("{\"count\":\"");
            r.stream(-1, '1');
        });
        std::unique_ptr<RecordCountJob> job(m_client->recordCount(QStringLiteral("hmi.m_45s[$]")));
        QVERIFY(waitFinished(job.get(), 20000));
        QCOMPARE(job->error().kind, Kind::BadResponse);
        QCOMPARE(job->error().message, QStringLiteral("JSOC's reply exceeded 1.0 MB, far more than a record count can take; stopped reading"));
        // Stopped as the cap was passed: what the server got out is the cap plus socket buffers.
        QVERIFY2(m_server->bytesServed() < 64 * 1024 * 1024, qPrintable(QString::number(m_server->bytesServed())));
    }

    void declaredLengthOverTheCapIsRefusedUpFront()
    {
        m_server->setHandler([](const testsupport::ScriptedHttpServer::Request &, testsupport::ScriptedHttpServer::Reply &r) {
            r.sendHead(200, {{"Content-Type", "application/json"}, {"Content-Length", "5000000000"}});
            r.stream(-1, ' ');
        });
        std::unique_ptr<AddressCheckJob> job(m_client->checkAddress(QStringLiteral("a@b.org")));
        QVERIFY(waitFinished(job.get(), 20000));
        QCOMPARE(job->error().kind, Kind::BadResponse);
        QVERIFY2(job->error().message.contains(QLatin1String("far more than an address check can take")), qPrintable(job->error().message));
    }

    // --limit 5 against a server that ignores n and streams forever: stopped at the byte budget.
    void endlessRecordListForFiveRecordsIsCapped()
    {
        m_server->setHandler([](const testsupport::ScriptedHttpServer::Request &, testsupport::ScriptedHttpServer::Reply &r) {
            r.sendHead(200, {{"Content-Type", "application/json"}, {"Connection", "close"}});
            r.send("{\"keywords\":[{\"name\":\"T_REC\",\"values\":[\"");
            r.stream(-1, 'x');
        });
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.m_45s[$]");
        q.keys = {QStringLiteral("T_REC")};
        q.limit = 5;
        const qint64 cap = JsocClient::recordListCap(q);
        QVERIFY(cap >= 16 * 1024 * 1024 && cap < 64 * 1024 * 1024);
        std::unique_ptr<RecordListJob> job(m_client->recordList(q));
        QVERIFY(waitFinished(job.get(), 30000));
        QCOMPARE(job->error().kind, Kind::BadResponse);
        QCOMPARE(job->error().message, QStringLiteral("JSOC's reply exceeded %1, far more than 5 records can take; stopped reading")
                                           .arg(jsoc::format::bytes(cap)));
        QVERIFY2(m_server->bytesServed() < cap + 32 * 1024 * 1024, qPrintable(QString::number(m_server->bytesServed())));
    }

    // The client enforces its own n: a complete, well-formed reply with more rows is refused.
    void moreRowsThanAskedIsAnError()
    {
        serveJson(rsList(7));
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.m_45s[$]");
        q.keys = {QStringLiteral("T_REC")};
        q.limit = -5;
        std::unique_ptr<RecordListJob> job(m_client->recordList(q));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error().kind, Kind::BadResponse);
        QCOMPARE(job->error().message, QStringLiteral("JSOC sent 7 records although only 5 were asked for (n=-5); the reply was not used"));
        QCOMPARE(job->result().rowCount(), 0);

        serveJson(rsList(5)); // exactly n: fine
        std::unique_ptr<RecordListJob> ok(m_client->recordList(q));
        QVERIFY(waitFinished(ok.get()));
        QVERIFY2(!ok->error().isError(), qPrintable(ok->error().message));
        QCOMPARE(ok->result().rowCount(), 5);
    }

    // A slow drip used to hold a request forever (each byte resets the inactivity timeout).
    void slowDripEndsAtTheDeadline()
    {
        m_server->setHandler([](const testsupport::ScriptedHttpServer::Request &, testsupport::ScriptedHttpServer::Reply &r) {
            r.sendHead(200, {{"Content-Type", "application/json"}, {"Connection", "close"}});
            r.drip("{", 100);
        });
        m_client->setDeadline(RequestKind::RecordCount, 1500);
        m_client->setDeadlineHint(QStringLiteral("Use --deadline to wait longer."));
        QElapsedTimer t;
        t.start();
        std::unique_ptr<RecordCountJob> job(m_client->recordCount(QStringLiteral("hmi.m_45s[$]")));
        QVERIFY(waitFinished(job.get(), 20000));
        QCOMPARE(job->error().kind, Kind::Timeout);
        const QString message = job->error().message;
        QVERIFY2(message.startsWith(QLatin1String("JSOC sent only ")) && message.endsWith(QLatin1String(" bytes in 1.5 s; gave up. Use --deadline to wait longer.")),
                 qPrintable(message));
        QVERIFY(t.elapsed() >= 1400 && t.elapsed() < 10000);
        QCOMPARE(m_client->deadline(RequestKind::SeriesList), 180000); // other kinds keep their own
    }

    void silentServerEndsAtTheDeadline()
    {
        m_server->setHandler([](const testsupport::ScriptedHttpServer::Request &, testsupport::ScriptedHttpServer::Reply &) {});
        m_client->setDeadline(RequestKind::SeriesStructure, 300);
        std::unique_ptr<SeriesStructureJob> job(m_client->seriesStructure(QStringLiteral("hmi.m_45s")));
        QVERIFY(waitFinished(job.get(), 20000));
        QCOMPARE(job->error().kind, Kind::Timeout);
        QCOMPARE(job->error().message, QStringLiteral("JSOC sent nothing in 0.3 s; gave up."));
    }

    // Counts that used to print as -9223372036854775808, 1 or -5.
    void countsOutOfRangeAreErrors_data()
    {
        QTest::addColumn<QByteArray>("count");
        QTest::addColumn<QString>("shown");
        QTest::newRow("2^63-1") << QByteArray("9223372036854775807") << QStringLiteral("9223372036854775807");
        QTest::newRow("2^64 as string") << QByteArray("\"18446744073709551616\"") << QStringLiteral("18446744073709551616");
        QTest::newRow("negative") << QByteArray("-5") << QStringLiteral("-5");
    }

    void countsOutOfRangeAreErrors()
    {
        QFETCH(QByteArray, count);
        QFETCH(QString, shown);
        serveJson("{\"count\":" + count + ",\"runtime\":0.01,\"status\":0}\n");
        std::unique_ptr<RecordCountJob> job(m_client->recordCount(QStringLiteral("hmi.m_45s[$]")));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error().kind, Kind::BadResponse);
        QCOMPARE(job->error().message, QStringLiteral("JSOC's reply has count %1, which is not a valid count").arg(shown));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        TestJsocClient fake;
        status |= QTest::qExec(&fake, argc, argv);
    }
    {
        TestJsocClientSim simulated;
        status |= QTest::qExec(&simulated, argc, argv);
    }
    {
        TestJsocClientHostile hostile;
        status |= QTest::qExec(&hostile, argc, argv);
    }
    return status;
}
#include "tst_jsocclient.moc"
