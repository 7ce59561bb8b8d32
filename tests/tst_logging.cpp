// The jsoc.network logging category against the in-process simulator: what a user who turns it
// on (README, "Logging") gets, that nothing of it appears when it is off, that failures are
// warnings shown without asking, and that a person's e-mail address never reaches the log.
#include "network/JsocClient.h"
#include "sim/JsocSimulator.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMutex>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace jsoc;

namespace {

struct LogLine {
    QByteArray category;
    QtMsgType type;
    QString text;
};

// What the message handler saw (messages may come from worker threads).
QMutex g_mutex;
QList<LogLine> g_lines;
QtMessageHandler g_previous = nullptr;

void record(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    const QByteArray category(context.category ? context.category : "");
    if (!category.startsWith("jsoc.")) {
        g_previous(type, context, text); // QtTest's own output stays as it was
        return;
    }
    QMutexLocker lock(&g_mutex);
    g_lines.append({category, type, text});
}

QList<LogLine> linesOf(const char *category, QtMsgType type)
{
    QMutexLocker lock(&g_mutex);
    QList<LogLine> out;
    for (const LogLine &l : std::as_const(g_lines))
        if (l.category == category && l.type == type)
            out.append(l);
    return out;
}

QString joined(const QList<LogLine> &lines)
{
    QStringList texts;
    for (const LogLine &l : lines)
        texts.append(l.text);
    return texts.join(QLatin1Char('\n'));
}

template <typename Job>
bool waitFinished(Job *job)
{
    QSignalSpy spy(job, &JsocJob::finished);
    return spy.wait(20000);
}

} // namespace

class tst_Logging : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        {
            QMutexLocker lock(&g_mutex);
            g_lines.clear();
        }
        g_previous = qInstallMessageHandler(record);
        m_sim = std::make_unique<sim::JsocSimulator>();
        QVERIFY(m_sim->listen());
        QVERIFY(m_sim->registerAddress(QStringLiteral("someone@example.org")));
        m_client = std::make_unique<JsocClient>(m_sim->url());
    }

    void cleanup()
    {
        m_client.reset();
        m_sim.reset();
        qInstallMessageHandler(g_previous);
        QLoggingCategory::setFilterRules(QString());
    }

    // QT_LOGGING_RULES="jsoc.network.debug=true": one line for the request, one for its answer
    // with the URL path, the HTTP status, the bytes and the time.
    void debugLinesWhenTurnedOn()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("jsoc.network.debug=true"));
        std::unique_ptr<RecordCountJob> job(m_client->recordCount(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1h]")));
        QVERIFY(waitFinished(job.get()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));

        const QList<LogLine> debug = linesOf("jsoc.network", QtDebugMsg);
        const QString all = joined(debug);
        // The URL exactly as sent: its %5B and %3A must survive the line's own formatting.
        const QString url = job->url().toString();
        QVERIFY(url.startsWith(QStringLiteral("http://127.0.0.1:%1/cgi-bin/ajax/jsoc_info?").arg(m_sim->port())));
        QVERIFY(url.contains(QLatin1String("%5B")));
        QVERIFY2(all.contains(QStringLiteral("jsoc_info rs_summary: GET %1 (attempt 1)").arg(url)), qPrintable(all));
        static const QRegularExpression answer(
            QStringLiteral("^jsoc_info rs_summary: HTTP 200, (\\d+) bytes in (\\d+) ms from (\\S+)$"));
        bool found = false;
        for (const LogLine &l : debug) {
            const QRegularExpressionMatch m = answer.match(l.text);
            if (!m.hasMatch())
                continue;
            found = true;
            QVERIFY2(m.captured(1).toLongLong() > 0, qPrintable(l.text)); // an rs_summary body is never empty
            QCOMPARE(m.captured(3), url);
        }
        QVERIFY2(found, qPrintable(all));
        QVERIFY2(linesOf("jsoc.network", QtWarningMsg).isEmpty(), "a successful request is not a warning");
    }

    // Off (the default): not one jsoc.network debug line, though the same request is made.
    void nothingWhenOff()
    {
        std::unique_ptr<RecordCountJob> job(m_client->recordCount(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1h]")));
        QVERIFY(waitFinished(job.get()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(m_sim->requestCount(QStringLiteral("rs_summary")), 1);
        QVERIFY2(linesOf("jsoc.network", QtDebugMsg).isEmpty(), qPrintable(joined(linesOf("jsoc.network", QtDebugMsg))));
    }

    // Warnings are on by default: a request that fails to reach an answer says so, with its kind.
    void failureIsAWarningByDefault()
    {
        RetryPolicy once;
        once.maxRetries = 0;
        m_client->setRetryPolicy(once);
        sim::Fault f;
        f.kind = sim::Fault::Kind::Http503;
        f.times = -1;
        m_sim->addFault(f);
        std::unique_ptr<RecordCountJob> job(m_client->recordCount(QStringLiteral("hmi.M_45s[$]")));
        QVERIFY(waitFinished(job.get()));
        QCOMPARE(job->error().kind, JsocError::Kind::HttpStatus);

        const QList<LogLine> warnings = linesOf("jsoc.network", QtWarningMsg);
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].text.startsWith(QLatin1String("jsoc_info rs_summary failed (http) after 1 attempt(s): "
                                                           "JSOC answered HTTP 503")),
                 qPrintable(warnings[0].text));
        QVERIFY(linesOf("jsoc.network", QtDebugMsg).isEmpty());
    }

    // Logs get pasted into bug reports: the address checked is not in them, the rest of the URL is.
    void addressNeverLogged()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("jsoc.network.debug=true"));
        std::unique_ptr<AddressCheckJob> job(m_client->checkAddress(QStringLiteral("someone@example.org")));
        QVERIFY(waitFinished(job.get()));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QVERIFY(job->result().registered());

        const QString all = joined(linesOf("jsoc.network", QtDebugMsg));
        QVERIFY2(all.contains(QLatin1String("/cgi-bin/ajax/checkAddress.sh?address=(hidden)&checkonly=1")), qPrintable(all));
        QVERIFY2(!all.contains(QLatin1String("someone")) && !all.contains(QLatin1String("example.org")), qPrintable(all));
    }

private:
    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<JsocClient> m_client;
};

// The rules a developer may have set (environment, ~/.config/QtProject/qtlogging.ini) would
// override the test's own: start from Qt's defaults and the categories' declared levels.
int main(int argc, char **argv)
{
    qunsetenv("QT_LOGGING_RULES");
    qunsetenv("QT_LOGGING_CONF");
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    QCoreApplication app(argc, argv);
    tst_Logging test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_logging.moc"
