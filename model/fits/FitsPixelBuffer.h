#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include <sys/mman.h>

// Pixel storage for decoded images. Two things matter for a 64 MiB float plane: resize() must
// not zero-fill memory that the decoder overwrites at once, and the first touch of each page is
// expensive (page faults dominated the profile on our VMs), so large buffers are 2 MiB aligned
// and advised as transparent huge pages (one fault per 2 MiB instead of per 4 KiB).
namespace fits {

template<typename T>
struct PixelAllocator {
    using value_type = T;
    static constexpr std::size_t kHuge = std::size_t(2) << 20;

    PixelAllocator() = default;
    template<typename U>
    PixelAllocator(const PixelAllocator<U> &) noexcept {}

    T *allocate(std::size_t n)
    {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < 2 * kHuge)
            return static_cast<T *>(::operator new(bytes));
        const std::size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
        void *p = std::aligned_alloc(kHuge, rounded);
        if (!p)
            throw std::bad_alloc();
        madvise(p, rounded, MADV_HUGEPAGE);
        return static_cast<T *>(p);
    }
    void deallocate(T *p, std::size_t n) noexcept
    {
        if (n * sizeof(T) < 2 * kHuge)
            ::operator delete(p);
        else
            std::free(p);
    }
    // Default-initialise (no zero fill) on resize(n); resize(n, value) still fills.
    template<typename U>
    void construct(U *p) noexcept
    {
        ::new (static_cast<void *>(p)) U;
    }
    template<typename U, typename... Args>
    void construct(U *p, Args &&...args)
    {
        ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
    }
    template<typename U>
    bool operator==(const PixelAllocator<U> &) const noexcept { return true; }
};

using PixelBuffer = std::vector<float, PixelAllocator<float>>;

} // namespace fits
