#include <QTest>

#include "model/common/JsocError.h"

using jsoc::JsocError;
using Kind = jsoc::JsocError::Kind;

Q_DECLARE_METATYPE(jsoc::JsocError::Kind)

// Which failures mean "JSOC cannot be reached" (the browser goes offline and shows its cache) and
// which mean "JSOC answered" (asking again will not help): one rule, decided here for every caller.
class TestJsocError final : public QObject
{
    Q_OBJECT

private slots:
    void classifiesEveryKind_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<bool>("unreachable");
        QTest::addColumn<bool>("jsocAnswer");

        QTest::newRow("none") << Kind::None << 0 << false << false;
        QTest::newRow("connection refused") << Kind::Network << 0 << true << false;
        QTest::newRow("timeout") << Kind::Timeout << 0 << true << false;
        QTest::newRow("tls") << Kind::Tls << 0 << true << false;
        QTest::newRow("cancelled") << Kind::Cancelled << 0 << false << false;
        QTest::newRow("http 500") << Kind::HttpStatus << 500 << true << false;
        QTest::newRow("http 503 from a proxy") << Kind::HttpStatus << 503 << true << false;
        QTest::newRow("http 499") << Kind::HttpStatus << 499 << false << false;
        QTest::newRow("http 404") << Kind::HttpStatus << 404 << false << false;
        QTest::newRow("bad body") << Kind::BadResponse << 200 << false << true;
        QTest::newRow("jsoc status") << Kind::Jsoc << 200 << false << true;
    }

    void classifiesEveryKind()
    {
        QFETCH(Kind, kind);
        QFETCH(int, httpStatus);
        QFETCH(bool, unreachable);
        QFETCH(bool, jsocAnswer);
        const JsocError error = JsocError::make(kind, QStringLiteral("what happened"), httpStatus);
        QCOMPARE(error.isError(), kind != Kind::None);
        QCOMPARE(error.meansUnreachable(), unreachable);
        QCOMPARE(error.isJsocAnswer(), jsocAnswer);
        // Nothing is both: a server that answered was reached.
        QVERIFY(!(error.meansUnreachable() && error.isJsocAnswer()));
    }

    void makeKeepsWhatItIsGiven()
    {
        const JsocError error = JsocError::make(Kind::Jsoc, QStringLiteral("JSOC: series not found"), 200, 1);
        QCOMPARE(error.kind, Kind::Jsoc);
        QCOMPARE(error.message, QStringLiteral("JSOC: series not found"));
        QCOMPARE(error.httpStatus, 200);
        QCOMPARE(error.jsocStatus, 1);
        QCOMPARE(JsocError::kindName(error.kind), QStringLiteral("jsoc"));
        QCOMPARE(JsocError::kindName(Kind::HttpStatus), QStringLiteral("http"));
    }
};

QTEST_GUILESS_MAIN(TestJsocError)
#include "tst_jsocerror.moc"
