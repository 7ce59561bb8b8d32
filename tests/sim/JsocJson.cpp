#include "sim/JsocJson.h"

namespace sim::jsocjson {

char *writeEscaped(char *p, QByteArrayView raw, bool escapeSlash)
{
    static const char hex[] = "0123456789abcdef";
    for (const char ch : raw) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c != '\\' && c != '"' && (c != '/' || !escapeSlash)) {
            *p++ = ch; // bytes >= 0x80 go out raw, as JSOC does
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '\\': *p++ = '\\'; break;
        case '"': *p++ = '"'; break;
        case '/': *p++ = '/'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[(c >> 4) & 0xf];
            *p++ = hex[c & 0xf];
        }
    }
    return p;
}

void appendEscaped(QByteArray &out, QByteArrayView raw, bool escapeSlash)
{
    const qsizetype old = out.size();
    out.resize(old + kMaxEscapedPerByte * raw.size());
    char *const start = out.data();
    out.resize(writeEscaped(start + old, raw, escapeSlash) - start);
}

void appendString(QByteArray &out, QByteArrayView raw)
{
    out.append('"');
    appendEscaped(out, raw);
    out.append('"');
}

namespace {

void writeCompact(QByteArray &out, const JsonNode &n)
{
    switch (n.type) {
    case JsonNode::Type::Null: out.append("null"); break;
    case JsonNode::Type::Bool:
    case JsonNode::Type::Number: out.append(n.text); break;
    case JsonNode::Type::String:
        out.append('"');
        appendEscaped(out, n.text, !n.keepSlash);
        out.append('"');
        break;
    case JsonNode::Type::Array:
        out.append('[');
        for (qsizetype i = 0; i < n.items.size(); ++i) {
            if (i)
                out.append(',');
            writeCompact(out, n.items[i]);
        }
        out.append(']');
        break;
    case JsonNode::Type::Object:
        out.append('{');
        for (qsizetype i = 0; i < n.items.size(); ++i) {
            if (i)
                out.append(',');
            appendString(out, n.keys[i]);
            out.append(':');
            writeCompact(out, n.items[i]);
        }
        out.append('}');
        break;
    }
}

} // namespace

QByteArray compact(const JsonNode &node)
{
    QByteArray out;
    writeCompact(out, node);
    return out;
}

QByteArray formatCompactText(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size() + in.size() / 4);
    int depth = 0;
    bool inString = false;
    auto newline = [&] {
        out.append('\n');
        for (int i = 0; i < depth; ++i)
            out.append('\t');
    };
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (inString) {
            out.append(c);
            if (c == '\\' && i + 1 < in.size())
                out.append(in[++i]);
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; out.append(c); break;
        case '{': out.append(c); ++depth; newline(); break;
        case '}': --depth; newline(); out.append(c); break;
        case ',': out.append(c); newline(); break;
        case ':': out.append(": "); break;
        default: out.append(c);
        }
    }
    return out;
}

QByteArray formatted(const JsonNode &node)
{
    return formatCompactText(compact(node));
}

void appendPyString(QByteArray &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        switch (c) {
        case '\\': out.append("\\\\"); break;
        case '"': out.append("\\\""); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (c < 0x20 || c > 0x7f) {
                out.append("\\u");
                out.append(hex[(c >> 12) & 0xf]);
                out.append(hex[(c >> 8) & 0xf]);
                out.append(hex[(c >> 4) & 0xf]);
                out.append(hex[c & 0xf]);
            } else {
                out.append(char(c));
            }
        }
    }
    out.append('"');
}

} // namespace sim::jsocjson
