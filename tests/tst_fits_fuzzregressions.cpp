// Every input the fuzz target once crashed on (tests/fuzz/regressions) goes through the same
// path as the fuzz target, from memory and from disk: each must end in an image or an error
// message, never a crash (run under ASan by tests/fuzz/build_fuzzer.sh; here with the normal
// allocator, where a petabyte calloc() simply fails).
#include "model/fitsfile/FitsCompressionCheck.h"
#include "model/fitsfile/FitsFileCheck.h"
#include "model/fits/FitsHeaderCards.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/FitsPreview.h"
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
