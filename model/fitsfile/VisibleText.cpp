#include "model/fitsfile/VisibleText.h"

namespace fits {

QString visibleText(const QString &text)
{
    const auto isControl = [](char16_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); };
    bool plain = true;
    for (QChar c : text)
        plain = plain && !isControl(c.unicode());
    if (plain)
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (QChar c : text) {
        if (isControl(c.unicode()))
            out += QStringLiteral("\\x%1").arg(int(c.unicode()), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace fits
