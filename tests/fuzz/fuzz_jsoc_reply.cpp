// libFuzzer target for the parsers of JSOC reply bodies (bytes from outside). One source, one
// executable per parser: JSOC_FUZZ_PARSER selects which (see CMakeLists.txt). Besides "no crash,
// no sanitizer report", each holds its parser to the rules in JsocReplyChecks.h (the rs_list
// target: the hand-written reader and the QJsonDocument one give the same table whenever both
// accept a body). Findings go to tests/fuzz/regressions-json/, replayed by ctest.
#include "JsocReplyChecks.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace jsoc::fuzzcheck;
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
#if JSOC_FUZZ_PARSER == 1
    const QString broken = recordListsAgree(body);
#elif JSOC_FUZZ_PARSER == 2
    const QString broken = exportStatusHolds(body);
#elif JSOC_FUZZ_PARSER == 3
    const QString broken = seriesListsHold(body);
#elif JSOC_FUZZ_PARSER == 4
    const QString broken = seriesStructureHolds(body);
#elif JSOC_FUZZ_PARSER == 5
    const QString broken = recordCountHolds(body);
#elif JSOC_FUZZ_PARSER == 6
    const QString broken = addressCheckHolds(body);
#elif JSOC_FUZZ_PARSER == 7
    const QString broken = pendingRequestHolds(body);
#else
#error "JSOC_FUZZ_PARSER must select a parser"
#endif
    if (!broken.isEmpty()) {
        std::fprintf(stderr, "rule broken: %s\n", qPrintable(broken));
        std::abort();
    }
    return 0;
}
