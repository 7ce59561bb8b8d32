// libFuzzer target for the export processing text (`process=n` after the limit: "im_patch,x=…|rebin,…"),
// which comes back from the queue file and from jsoc-cli's arguments. Built by hand (the
// sanitizers need clang):
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I. \
//     $(pkg-config --cflags Qt6Core) tests/fuzz/fuzz_processing_text.cpp model/exports/Processing*.cpp \
//     model/exports/ExportSizeEstimate.cpp model/drms/DrmsTime.cpp model/drms/SeriesStructure.cpp \
//     model/common/DisplayFormat.cpp $(pkg-config --libs Qt6Core) -o /tmp/fuzz_processing_text
//   /tmp/fuzz_processing_text -max_total_time=120 -max_len=512
// Besides not crashing: every message is words, text -> steps -> text settles at once, a known
// size ratio is a finite number, and the size estimate never goes negative.
#include "model/exports/ExportSizeEstimate.h"
#include "model/exports/ProcessingCheck.h"
#include "model/exports/ProcessingSizeRatio.h"
#include "model/exports/ProcessingSteps.h"

#include <QString>

#include <cmath>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    // The first line, when there are two, is taken as the series name.
    const QString series = text.section(QLatin1Char('\n'), 0, 0);
    const QString process = text.section(QLatin1Char('\n'), 1);
    const QList<jsoc::ProcessingStep> steps = jsoc::parseProcessingText(process);
    const QStringList problems = jsoc::processingTextProblems(process) + jsoc::checkProcessingChain(steps, series, qint64(size % 3))
                                 + jsoc::checkProcessingForSeries(steps, series);
    for (const QString &m : problems)
        if (m.size() < 10)
            std::abort();
    const QString once = jsoc::processingText(steps);
    if (jsoc::processingText(jsoc::parseProcessingText(once)) != once)
        std::abort();
    const jsoc::ProcessingSizeRatio ratio = jsoc::processingSizeRatio(steps, {4096, 4096, 0.5});
    if (ratio.known ? !(std::isfinite(ratio.ratio) && ratio.ratio >= 0) : ratio.unknownWhy.isEmpty())
        std::abort();
    const jsoc::ExportSizeEstimate e = jsoc::estimateExportSize(qint64(size) * 1000, qint64(size) * 15200000, 0, ratio);
    if (ratio.known && e.bytes < 0)
        std::abort();
    if (e.sizeText().isEmpty())
        std::abort();
    return 0;
}
