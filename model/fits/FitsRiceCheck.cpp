#include "model/fits/FitsRiceCheck.h"

#include <algorithm>

namespace fits {

bool FitsRiceCheck::tileStaysInside(const unsigned char *bytes, std::size_t length, const RiceTileShape &shape)
{
    // Code widths of cfitsio's encoder: the split-position field and the "no compression" code.
    int fsBits = 5, fsMax = 25, pixelBits = 32;
    if (shape.bytesPerPixel == 1) {
        fsBits = 3; fsMax = 6; pixelBits = 8;
    } else if (shape.bytesPerPixel == 2) {
        fsBits = 4; fsMax = 14; pixelBits = 16;
    } else if (shape.bytesPerPixel != 4) {
        return false;
    }
    if (shape.blockSize <= 0 || shape.pixels < 0)
        return false;
    std::size_t at = 0;
    // The first pixel, stored raw, then the first byte of the bit buffer.
    at += std::size_t(shape.bytesPerPixel);
    if (at >= length)
        return shape.pixels == 0 && at <= length;
    std::uint64_t buffer = bytes[at++];
    int bitsLeft = 8;
    auto nextByte = [&](std::uint64_t *out) {
        if (at >= length)
            return false;
        *out = bytes[at++];
        return true;
    };
    std::uint64_t byte = 0;
    for (std::int64_t i = 0; i < shape.pixels;) {
        bitsLeft -= fsBits;
        while (bitsLeft < 0) {
            if (!nextByte(&byte))
                return false;
            buffer = (buffer << 8) | byte;
            bitsLeft += 8;
        }
        const int fs = int(buffer >> bitsLeft) - 1;
        buffer &= (std::uint64_t(1) << bitsLeft) - 1;
        const std::int64_t blockEnd = std::min<std::int64_t>(i + shape.blockSize, shape.pixels);
        if (fs < 0) {
            i = blockEnd; // a block of equal pixels: no bits
        } else if (fs == fsMax) {
            // Raw differences, pixelBits each.
            const std::int64_t bits = std::int64_t(blockEnd - i) * pixelBits;
            std::int64_t need = bits - bitsLeft;
            while (need > 0) {
                if (!nextByte(&byte))
                    return false;
                need -= 8;
            }
            bitsLeft = int(-need);
            buffer = bitsLeft > 0 ? (byte & ((std::uint64_t(1) << bitsLeft) - 1)) : 0;
            i = blockEnd;
        } else if (fs > fsMax) {
            return false; // cfitsio would shift by more than a word
        } else {
            for (; i < blockEnd; ++i) {
                // The unary part: zero bits up to a one.
                while (buffer == 0) {
                    if (!nextByte(&byte))
                        return false;
                    buffer = byte;
                    bitsLeft += 8;
                }
                const int top = 63 - __builtin_clzll(buffer); // buffer != 0 here
                bitsLeft = top; // bits below the leading one
                buffer ^= std::uint64_t(1) << top;
                bitsLeft -= fs;
                while (bitsLeft < 0) {
                    if (!nextByte(&byte))
                        return false;
                    buffer = (buffer << 8) | byte;
                    bitsLeft += 8;
                }
                buffer &= (std::uint64_t(1) << bitsLeft) - 1;
            }
        }
    }
    return true;
}

} // namespace fits
