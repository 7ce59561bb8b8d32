// jsoc-browser as a real process (offscreen) against the simulator: it opens a record set and the
// exports window from its command line, and a quit request ends the process in a few seconds,
// cleanly. The quit is sent as SIGTERM, which the app handles as File ▸ Quit without the question
// (what a session manager or `kill` sends); Ctrl+Q itself is tested in-process in tst_mainwindow.

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "sim/JsocSimulator.h"

namespace {

constexpr int kStartTimeoutMs = 30000;
constexpr int kQuitTimeoutMs = 5000; // the bound: Quit must end the process within 5 s

} // namespace

class TestBrowserProcess final : public QObject
{
    Q_OBJECT

private slots:
    void quitEndsTheProcessWithWindowsOpen()
    {
        sim::JsocSimulator sim;
        QVERIFY(sim.listen());
        QTemporaryDir home;
        QVERIFY(home.isValid());

        QProcess browser;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("jsoc.gui.debug=true"));
        // Its settings, caches and export queue go to a fresh home, never the user's.
        env.insert(QStringLiteral("HOME"), home.path());
        for (const char *xdg : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
            env.insert(QString::fromLatin1(xdg), home.filePath(QString::fromLatin1(xdg)));
        env.remove(QStringLiteral("JSOC_SERVER"));
        browser.setProcessEnvironment(env);
        browser.setProcessChannelMode(QProcess::SeparateChannels);
        QByteArray log;
        connect(&browser, &QProcess::readyReadStandardError, this, [&] { log += browser.readAllStandardError(); });
        QSignalSpy finished(&browser, &QProcess::finished);

        browser.start(QStringLiteral(JSOC_BROWSER_BIN),
                      {QStringLiteral("--server"), sim.url().toString(), QStringLiteral("--open"),
                       QStringLiteral("hmi.M_720s[2014.01.01_TAI/1d][3]{magnetogram}"), QStringLiteral("--exports")});
        QVERIFY2(browser.waitForStarted(kStartTimeoutMs), qPrintable(browser.errorString()));

        // Both windows open: the record set once JSOC told the series' structure (case as pasted).
        QTRY_VERIFY2_WITH_TIMEOUT(log.contains("exports window shown") && log.contains("record-set window opened for "
                                                                                       "hmi.M_720s[2014.01.01_TAI/1d][3]{magnetogram}"),
                                  log.constData(), kStartTimeoutMs);
        QVERIFY(sim.requestCount(QStringLiteral("series_struct")) >= 1);
        QVERIFY(finished.isEmpty());

        browser.terminate(); // SIGTERM
        QVERIFY2(finished.wait(kQuitTimeoutMs), "jsoc-browser still runs 5 s after being asked to quit");
        QCOMPARE(browser.exitStatus(), QProcess::NormalExit); // handled as a quit, not killed by the signal
        QCOMPARE(browser.exitCode(), 0);
        QVERIFY2(log.contains("quitting: every window closed"), log.constData());
    }
};

QTEST_MAIN(TestBrowserProcess)
#include "tst_browserprocess.moc"
