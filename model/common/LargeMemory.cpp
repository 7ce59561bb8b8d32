#include "model/common/LargeMemory.h"

#if defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <cstdint>
#endif

namespace jsoc {

void tuneAllocatorForLargeTables()
{
#if defined(__linux__) && defined(__GLIBC__)
    // Serve buffers up to 32 MiB (glibc's ceiling) from the heap instead of one mmap each, and
    // keep up to 64 MiB of freed heap instead of trimming it: the next page's body and columns
    // then land in memory that is already mapped. Fixed values also stop glibc's own threshold
    // from drifting with the sizes it has seen.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

namespace {
#if defined(__linux__)
// madvise() over the whole `unit`-aligned stretches inside [data, data + bytes), never beyond:
// the memory around a buffer is not ours to advise.
void adviseInside(void *data, qsizetype bytes, std::uintptr_t unit, int advice)
{
    if (!data || bytes <= 0)
        return;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + unit - 1) & ~(unit - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + std::uintptr_t(bytes)) & ~(unit - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, advice); // unsupported advice: EINVAL, fine
}
#endif
} // namespace

void adviseHugePages(void *data, qsizetype bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHuge = std::uintptr_t(2) * 1024 * 1024;
    if (bytes >= qsizetype(2 * kHuge))
        adviseInside(data, bytes, kHuge, MADV_HUGEPAGE);
#else
    Q_UNUSED(data);
    Q_UNUSED(bytes);
#endif
}

void prefaultForWriting(void *data, qsizetype bytes)
{
#if defined(__linux__)
    constexpr int kPopulateWrite = 23; // MADV_POPULATE_WRITE (Linux 5.14), missing from older headers
    constexpr std::uintptr_t kPage = 4096;
    if (bytes >= qsizetype(16 * kPage)) // the partial first page faults in as usual
        adviseInside(data, bytes, kPage, kPopulateWrite);
#else
    Q_UNUSED(data);
    Q_UNUSED(bytes);
#endif
}

} // namespace jsoc
