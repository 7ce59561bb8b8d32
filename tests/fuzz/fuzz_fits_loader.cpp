// libFuzzer target for the FITS loader and everything that reads its result (limits, renderer,
// wcslib coordinates). Not built by CMake; build by hand with clang (see build_fuzzer.sh):
//   bash tests/fuzz/build_fuzzer.sh && /tmp/fuzz_fits_loader -max_total_time=300 CORPUS_DIR
// Inputs are whole FITS files: held in memory (FitsLoader::loadBytes, FitsStructure::scanBytes
// and the compression pre-check), and once per input written to a memfd (no disk) for the paths
// that read files: FitsFileCheck::verify (the download check and its checksums), FitsLoader::load
// and readHeaders. Tables (FitsTableReader, their time axis) and gzip'd inputs (inflated under a
// small cap, then every path again on the inflated bytes) are fuzzed too.
#include "model/fitsfile/FitsCompressionCheck.h"
#include "model/fitsfile/FitsFileCheck.h"
#include "model/fits/FitsHeaderCards.h"
#include "model/fits/FitsUncompress.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsTable.h"
#include "model/fits/FitsTableTime.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/FitsPreview.h"
#include "model/fitsfile/FitsStructure.h"
#include "model/fits/SolarWcs.h"

#include <cstddef>
#include <cstdint>

#include <sys/mman.h>
#include <unistd.h>

namespace {

// The raw header walk, the compression pre-check and the card display on the bytes.
void checkStructure(const QByteArray &bytes)
{
    const fits::FitsStructure s = fits::FitsStructure::scanBytes(bytes);
    for (const fits::FitsHduLayout &hdu : s.hdus) {
        (void)fits::FitsCompressionCheck::problem(hdu);
        (void)hdu.integer("NAXIS1");
    }
}

// The file-based paths, through a memfd holding the input.
void checkFilePaths(const std::uint8_t *data, std::size_t size)
{
    static const int fd = memfd_create("fuzz.fits", 0);
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != ssize_t(size))
        return;
    const QString path = QStringLiteral("/proc/self/fd/%1").arg(fd);
    (void)fits::FitsFileCheck::verify(path);
    (void)fits::FitsFileCheck::looksLikeFits(path);
    QString error;
    for (const fits::FitsHduInfo &hdu : fits::FitsLoader::readHeaders(path, &error))
        (void)fits::FitsHeaderCards::forDisplay(hdu.cards);
    fits::FitsLoadOptions options;
    options.maxPixels = std::int64_t(1) << 22;
    (void)fits::FitsLoader::load(path, options);
}

// Every table HDU of the file (the first, and HDU 1 and 2 by number) with its time axis.
void checkTables(const QByteArray &bytes)
{
    for (const int hdu : {-1, 1, 2}) {
        fits::FitsTableOptions options;
        options.hdu = hdu;
        options.maxCells = 1 << 16;
        const fits::FitsTableResult r = fits::FitsTableReader::readBytes(bytes, options);
        if (!r.ok())
            continue;
        const fits::FitsTableTime time = fits::FitsTableTime::of(r.table);
        (void)time.found();
        (void)r.table.summary();
    }
}

void checkImages(const QByteArray &bytes);

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    if (fits::FitsUncompress::containerOf(bytes.left(4)) != fits::FitsUncompress::Container::None) {
        // A gzip'd, .Z, .zip or .bz2 input: unpacked under a small cap, then every path on what it holds.
        QString error;
        const QByteArray inflated = fits::FitsUncompress::unpack(bytes, 1 << 22, &error);
        if (inflated.isEmpty())
            return 0;
        checkStructure(inflated);
        checkTables(inflated);
        checkImages(inflated);
        return 0;
    }
    checkStructure(bytes);
    checkFilePaths(data, size);
    checkTables(bytes);
    checkImages(bytes);
    return 0;
}

namespace {

void checkImages(const QByteArray &bytes)
{
    fits::FitsLoadOptions options;
    options.maxPixels = std::int64_t(1) << 22; // keep each run fast; the limit logic is what is tested
    for (const int hdu : {-1, 1}) {
        options.hdu = hdu;
        const fits::FitsLoadResult r = fits::FitsLoader::loadBytes(bytes, options);
        if (!r.ok())
            continue;
        fits::PreviewOptions preview;
        preview.maxSize = 64;
        for (const char *clip : {"99.5", "zscale"}) {
            fits::ClipSpec::parse(QString::fromLatin1(clip), &preview.clip);
            (void)fits::FitsPreview::render(r.image, preview);
        }
        const fits::SolarWcs wcs(r.image);
        (void)wcs.pixelToWorld(0, 0);
        (void)wcs.pixelToWorld(r.image.width / 2.0, r.image.height / 2.0);
        // North up (any CROTA2 / PC the header claims) and the mapping back to file pixels.
        const fits::FitsImage turned = fits::FitsOrientation::rotated(r.image, fits::FitsOrientation::northUpTurns(r.image) + 1);
        (void)fits::FitsOrientation::toFile(turned, QPoint(turned.width - 1, 0));
        for (const fits::FitsHduInfo &hdu : r.image.hdus)
            (void)fits::FitsHeaderCards::mergeLongStrings(hdu.cards);
        (void)fits::FitsCaption::fromImage(r.image).text();
    }
}

} // namespace
