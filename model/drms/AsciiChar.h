#pragma once

#include <QChar>

// DRMS names, times and record-set texts are ASCII by definition: QChar::isDigit() and isLetter()
// would also accept Arabic-Indic digits or accented letters, which JSOC would refuse.
namespace drms {

inline bool isAsciiDigit(QChar c) { return c.unicode() >= '0' && c.unicode() <= '9'; }
inline bool isAsciiLetter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

} // namespace drms
