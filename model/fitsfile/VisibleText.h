#pragma once

#include <QString>

namespace fits {

// `text` with every control character (C0, DEL, C1: a header may carry raw ESC sequences that
// would drive a terminal or garble a view) written as a visible "\xNN" escape.
QString visibleText(const QString &text);

} // namespace fits
