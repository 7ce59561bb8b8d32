#include "sim/CgiParams.h"

namespace sim {

QByteArray percentDecode(const QByteArray &in, bool plusIsSpace)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%' && i + 2 < in.size()) {
            bool ok = false;
            const int v = in.mid(i + 1, 2).toInt(&ok, 16);
            if (ok) {
                out.append(char(v));
                i += 2;
                continue;
            }
        }
        out.append(plusIsSpace && c == '+' ? ' ' : c);
    }
    return out;
}

CgiParams parseCgiParams(const QByteArray &rawQuery, const QByteArray &formBody)
{
    CgiParams params;
    for (const QByteArray &source : {rawQuery, formBody}) {
        for (const QByteArray &part : source.split('&')) {
            if (part.isEmpty())
                continue;
            const qsizetype eq = part.indexOf('=');
            const QByteArray name = eq < 0 ? part : part.left(eq);
            const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
            params.insert(QString::fromLatin1(percentDecode(name, true)), QString::fromUtf8(percentDecode(value, true)));
        }
    }
    return params;
}

} // namespace sim
