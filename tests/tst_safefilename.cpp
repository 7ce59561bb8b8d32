// Server file names are never trusted: checkServerFileName and pathInsideFolder.
#include "model/exports/SafeFileName.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace jsoc;

class TestSafeFileName final : public QObject
{
    Q_OBJECT

private slots:
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
    void pathStaysInsideFolder();
    void symlinkRefused();
    void quickExportNames();
};

void TestSafeFileName::accepted_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<bool>("allowDirs");
    QTest::addColumn<QString>("name");
    QTest::newRow("queued") << "hmi.m_45s.20120101_010130_TAI.2.magnetogram.fits" << false
                            << "hmi.m_45s.20120101_010130_TAI.2.magnetogram.fits";
    QTest::newRow("quick absolute") << "/SUM41/D280342572/S00010/magnetogram.fits" << true << "magnetogram.fits";
    QTest::newRow("tar") << "/SUM66/D1/S00000/JSOC_20200410_003.tar" << true << "JSOC_20200410_003.tar";
    QTest::newRow("iso time") << "aia.lev1.2010-07-30T133009Z.171.image_lev1.fits" << false
                              << "aia.lev1.2010-07-30T133009Z.171.image_lev1.fits";
    QTest::newRow("unicode") << QString::fromUtf8("sonne_\xc3\xa9t\xc3\xa9.fits") << false << QString::fromUtf8("sonne_\xc3\xa9t\xc3\xa9.fits");
}

void TestSafeFileName::accepted()
{
    QFETCH(QString, server);
    QFETCH(bool, allowDirs);
    QFETCH(QString, name);
    const SafeFileName s = checkServerFileName(server, allowDirs);
    QVERIFY2(s.isValid(), qPrintable(s.error));
    QCOMPARE(s.name, name);
}

void TestSafeFileName::refused_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<bool>("allowDirs");
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("dotdot") << ".." << true;
    QTest::newRow("dot") << "." << true;
    QTest::newRow("traversal") << "../../etc/passwd" << true;
    QTest::newRow("traversal mid") << "/SUM1/../../../root/.bashrc" << true;
    QTest::newRow("backslash traversal") << "..\\..\\x.fits" << true;
    QTest::newRow("absolute relative-only") << "/etc/passwd" << false;
    QTest::newRow("subdir relative-only") << "a/b.fits" << false;
    QTest::newRow("trailing slash") << "/SUM1/D1/" << true;
    QTest::newRow("newline") << "a\nb.fits" << false;
    QTest::newRow("nul") << QString::fromLatin1("a\0b.fits", 8) << false;
    QTest::newRow("escape") << "\x1b[31mred.fits" << false;
    QTest::newRow("del") << "a\x7f.fits" << false;
    QTest::newRow("too long") << QString(300, QLatin1Char('a')) << false;
    QTest::newRow("our suffix") << "x.fits.part" << false;
}

void TestSafeFileName::refused()
{
    QFETCH(QString, server);
    QFETCH(bool, allowDirs);
    const SafeFileName s = checkServerFileName(server, allowDirs);
    QVERIFY(!s.isValid());
    QVERIFY(s.name.isEmpty());
    QVERIFY(s.error.startsWith(QLatin1String("Refused the server file name")));
    // The message never echoes raw control bytes to a terminal.
    for (QChar c : s.error)
        QVERIFY(c.unicode() >= 0x20 && c.unicode() != 0x7f);
}

void TestSafeFileName::pathStaysInsideFolder()
{
    QTemporaryDir dir;
    QString error;
    const QString p = pathInsideFolder(dir.path(), QStringLiteral("x.fits"), &error);
    QCOMPARE(p, QDir::cleanPath(dir.path() + QLatin1String("/x.fits")));
    QVERIFY(pathInsideFolder(dir.path(), QStringLiteral("../x.fits"), &error).isEmpty());
    QVERIFY(error.contains(QLatin1String("..")));
    QVERIFY(pathInsideFolder(dir.path(), QStringLiteral("/tmp/x.fits"), &error).isEmpty());
    QVERIFY(pathInsideFolder(QString(), QStringLiteral("x.fits"), &error).isEmpty());
    QVERIFY(pathInsideFolder(dir.path() + QLatin1String("/sub/.."), QStringLiteral("y"), &error) == QDir::cleanPath(dir.path() + QLatin1String("/y")));
}

void TestSafeFileName::symlinkRefused()
{
    QTemporaryDir dir;
    QTemporaryDir outside;
    QVERIFY(QFile::link(outside.filePath(QStringLiteral("target")), dir.filePath(QStringLiteral("evil.fits"))));
    QString error;
    QVERIFY(pathInsideFolder(dir.path(), QStringLiteral("evil.fits"), &error).isEmpty());
    QVERIFY(error.contains(QLatin1String("symbolic link")));
}

void TestSafeFileName::quickExportNames()
{
    // drms's documented example (protocol §3.12).
    QCOMPARE(quickExportFileName(QStringLiteral("hmi.M_45s[2012.01.01_01:01:30_TAI][2]{magnetogram}"),
                                 QStringLiteral("/SUM41/D280342572/S00010/magnetogram.fits")),
             QStringLiteral("hmi.m_45s.20120101_010130_TAI.2.magnetogram.fits"));
    QCOMPARE(quickExportFileName(QStringLiteral("aia.lev1_euv_12s[2010-07-30T13:30:09Z][171]{image_lev1}"),
                                 QStringLiteral("/SUM1/D2/S0/image_lev1.fits")),
             QStringLiteral("aia.lev1_euv_12s.20100730T133009Z.171.image_lev1.fits"));
    QVERIFY(quickExportFileName(QStringLiteral("no brackets"), QStringLiteral("/x.fits")).isEmpty());
    // A hostile record spec still ends up refused by the name check.
    const QString evil = quickExportFileName(QStringLiteral("a[1]{../../x}"), QStringLiteral("/SUM1/x.fits"));
    QVERIFY(!checkServerFileName(evil, false).isValid());
}

QTEST_GUILESS_MAIN(TestSafeFileName)
#include "tst_safefilename.moc"
