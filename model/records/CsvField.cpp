#include "model/records/CsvField.h"

#include <cstring>

namespace jsoc::csv {

namespace {

// One table lookup per byte instead of four compares.
struct SpecialBytes {
    bool has[256] = {};
    constexpr SpecialBytes()
    {
        for (const char c : {',', '"', '\n', '\r'})
            has[static_cast<unsigned char>(c)] = true;
    }
};
constexpr SpecialBytes kSpecial;

} // namespace

bool needsQuoting(QByteArrayView value)
{
    for (const char c : value)
        if (kSpecial.has[static_cast<unsigned char>(c)])
            return true;
    return false;
}

char *writeField(char *p, QByteArrayView value)
{
    if (!needsQuoting(value)) {
        if (!value.isEmpty())
            std::memcpy(p, value.data(), size_t(value.size()));
        return p + value.size();
    }
    *p++ = '"';
    for (const char c : value) {
        if (c == '"')
            *p++ = '"';
        *p++ = c;
    }
    *p++ = '"';
    return p;
}

void appendField(QByteArray &out, QByteArrayView value)
{
    if (!needsQuoting(value)) {
        out.append(value.data(), value.size());
        return;
    }
    const qsizetype old = out.size();
    out.resize(old + maxFieldBytes(value.size()));
    char *const start = out.data();
    out.resize(writeField(start + old, value) - start);
}

} // namespace jsoc::csv
