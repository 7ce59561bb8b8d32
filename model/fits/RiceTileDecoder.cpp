#include "model/fits/RiceTileDecoder.h"

#include <bit>
#include <cstring>

namespace fits {
namespace {

// The tile's bits from bit position `pos` on, left-aligned in 64 bits (at least 57 of them valid);
// bytes past the end of the tile read as zero, so no read leaves the buffer.
struct RiceBitWindow {
    const unsigned char *bytes;
    std::size_t length;

    std::uint64_t at(std::size_t pos) const
    {
        const std::size_t byte = pos >> 3;
        std::uint64_t word = 0;
        if (byte + 8 <= length) {
            std::memcpy(&word, bytes + byte, sizeof word);
            if constexpr (std::endian::native == std::endian::little)
                word = __builtin_bswap64(word);
        } else {
            for (std::size_t i = 0; i < 8; ++i)
                word = (word << 8) | (byte + i < length ? bytes[byte + i] : 0u);
        }
        return word << (pos & 7);
    }
};

constexpr int kRiceShortCodeBits = 4;
constexpr int kRiceShortRawCode = 14; // k of a block of raw 16-bit differences (code 15)

inline std::uint32_t riceUnfold(std::uint32_t d)
{
    return (d & 1) ? ~(d >> 1) : (d >> 1);
}

} // namespace

bool RiceTileDecoder::decodeShorts(const unsigned char *bytes, std::size_t length, int blockSize, short *out,
                                   std::int64_t pixels)
{
    if (pixels <= 0)
        return pixels == 0;
    if (blockSize <= 0 || length < 3)
        return false;
    const RiceBitWindow bits{bytes, length};
    const std::size_t limit = 8 * length; // bits in the tile: reading past them is damage
    std::uint32_t last = (std::uint32_t(bytes[0]) << 8) | bytes[1];
    std::size_t pos = 16;
    for (std::int64_t i = 0; i < pixels;) {
        const int k = int(bits.at(pos) >> (64 - kRiceShortCodeBits)) - 1;
        pos += kRiceShortCodeBits;
        const std::int64_t blockEnd = pixels - i < blockSize ? pixels : i + blockSize;
        if (k < 0) {
            for (; i < blockEnd; ++i)
                out[i] = short(std::uint16_t(last));
        } else if (k == kRiceShortRawCode) {
            for (; i < blockEnd; ++i) {
                last += riceUnfold(std::uint32_t(bits.at(pos) >> 48));
                pos += 16;
                out[i] = short(std::uint16_t(last));
            }
        } else {
            for (; i < blockEnd; ++i) {
                // The unary part: zeros up to a one (at most 56 of them seen per window).
                std::uint64_t w = bits.at(pos);
                std::uint32_t q = 0;
                int zeros = std::countl_zero(w);
                while (zeros > 56) { // a long run (or the zeros past the end): the next window
                    q += 56;
                    pos += 56;
                    if (pos > limit)
                        return false;
                    w = bits.at(pos);
                    zeros = std::countl_zero(w);
                }
                q += std::uint32_t(zeros);
                const int used = zeros + 1;
                pos += std::size_t(used);
                // The k remainder bits: still in this window when it held them (57 valid bits).
                std::uint32_t r = 0;
                if (k)
                    r = std::uint32_t((used + k <= 57 ? w << used : bits.at(pos)) >> (64 - k));
                pos += std::size_t(k);
                last += riceUnfold((q << k) | r);
                out[i] = short(std::uint16_t(last));
            }
        }
        if (pos > limit)
            return false; // the code ran past the tile's bytes
    }
    return true;
}

} // namespace fits
