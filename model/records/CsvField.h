#pragma once

#include <QByteArray>
#include <QByteArrayView>

// The one CSV field rule of the app (RFC 4180), for jsoc-cli's TableWriter and the table's CSV
// export alike, so both write the same bytes for the same cell: a field holding a comma, a quote,
// CR or LF is quoted with its quotes doubled; any other field is written as it is. Works on
// UTF-8 bytes: every byte that needs care is ASCII, other bytes are copied untouched.
namespace jsoc::csv {

// True if `value` must be quoted.
bool needsQuoting(QByteArrayView value);

// The most bytes writeField() writes for a value of `size` bytes (every byte a quote, plus the two quotes).
constexpr qsizetype maxFieldBytes(qsizetype size)
{
    return 2 * size + 2;
}

// Writes the field at `p`, which has room for maxFieldBytes(value.size()); returns the end.
// A raw cursor because it runs for every cell of a million-row query.
char *writeField(char *p, QByteArrayView value);

// Appends the field to `out`.
void appendField(QByteArray &out, QByteArrayView value);

} // namespace jsoc::csv
