#pragma once

#include <QtGlobal>

// Memory policy for the big, short-lived buffers of a record-set load (tens of MB of JSON per
// page, then columns of the same size). On Linux, first touches of fresh 4 KiB pages — not the
// copying or parsing — were over a third of the CPU time of a 200,000-record load. Both calls are
// hints: harmless where unsupported, and nothing depends on them for correctness.
namespace jsoc {

// Call once at start-up, before threads start. Keeps freed memory of earlier pages for reuse
// (glibc would otherwise hand every multi-MB buffer back to the kernel and fault it in again).
void tuneAllocatorForLargeTables();

// Asks for transparent huge pages on [data, data + bytes) before it is written (Linux THP in
// "madvise" mode): one fault per 2 MiB instead of per 4 KiB. Skips buffers under 4 MiB.
void adviseHugePages(void *data, qsizetype bytes);

// Maps in [data, data + bytes) with one call before it is written in full (Linux 5.14+
// MADV_POPULATE_WRITE): several times cheaper than faulting it in page by page.
void prefaultForWriting(void *data, qsizetype bytes);

} // namespace jsoc
