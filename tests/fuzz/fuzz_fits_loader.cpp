// libFuzzer target for the FITS loader and everything that reads its result (limits, renderer,
// wcslib coordinates). Not built by CMake; build by hand with clang (see build_fuzzer.sh):
//   bash tests/fuzz/build_fuzzer.sh && /tmp/fuzz_fits_loader -max_total_time=300 CORPUS_DIR
// Inputs are whole FITS files held in memory (FitsLoader::loadBytes: no temporary files).
#include "model/FitsHeaderCards.h"
#include "model/FitsLoader.h"
#include "model/FitsOrientation.h"
#include "model/FitsPreview.h"
#include "model/SolarWcs.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
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
    return 0;
}
