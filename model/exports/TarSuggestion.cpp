#include "model/exports/TarSuggestion.h"

#include "model/common/DisplayFormat.h"

#include <limits>

namespace jsoc {

TarSuggestion suggestTarExport(qint64 fileCount, qint64 totalBytes)
{
    TarSuggestion result;
    // Above a billion files the count is a lie (JSOC refuses exports far smaller): say nothing.
    if (fileCount < kTarSuggestionMinFiles || fileCount > 1'000'000'000)
        return result;
    result.suggest = true;
    // Seconds of request latency in all: 0.3 s per file from nearby, 1 s from far away.
    const qint64 fastest = fileCount * 3 / 10;
    const qint64 slowest = fileCount;
    result.sentence = QStringLiteral("%1 files: ask for one tar (url-tar). One by one over JSOC's single connection "
                                     "each file costs a request of 0.3–1 s, %2–%3 of waiting in all, and JSOC asks "
                                     "heavy users for url-tar.")
                          .arg(format::count(fileCount), format::duration(fastest), format::duration(slowest));
    if (totalBytes > 0 && totalBytes <= std::numeric_limits<qint64>::max() / 2)
        result.sentence += QStringLiteral(" Unpacking needs room for the tar and its files, about 2 × %1.")
                               .arg(format::bytes(totalBytes));
    return result;
}

} // namespace jsoc
