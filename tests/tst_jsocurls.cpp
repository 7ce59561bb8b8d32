#include <QTest>
#include <QUrlQuery>

#include "model/drms/CodeSnippets.h"
#include "model/drms/JsocUrls.h"

using namespace jsoc;

// The one place JSOC request URLs are built (the client and the code snippets both use it).
class TestJsocUrls : public QObject
{
    Q_OBJECT

private slots:
    void cgiUnderAnySiteRoot_data();
    void cgiUnderAnySiteRoot();
    void rsListOrderAndValues();
    void reservedBytesAreEncoded();
    void nothingAskedMeansEveryKeyword();
    void blanksAreDropped();
    void snippetUrlIsTheSharedRsListUrl();
};

void TestJsocUrls::cgiUnderAnySiteRoot_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("path");
    QTest::newRow("bare host") << "http://127.0.0.1:8080" << "/cgi-bin/ajax/jsoc_info";
    QTest::newRow("trailing slash") << "http://127.0.0.1:8080/" << "/cgi-bin/ajax/jsoc_info";
    QTest::newRow("under a prefix") << "http://127.0.0.1/mirror/jsoc" << "/mirror/jsoc/cgi-bin/ajax/jsoc_info";
    QTest::newRow("query and fragment dropped") << "http://127.0.0.1/?x=1#top" << "/cgi-bin/ajax/jsoc_info";
}

void TestJsocUrls::cgiUnderAnySiteRoot()
{
    QFETCH(QString, root);
    QFETCH(QString, path);
    const QUrl url = jsocCgiUrl(QUrl(root), QStringLiteral("jsoc_info"));
    QCOMPARE(url.path(), path);
    QVERIFY(!url.hasQuery());
    QVERIFY(!url.hasFragment());
    QCOMPARE(url.host(), QUrl(root).host());
    // The directory itself, for a snippet's base URL.
    QVERIFY(jsocCgiUrl(QUrl(root), QString()).path().endsWith(QLatin1String("/cgi-bin/ajax/")));
}

void TestJsocUrls::rsListOrderAndValues()
{
    RsListParameters p;
    p.recordSet = QStringLiteral(" hmi.M_45s[2012.01.01_00:00:00_TAI/1h] ");
    p.keys = {QStringLiteral("T_REC"), QStringLiteral("QUALITY")};
    p.segments = {QStringLiteral("magnetogram")};
    p.links = {QStringLiteral("MDATA")};
    p.recInfo = true;
    p.limit = -5;
    const QUrl url = rsListUrl(QUrl(QStringLiteral("http://127.0.0.1:1")), p);
    QCOMPARE(url.path(), QStringLiteral("/cgi-bin/ajax/jsoc_info"));
    const QList<QPair<QString, QString>> items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    QStringList names;
    for (const auto &item : items)
        names.append(item.first);
    QCOMPARE(names, (QStringList{"op", "ds", "key", "seg", "link", "R", "n"}));
    QCOMPARE(items.value(0).second, QStringLiteral("rs_list"));
    QCOMPARE(items.value(1).second, p.recordSet.trimmed());
    QCOMPARE(items.value(2).second, p.keys.join(QLatin1Char(',')));
    QCOMPARE(items.value(3).second, p.segments.first());
    QCOMPARE(items.value(4).second, p.links.first());
    QCOMPARE(items.value(5).second, QStringLiteral("1"));
    QCOMPARE(items.value(6).second.toLongLong(), p.limit);
}

void TestJsocUrls::reservedBytesAreEncoded()
{
    // JSOC's CGIs decode %XX and nothing else: no '+' for a space, no bare '&', '=' or '#'.
    RsListParameters p;
    p.recordSet = QStringLiteral("hmi.M_45s[? QUALITY = 0 & T_OBS > 1 ?]#+{magnetogram}");
    const QUrl url = rsListUrl(QUrl(QStringLiteral("http://127.0.0.1:1")), p);
    const QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    const QByteArray ds = query.mid(query.indexOf("ds=") + 3).split('&').first();
    for (char c : QByteArray(" &=#+?[]{}"))
        QVERIFY2(!ds.contains(c), qPrintable(QStringLiteral("'%1' left bare in %2").arg(QLatin1Char(c)).arg(QString::fromLatin1(ds))));
    QCOMPARE(QUrl::fromPercentEncoding(ds), p.recordSet);
}

void TestJsocUrls::nothingAskedMeansEveryKeyword()
{
    RsListParameters p;
    p.recordSet = QStringLiteral("aia.lev1_euv_12s[$]");
    QCOMPARE(QUrlQuery(rsListUrl(QUrl(QStringLiteral("http://127.0.0.1:1")), p)).queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded),
             QStringLiteral("**ALL**"));
    // A segment alone is a question: no keyword is added to it.
    p.segments = {QStringLiteral("image")};
    const QUrlQuery q(rsListUrl(QUrl(QStringLiteral("http://127.0.0.1:1")), p));
    QVERIFY(!q.hasQueryItem(QStringLiteral("key")));
    QCOMPARE(q.queryItemValue(QStringLiteral("seg"), QUrl::FullyDecoded), QStringLiteral("image"));
}

void TestJsocUrls::blanksAreDropped()
{
    QCOMPARE(jsocNames({QStringLiteral(" T_REC "), QString(), QStringLiteral("  "), QStringLiteral("QUALITY")}),
             (QStringList{"T_REC", "QUALITY"}));
    QCOMPARE(jsocNameList({QStringLiteral(" a"), QStringLiteral(""), QStringLiteral("b ")}), QStringLiteral("a,b"));
    RsListParameters p;
    p.recordSet = QStringLiteral("hmi.M_45s[$]");
    p.keys = {QStringLiteral(" "), QString()};
    // Only blanks asked: as good as nothing asked.
    QCOMPARE(normalisedRsList(p).keys, QStringList{QStringLiteral("**ALL**")});
}

void TestJsocUrls::snippetUrlIsTheSharedRsListUrl()
{
    CodeSnippetInput input;
    input.server = QUrl(QStringLiteral("http://127.0.0.1:9/jsoc"));
    input.recordSet = QStringLiteral("hmi.M_45s[2012.01.01/1h]");
    input.keys = {QStringLiteral("T_REC"), QStringLiteral(" "), QStringLiteral("DATAMEAN")};
    input.limit = 10;
    RsListParameters p;
    p.recordSet = input.recordSet;
    p.keys = input.keys;
    p.limit = input.limit;
    // (tst_codesnippets compares the snippet's URL with what the client really sends.)
    QCOMPARE(jsocInfoUrl(input), rsListUrl(input.server, p));
}

QTEST_GUILESS_MAIN(TestJsocUrls)
#include "tst_jsocurls.moc"
