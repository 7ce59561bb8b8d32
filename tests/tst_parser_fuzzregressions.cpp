// Every input a JSOC reply fuzz target once broke a rule on (tests/fuzz/regressions-json) goes
// through all the reply parsers again, under the same rules (tests/fuzz/JsocReplyChecks.h).
#include "JsocReplyChecks.h" // tests/fuzz

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

namespace {

QString regressionsFolder()
{
    // The source tree beside this file; ctest runs from the build folder, so look up from there too.
    QStringList candidates{QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/fuzz/regressions-json")};
    for (QDir dir(QCoreApplication::applicationDirPath()); !dir.isRoot(); dir.cdUp())
        candidates << dir.absoluteFilePath(QStringLiteral("tests/fuzz/regressions-json"));
    for (const QString &c : candidates)
        if (QFileInfo(c).isDir())
            return c;
    return {};
}

} // namespace

class TestParserFuzzRegressions final : public QObject
{
    Q_OBJECT

private slots:
    void replay_data()
    {
        QTest::addColumn<QString>("path");
        const QString folder = regressionsFolder();
        QVERIFY2(!folder.isEmpty(), "tests/fuzz/regressions-json not found");
        const QFileInfoList files = QDir(folder).entryInfoList(QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        for (const QFileInfo &f : files)
            QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
    }

    void replay()
    {
        QFETCH(QString, path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray body = f.readAll();
        const QString broken = jsoc::fuzzcheck::allHold(body);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
    }

    // The first finding, spelled out: a lone high surrogate in a value reads as U+FFFD in both
    // parsers (the QJsonDocument one wrote '?').
    void loneSurrogateIsOneCharacterInBoth()
    {
        const QByteArray body = "{\"keywords\":[{\"name\":\"K\\udc00\",\"values\":[\"a\\ud800b\"]}],\"count\":1,\"status\":0}";
        jsoc::RecordTable reader, viaQt;
        QVERIFY(!jsoc::parse::recordList(body, reader).isError());
        QVERIFY(!jsoc::parse::recordListViaQJson(body, viaQt).isError());
        QCOMPARE(reader.keywords[0].values.raw(0), QByteArrayView("a\xef\xbf\xbd" "b"));
        QCOMPARE(viaQt.keywords[0].values.raw(0), QByteArrayView("a\xef\xbf\xbd" "b"));
        QCOMPARE(viaQt.keywords[0].name, reader.keywords[0].name);
    }
};

QTEST_GUILESS_MAIN(TestParserFuzzRegressions)
#include "tst_parser_fuzzregressions.moc"
