// "Copy as code": the drms snippet is RUN with /usr/bin/python3 (Debian's python3-drms) against
// the loopback simulator and must print the record count JsocClient gets; the jsoc_info URL must
// equal JsocClient::recordList's and, fetched, return the same records; the sunpy snippet is
// checked for its attrs, parsed as Python, and RUN with Debian's python3-sunpy against the
// simulator (registered as drms's "jsoc" server, which sunpy's JSOCClient uses): it must find the
// records JsocClient finds.
#include "model/drms/CodeSnippets.h"
#include "network/JsocClient.h"
#include "network/replies/JsocParsers.h"
#include "sim/JsocSimulator.h"
#include "ui/CodeSnippetDialog.h"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace jsoc;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

SeriesStructure structureOf(const QString &name)
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(name));
    SeriesStructure s;
    if (parse::seriesStructure(f.readAll(), s).isError())
        qFatal("bad series_struct sample %s", qPrintable(name));
    return s;
}

struct PythonRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a script with the event loop spinning, so an in-process simulator can answer it.
PythonRun runPython(const QString &script, const QStringList &args = {})
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("snippet.py"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(script.toUtf8());
    f.close();
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *proxy : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        env.remove(QString::fromLatin1(proxy));
    env.insert(QStringLiteral("no_proxy"), QStringLiteral("*"));
    env.insert(QStringLiteral("PYTHONIOENCODING"), QStringLiteral("utf-8"));
    p.setProcessEnvironment(env);
    QSignalSpy done(&p, &QProcess::finished);
    p.start(kPython, QStringList{path} + args);
    PythonRun run;
    if (!p.waitForStarted(10000) || !done.wait(90000)) {
        p.kill();
        p.waitForFinished(5000);
        run.err = "python did not finish";
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

RecordListQuery queryOf(const CodeSnippetInput &in)
{
    RecordListQuery q;
    q.recordSet = in.recordSet;
    q.keys = in.keys;
    q.segments = in.segments;
    q.links = in.links;
    q.limit = in.limit;
    q.recInfo = in.recInfo;
    return q;
}

} // namespace

class TestCodeSnippets : public QObject
{
    Q_OBJECT

private:
    sim::JsocSimulator *m_sim = nullptr;
    JsocClient *m_client = nullptr;

    RecordTable clientRecords(const CodeSnippetInput &in, QUrl *url = nullptr)
    {
        RecordListJob *job = m_client->recordList(queryOf(in));
        QSignalSpy done(job, &JsocJob::finished);
        if (!done.wait(15000))
            qFatal("recordList did not finish");
        if (job->error().isError())
            qFatal("recordList failed: %s", qPrintable(job->error().message));
        if (url)
            *url = job->url();
        RecordTable t = job->takeResult();
        delete job;
        return t;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(kPython));
        m_sim = new sim::JsocSimulator(this);
        QVERIFY(m_sim->listen());
        m_client = new JsocClient(m_sim->url(), this);
    }

    void pythonStringLiterals()
    {
        const QStringList texts = {
            QStringLiteral("hmi.M_45s[2014.01.01_TAI/1d@1h]"),
            QStringLiteral("aia[? INSTRUME='FUV' ?]"),
            QStringLiteral("both ' and \" quotes"),
            QStringLiteral("back\\slash and \\n literal"),
            QStringLiteral("line\nbreak\ttab\rcr\x01"),
            QString::fromUtf8("µ → ☉ 𝛼"),
            QString(),
        };
        QCOMPARE(pythonString(QStringLiteral("abc")), QStringLiteral("'abc'"));
        QCOMPARE(pythonString(QStringLiteral("a'b")), QStringLiteral("\"a'b\""));
        QCOMPARE(pythonString(QStringLiteral("a'b\"c")), QStringLiteral("'a\\'b\"c'"));
        // Python must read every literal back as the same text.
        QStringList literals;
        for (const QString &t : texts)
            literals.append(pythonString(t));
        const PythonRun run = runPython(QStringLiteral("import json, sys\nsys.stdout.write(json.dumps([%1]))\n")
                                            .arg(literals.join(QLatin1String(", "))));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonArray back = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(back.size(), texts.size());
        for (int i = 0; i < texts.size(); ++i)
            QCOMPARE(back.at(i).toString(), texts[i]);
    }

    void drmsSnippetText()
    {
        CodeSnippetInput in;
        in.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]");
        in.keys = {QStringLiteral("T_REC"), QStringLiteral(" CAMERA ")};
        in.limit = -5;
        QVERIFY(isDefaultJsocServer(in.server));
        const QString text = drmsSnippet(in);
        QVERIFY(text.startsWith(QStringLiteral("import drms\n")));
        QVERIFY(text.contains(QStringLiteral("c = drms.Client()\n")));
        QVERIFY(!text.contains(QStringLiteral("ServerConfig")));
        QVERIFY2(text.contains(QStringLiteral("keys = c.query('hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]', "
                                              "key='T_REC,CAMERA', n=-5)\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("print(len(keys), 'records')")));

        // Nothing chosen: **ALL**, like JsocClient. Segments and links give their own tables.
        in.keys.clear();
        in.limit = 0;
        QVERIFY(drmsSnippet(in).contains(QStringLiteral("keys = c.query('hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]', key='**ALL**')")));
        in.segments = {QStringLiteral("magnetogram")};
        in.recInfo = true;
        QVERIFY(drmsSnippet(in).contains(QStringLiteral("segs = c.query('hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]', "
                                                        "seg='magnetogram', rec_index=True)")));
        in.keys = {QStringLiteral("T_REC")};
        QVERIFY(drmsSnippet(in).contains(QStringLiteral("keys, segs = c.query(")));

        QVERIFY(isDefaultJsocServer(QUrl(QStringLiteral("http://jsoc.stanford.edu"))));
        QVERIFY(isDefaultJsocServer(QUrl(QStringLiteral("https://JSOC.stanford.edu/"))));
        QVERIFY(!isDefaultJsocServer(QUrl(QStringLiteral("http://jsoc.stanford.edu/mirror"))));
        QVERIFY(!isDefaultJsocServer(QUrl(QStringLiteral("http://127.0.0.1:8080"))));
        in.server = QUrl(QStringLiteral("http://127.0.0.1:8080/mirror"));
        const QString custom = drmsSnippet(in);
        QVERIFY(custom.contains(QStringLiteral("cfg = drms.ServerConfig(")));
        QVERIFY(custom.contains(QStringLiteral("cgi_baseurl='http://127.0.0.1:8080/mirror/cgi-bin/ajax/'")));
        QVERIFY(custom.contains(QStringLiteral("http_download_baseurl='http://127.0.0.1:8080/mirror/'")));
        QVERIFY(custom.contains(QStringLiteral("c = drms.Client(server=cfg)")));
    }

    void drmsSnippetRunsAgainstSimulator_data()
    {
        QTest::addColumn<QString>("recordSet");
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<QStringList>("segments");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<int>("expected");
        QTest::newRow("hour") << QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/1h]")
                              << QStringList{QStringLiteral("T_REC"), QStringLiteral("DATAMEAN"), QStringLiteral("QUALITY")}
                              << QStringList{} << qint64(0) << 80;
        QTest::newRow("quoted-sql-limit-segment")
            << QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/10m][? INSTRUME='HMI_FRONT2' ?]{magnetogram}")
            << QStringList{QStringLiteral("T_REC"), QStringLiteral("INSTRUME")} << QStringList{QStringLiteral("magnetogram")}
            << qint64(5) << 5;
        QTest::newRow("last-n-all-keys") << QStringLiteral("aia.lev1_euv_12s[2014.01.01_00:00:35_TAI-2014.01.01_00:02:35_TAI][304]")
                                         << QStringList{} << QStringList{} << qint64(-3) << 3;
    }

    void drmsSnippetRunsAgainstSimulator()
    {
        QFETCH(QString, recordSet);
        QFETCH(QStringList, keys);
        QFETCH(QStringList, segments);
        QFETCH(qint64, limit);
        QFETCH(int, expected);
        CodeSnippetInput in;
        in.server = m_sim->url();
        in.recordSet = recordSet;
        in.keys = keys;
        in.segments = segments;
        in.limit = limit;
        QCOMPARE(clientRecords(in).rowCount(), expected);

        const QString script = drmsSnippet(in);
        QVERIFY(script.contains(QStringLiteral("drms.ServerConfig(")));
        const PythonRun run = runPython(script);
        QVERIFY2(run.exitCode == 0, (run.err + run.out).constData());
        const QByteArray firstLine = run.out.left(run.out.indexOf('\n'));
        QCOMPARE(firstLine, QByteArray::number(expected) + " records");
    }

    SeriesStructure simStructure(const QString &series)
    {
        SeriesStructureJob *job = m_client->seriesStructure(series);
        QSignalSpy done(job, &JsocJob::finished);
        if (!done.wait(15000) || job->error().isError())
            qFatal("series_struct %s failed", qPrintable(series));
        SeriesStructure s = job->result();
        delete job;
        return s;
    }

    void sunpySnippetRunsAgainstSimulator_data()
    {
        QTest::addColumn<QString>("recordSet");
        QTest::addColumn<QStringList>("attrs"); // what makes the snippet idiomatic, not PrimeKey text
        QTest::newRow("aia-time-wavelength-segment")
            << QStringLiteral("aia.lev1_euv_12s[2014.01.01_00:00:00_TAI-2014.01.01_00:02:00_TAI][171]{image}")
            << QStringList{QStringLiteral("a.Time("), QStringLiteral("a.Wavelength(171 * u.AA)"), QStringLiteral("a.jsoc.Segment('image')")};
        QTest::newRow("aia-duration-sample")
            << QStringLiteral("aia.lev1_euv_12s[2014.01.01_00:00:00_TAI/10m@1m][193]")
            << QStringList{QStringLiteral("a.Time(Time('2014-01-01T00:00:00', scale='tai'), Time('2014-01-01T00:09:52', scale='tai'))"), // slots at :04 + 12k s
                           QStringLiteral("a.Sample(60 * u.s)"), QStringLiteral("a.Wavelength(193 * u.AA)")};
        QTest::newRow("hmi-notebook-day")
            << QStringLiteral("hmi.M_720s[2014.01.01_TAI/1d]{magnetogram}")
            << QStringList{QStringLiteral("a.Time("), QStringLiteral("a.jsoc.Segment('magnetogram')")};
    }

    void sunpySnippetRunsAgainstSimulator()
    {
        QFETCH(QString, recordSet);
        QFETCH(QStringList, attrs);
        CodeSnippetInput in;
        in.server = m_sim->url();
        in.recordSet = recordSet;
        in.keys = {QStringLiteral("T_REC")};
        in.notify = QStringLiteral("someone@example.org");
        in.structure = simStructure(recordSet.left(recordSet.indexOf(QLatin1Char('['))));
        const int expected = clientRecords(in).rowCount();
        QVERIFY(expected > 0);

        const QString snippet = sunpySnippet(in);
        for (const QString &attr : attrs)
            QVERIFY2(snippet.contains(attr), qPrintable(attr + QStringLiteral(" missing in:\n") + snippet));
        QVERIFY2(!snippet.contains(QStringLiteral("a.jsoc.PrimeKey")), qPrintable(snippet));
        QVERIFY(snippet.contains(QStringLiteral("a.jsoc.Notify('someone@example.org')")));

        // The snippet as written, after pointing drms's "jsoc" server (sunpy's) at the simulator.
        const QString base = m_sim->url().toString(QUrl::FullyEncoded).chopped(m_sim->url().path().endsWith(QLatin1Char('/')) ? 1 : 0);
        const QString prelude = QStringLiteral(
            "import drms, drms.config\n"
            "drms.config._server_configs['jsoc'] = drms.ServerConfig(name='JSOC', cgi_baseurl=%1 + '/cgi-bin/ajax/',\n"
            "    cgi_show_series='show_series', cgi_jsoc_info='jsoc_info', cgi_jsoc_fetch='jsoc_fetch',\n"
            "    cgi_check_address='checkAddress.sh', cgi_show_series_wrapper='showextseries',\n"
            "    show_series_wrapper_dbhost='hmidb2', http_download_baseurl=%1 + '/')\n").arg(pythonString(base));
        const PythonRun run = runPython(prelude + snippet + QStringLiteral("\nprint('SUNPY-ROWS', len(result['jsoc']))\n"));
        QVERIFY2(run.exitCode == 0, (run.err.right(3000) + run.out.right(2000)).constData());
        const int at = run.out.lastIndexOf("SUNPY-ROWS ");
        QVERIFY2(at >= 0, run.out.right(2000).constData());
        QCOMPARE(run.out.mid(at + 11).trimmed().toInt(), expected);
    }

    void jsocInfoUrlMatchesClient_data()
    {
        QTest::addColumn<QString>("recordSet");
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<QStringList>("segments");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<bool>("recInfo");
        QTest::newRow("all") << QStringLiteral(" hmi.M_45s[2014.01.01_00:00:00_TAI/5m] ") << QStringList{} << QStringList{}
                             << qint64(0) << false;
        QTest::newRow("keys-n") << QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/1h@15m]")
                                << QStringList{QStringLiteral("T_REC"), QStringLiteral("*recnum*"), QStringLiteral("QUALITY")}
                                << QStringList{} << qint64(3) << false;
        QTest::newRow("sql-seg-R") << QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/10m][? INSTRUME='HMI_FRONT2' AND QUALITY>=0 ?]")
                                   << QStringList{QStringLiteral("T_REC")} << QStringList{QStringLiteral("magnetogram")}
                                   << qint64(-4) << true;
    }

    void jsocInfoUrlMatchesClient()
    {
        QFETCH(QString, recordSet);
        QFETCH(QStringList, keys);
        QFETCH(QStringList, segments);
        QFETCH(qint64, limit);
        QFETCH(bool, recInfo);
        CodeSnippetInput in;
        in.server = m_sim->url();
        in.recordSet = recordSet;
        in.keys = keys;
        in.segments = segments;
        in.limit = limit;
        in.recInfo = recInfo;
        QUrl clientUrl;
        const RecordTable expected = clientRecords(in, &clientUrl);
        QVERIFY(expected.rowCount() > 0);

        const QUrl url = jsocInfoUrl(in);
        QCOMPARE(url, clientUrl);
        QCOMPARE(url.toString(QUrl::FullyEncoded), clientUrl.toString(QUrl::FullyEncoded));

        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(QNetworkRequest(url));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(15000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        RecordTable fetched;
        QVERIFY(!parse::recordList(reply->readAll(), fetched).isError());
        reply->deleteLater();
        QCOMPARE(fetched.rowCount(), expected.rowCount());
        QCOMPARE(fetched.keywords.size(), expected.keywords.size());
        for (size_t i = 0; i < expected.keywords.size(); ++i) {
            QCOMPARE(fetched.keywords[i].name, expected.keywords[i].name);
            QVERIFY(fetched.keywords[i].values == expected.keywords[i].values);
        }
        QCOMPARE(fetched.segments.size(), expected.segments.size());
        for (size_t i = 0; i < expected.segments.size(); ++i)
            QVERIFY(fetched.segments[i].values == expected.segments[i].values);
        QCOMPARE(fetched.hasRecInfo, expected.hasRecInfo);
        QVERIFY(fetched.recInfoNames == expected.recInfoNames);
    }

    void jsocInfoUrlDefaultServer()
    {
        CodeSnippetInput in;
        in.recordSet = QStringLiteral("hmi.M_45s[$]");
        in.keys = {QStringLiteral("T_REC")};
        QCOMPARE(jsocInfoUrl(in).toString(QUrl::FullyEncoded),
                 QStringLiteral("http://jsoc.stanford.edu/cgi-bin/ajax/jsoc_info?op=rs_list&ds=hmi.M_45s%5B%24%5D&key=T_REC"));
    }

    void sunpySnippetAttrs()
    {
        const SeriesStructure hmi = structureOf(QStringLiteral("seriesstruct_hmi.m_45s.json"));
        CodeSnippetInput in;
        in.structure = hmi;
        in.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:02:04_TAI@90.0s][2]{magnetogram}");
        in.keys = {QStringLiteral("T_REC"), QStringLiteral("CAMERA"), QStringLiteral("*recnum*")};
        QString text = sunpySnippet(in);
        QVERIFY(text.contains(QStringLiteral("import astropy.units as u\n")));
        QVERIFY(text.contains(QStringLiteral("from astropy.time import Time\n")));
        QVERIFY(text.contains(QStringLiteral("from sunpy.net import Fido, attrs as a\n")));
        QVERIFY(text.contains(QStringLiteral("result = Fido.search(\n")));
        QVERIFY(text.contains(QStringLiteral("    a.jsoc.Series('hmi.M_45s'),\n")));
        QVERIFY2(text.contains(QStringLiteral("    a.Time(Time('2012-01-01T00:00:34', scale='tai'), Time('2012-01-01T00:02:04', scale='tai')),\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("    a.Sample(90 * u.s),\n")));
        QVERIFY(text.contains(QStringLiteral("    a.jsoc.PrimeKey('CAMERA', '2'),\n")));
        QVERIFY(text.contains(QStringLiteral("    a.jsoc.Segment('magnetogram'),\n")));
        QVERIFY(text.contains(QStringLiteral("a.jsoc.Notify('you@example.org')")));
        QVERIFY(text.contains(QStringLiteral("print(table.show('T_REC', 'CAMERA'))")));
        QVERIFY(!text.contains(QStringLiteral("drms")));
        QStringList sources{text};

        // A UTC range becomes the same instants in TAI (TAI−UTC = 35 s in 2014).
        in.recordSet = QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_UTC-2014.01.01_01:00:00_UTC]");
        in.keys.clear();
        in.limit = 10;
        text = sunpySnippet(in);
        QVERIFY(text.contains(QStringLiteral("a.Time(Time('2014-01-01T00:00:35', scale='tai'), Time('2014-01-01T01:00:35', scale='tai'))")));
        QVERIFY(!text.contains(QStringLiteral("astropy.units")));
        QVERIFY(text.contains(QStringLiteral("table = result['jsoc'][:10]")));
        QVERIFY(text.contains(QStringLiteral("print(table)")));
        sources.append(text);

        // A duration on whole-second slots becomes a.Time ending on its last slot (a.Time is
        // inclusive, `/1d` is not), with a comment saying so; a fractional one stays verbatim.
        in.recordSet = QStringLiteral("hmi.M_45s[2014.01.01_TAI/1d@1h]");
        in.limit = -1;
        text = sunpySnippet(in);
        QVERIFY2(text.contains(QStringLiteral("a.Time(Time('2014-01-01T00:00:00', scale='tai'), Time('2014-01-01T23:59:15', scale='tai'))")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("a.Sample(3600 * u.s)")));
        QVERIFY(text.contains(QStringLiteral("# [2014.01.01_TAI/1d] stops before")));
        QVERIFY(text.contains(QStringLiteral("table = result['jsoc'][-1:]")));
        sources.append(text);
        in.recordSet = QStringLiteral("hmi.M_45s[2014.01.01_TAI/0.5s]");
        text = sunpySnippet(in);
        QVERIFY(text.contains(QStringLiteral("a.jsoc.PrimeKey('T_REC', '2014.01.01_TAI/0.5s')")));
        QVERIFY(text.contains(QStringLiteral("table = result['jsoc'][-1:]")));
        sources.append(text);

        // Keyword comparisons.
        CodeSnippetInput aia;
        aia.structure = structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json"));
        aia.recordSet = QStringLiteral("aia.lev1_euv_12s[2014.01.01_00:00:35_TAI-2014.01.01_00:02:35_TAI][304][? QUALITY=0 AND EXPTIME>2.5 ?]");
        aia.server = m_sim->url();
        text = sunpySnippet(aia);
        QVERIFY(text.contains(QStringLiteral("a.Wavelength(304 * u.AA)")));
        QVERIFY(text.contains(QStringLiteral("a.jsoc.Keyword('QUALITY') == 0")));
        QVERIFY(text.contains(QStringLiteral("a.jsoc.Keyword('EXPTIME') > 2.5")));
        QVERIFY(text.contains(QStringLiteral("# sunpy always asks JSOC")));
        sources.append(text);

        // Named prime key form.
        in.recordSet = QStringLiteral("hmi.M_45s[CAMERA=1]");
        in.limit = 0;
        text = sunpySnippet(in);
        QVERIFY(text.contains(QStringLiteral("a.jsoc.PrimeKey('CAMERA', '1')")));
        sources.append(text);

        // Beyond the attrs: a comment saying why, then the drms query.
        const QStringList fallbacks = {
            QStringLiteral("hmi.M_45s[:#123]"),
            QStringLiteral("hmi.M_45s[$],hmi.M_45s[^]"),
            QStringLiteral("hmi.M_45s[2014.01.01_TAI][? INSTRUME='HMI_FRONT2' ?]"),
            QStringLiteral("hmi.M_45s[2014.01.01_TAI"),
            QStringLiteral("hmi.M_45s[2014.01.01_TAI][2][3]"),
            QStringLiteral("hmi.M_45s[][]"),
        };
        for (const QString &rs : fallbacks) {
            in.recordSet = rs;
            text = sunpySnippet(in);
            QVERIFY2(text.startsWith(QStringLiteral("# sunpy's JSOC attributes cannot express this record set:\n")), qPrintable(rs));
            QVERIFY2(text.contains(QStringLiteral("c.query(") + pythonString(rs)), qPrintable(text));
            sources.append(text);
        }
        // Without the structure the brackets cannot be named.
        CodeSnippetInput bare;
        bare.recordSet = QStringLiteral("hmi.M_45s[2014.01.01_TAI]");
        QVERIFY(sunpySnippet(bare).contains(QStringLiteral("prime keys are not known")));

        // Every snippet is valid Python.
        QJsonArray array;
        for (const QString &s : sources)
            array.append(s);
        QTemporaryDir dir;
        const QString jsonPath = dir.filePath(QStringLiteral("sources.json"));
        QFile f(jsonPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(array).toJson());
        f.close();
        const PythonRun parsed = runPython(QStringLiteral(
            "import ast, json, sys\n"
            "sources = json.load(open(sys.argv[1], encoding='utf-8'))\n"
            "for src in sources:\n"
            "    ast.parse(src)\n"
            "print('ok', len(sources))\n"),
                                           {jsonPath});
        QVERIFY2(parsed.exitCode == 0, parsed.err.constData());
        QCOMPARE(parsed.out.trimmed(), QByteArray("ok ") + QByteArray::number(sources.size()));
    }

    // The dialog shows the three snippets in tabs, as given, and Copy puts the shown one on the clipboard.
    void dialogCopiesTheShownSnippet()
    {
        CodeSnippetInput in;
        in.server = QUrl(QStringLiteral("http://jsoc.stanford.edu"));
        in.recordSet = QStringLiteral("hmi.m_45s[2012.01.01_00:00:34_TAI/1h@12m]");
        in.keys = {QStringLiteral("T_REC"), QStringLiteral("DATAMEAN"), QStringLiteral("QUALITY")};
        in.segments = {QStringLiteral("magnetogram")};
        in.structure = structureOf(QStringLiteral("seriesstruct_hmi.m_45s.json"));
        const QString drms = drmsSnippet(in), sunpy = sunpySnippet(in);
        const QString url = jsocInfoUrl(in).toString(QUrl::FullyEncoded);
        ui::CodeSnippetDialog dialog(drms, sunpy, url);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTabWidget *tabs = dialog.tabs();
        QCOMPARE(tabs->count(), 3);
        const QStringList expected{drms, sunpy, url};
        QPushButton *copy = nullptr;
        for (QPushButton *b : dialog.findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Copy"))
                copy = b;
        QVERIFY(copy);
        for (int i = 0; i < 3; ++i) {
            tabs->setCurrentIndex(i);
            auto *edit = qobject_cast<QPlainTextEdit *>(tabs->widget(i));
            QVERIFY(edit);
            QCOMPARE(edit->toPlainText(), expected.at(i));
            QVERIFY(edit->isReadOnly());
            // Code is never soft-wrapped (a wrapped Python line reads as two); the URL wraps anywhere.
            QCOMPARE(edit->lineWrapMode(), i < 2 ? QPlainTextEdit::NoWrap : QPlainTextEdit::WidgetWidth);
            QGuiApplication::clipboard()->clear();
            copy->click();
            QCOMPARE(QGuiApplication::clipboard()->text(), expected.at(i));
        }
        if (const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR"); !dir.isEmpty()) {
            for (int i = 0; i < 3; ++i) {
                tabs->setCurrentIndex(i);
                dialog.grab().save(QDir(dir).filePath(QStringLiteral("code-snippets-%1.png").arg(i)));
            }
        }
    }
};

QTEST_MAIN(TestCodeSnippets)
#include "tst_codesnippets.moc"
