// Every input the fuzz target once crashed on (tests/fuzz/regressions) goes through the same
// path as the fuzz target, from memory and from disk: each must end in an image or an error
// message, never a crash (run under ASan by tests/fuzz/build_fuzzer.sh; here with the normal
// allocator, where a petabyte calloc() simply fails). Table HDUs go through FitsTableReader too.
#include "model/fitsfile/FitsCompressionCheck.h"
#include "model/fitsfile/FitsFileCheck.h"
#include "model/fits/FitsHeaderCards.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/FitsPreview.h"
#include "model/fits/FitsTable.h"
#include "model/fits/FitsTableTime.h"
#include "model/fitsfile/FitsStructure.h"
#include "model/fits/SolarWcs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTest>

namespace {
// The inputs live in the source tree; the test runs from a build folder inside it (ccache makes
// __FILE__ relative), so look up from the executable's folder too.
QString regressionsFolder()
{
    QStringList candidates{QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/fuzz/regressions")};
    QDir dir(QCoreApplication::applicationDirPath());
    for (int up = 0; up < 5; ++up) {
        candidates << dir.absoluteFilePath(QStringLiteral("tests/fuzz/regressions"));
        if (!dir.cdUp())
            break;
    }
    for (const QString &c : candidates) {
        if (!c.isEmpty() && QFileInfo(c).isDir())
            return c;
    }
    return {};
}
} // namespace

class TestFitsFuzzRegressions final : public QObject
{
    Q_OBJECT

private slots:
    void inputsEndInAnImageOrAnError();
};

void TestFitsFuzzRegressions::inputsEndInAnImageOrAnError()
{
    const QString folder = regressionsFolder();
    QVERIFY2(!folder.isEmpty(), "tests/fuzz/regressions not found");
    const QFileInfoList inputs = QDir(folder).entryInfoList(QDir::Files, QDir::Name);
    QVERIFY(inputs.size() >= 3);
    for (const QFileInfo &input : inputs) {
        QFile f(input.absoluteFilePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        for (const int hdu : {-1, 1}) {
            fits::FitsLoadOptions options;
            options.hdu = hdu;
            for (const fits::FitsLoadResult &r : {fits::FitsLoader::loadBytes(bytes, options),
                                                  fits::FitsLoader::load(input.absoluteFilePath(), options)}) {
                if (!r.ok()) {
                    QVERIFY2(r.error.size() > 10, qPrintable(input.fileName() + QStringLiteral(": ") + r.error));
                    continue;
                }
                QVERIFY(!r.image.isNull());
                fits::PreviewOptions preview;
                preview.maxSize = 64;
                QVERIFY(fits::FitsPreview::render(r.image, preview).ok());
                const fits::SolarWcs wcs(r.image);
                (void)wcs.pixelToWorld(0, 0);
                const fits::FitsImage turned = fits::FitsOrientation::rotated(r.image, fits::FitsOrientation::northUpTurns(r.image));
                QCOMPARE(turned.pixels.size(), r.image.pixels.size());
                for (const fits::FitsHduInfo &h : r.image.hdus)
                    QVERIFY(fits::FitsHeaderCards::mergeLongStrings(h.cards).size() <= h.cards.size());
            }
        }
        // The table path (FitsTableReader and the light-curve time axis), from memory and from disk.
        for (const int hdu : {-1, 1, 2}) {
            fits::FitsTableOptions options;
            options.hdu = hdu;
            options.maxCells = 1 << 16;
            for (const fits::FitsTableResult &t : {fits::FitsTableReader::readBytes(bytes, options),
                                                   fits::FitsTableReader::read(input.absoluteFilePath(), options)}) {
                if (!t.ok()) {
                    QVERIFY2(t.error.size() > 10, qPrintable(input.fileName() + QStringLiteral(": ") + t.error));
                    continue;
                }
                QVERIFY(t.table.rowsRead <= t.table.rowCount);
                const fits::FitsTableTime time = fits::FitsTableTime::of(t.table);
                QVERIFY(!time.found() || qint64(time.unixSeconds.size()) == t.table.rowsRead);
            }
        }
        QString error;
        for (const fits::FitsHduInfo &h : fits::FitsLoader::readHeaders(input.absoluteFilePath(), &error))
            (void)fits::FitsHeaderCards::forDisplay(h.cards);
        // The raw walk, the compression pre-check and the download check see the same bytes.
        const fits::FitsStructure s = fits::FitsStructure::scanBytes(bytes);
        for (const fits::FitsHduLayout &h : s.hdus)
            (void)fits::FitsCompressionCheck::problem(h);
        const fits::FitsFileCheck check = fits::FitsFileCheck::verify(input.absoluteFilePath());
        QVERIFY(check.isSound() || !check.problem.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestFitsFuzzRegressions)
#include "tst_fits_fuzzregressions.moc"
