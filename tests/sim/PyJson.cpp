#include "sim/PyJson.h"

namespace sim::pyjson {

QByteArray string(const QString &s)
{
    QByteArray out("\"");
    for (QChar c : s) {
        const ushort u = c.unicode();
        if (u == '"')
            out.append("\\\"");
        else if (u == '\\')
            out.append("\\\\");
        else if (u == '\n')
            out.append("\\n");
        else if (u < 0x20 || u > 0x7e)
            out.append("\\u").append(QByteArray::number(u, 16).rightJustified(4, '0'));
        else
            out.append(static_cast<char>(u));
    }
    return out.append('"');
}

} // namespace sim::pyjson
