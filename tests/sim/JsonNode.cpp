#include "sim/JsonNode.h"

namespace sim {

namespace {

class Parser
{
public:
    explicit Parser(const QByteArray &text) : m_s(text) {}

    std::optional<JsonNode> parseDocument(QString *error)
    {
        JsonNode node;
        if (!value(node) || (skipWs(), m_pos != m_s.size())) {
            if (error)
                *error = QStringLiteral("JSON syntax error at byte %1").arg(m_pos);
            return std::nullopt;
        }
        return node;
    }

private:
    void skipWs()
    {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r' || m_s[m_pos] == '\t'))
            ++m_pos;
    }
    bool eat(char c)
    {
        skipWs();
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    static int hexVal(char c)
    {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    bool stringBody(QByteArray &out)
    {
        // m_pos is just after the opening quote
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos++];
            if (c == '"')
                return true;
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (m_pos >= m_s.size())
                return false;
            const char e = m_s[m_pos++];
            switch (e) {
            case '"': out.append('"'); break;
            case '\\': out.append('\\'); break;
            case '/': out.append('/'); break;
            case 'b': out.append('\b'); break;
            case 'f': out.append('\f'); break;
            case 'n': out.append('\n'); break;
            case 'r': out.append('\r'); break;
            case 't': out.append('\t'); break;
            case 'u': {
                if (m_pos + 4 > m_s.size())
                    return false;
                int v = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexVal(m_s[m_pos + i]);
                    if (h < 0)
                        return false;
                    v = v * 16 + h;
                }
                m_pos += 4;
                out.append(QString(QChar(v)).toUtf8());
                break;
            }
            default:
                return false;
            }
        }
        return false;
    }
    bool value(JsonNode &node)
    {
        skipWs();
        if (m_pos >= m_s.size())
            return false;
        const char c = m_s[m_pos];
        if (c == '{') {
            ++m_pos;
            node = JsonNode::object();
            if (eat('}'))
                return true;
            do {
                if (!eat('"'))
                    return false;
                QByteArray key;
                if (!stringBody(key) || !eat(':'))
                    return false;
                JsonNode child;
                if (!value(child))
                    return false;
                node.append(key, std::move(child));
            } while (eat(','));
            return eat('}');
        }
        if (c == '[') {
            ++m_pos;
            node = JsonNode::array();
            if (eat(']'))
                return true;
            do {
                JsonNode child;
                if (!value(child))
                    return false;
                node.items.append(std::move(child));
            } while (eat(','));
            return eat(']');
        }
        if (c == '"') {
            ++m_pos;
            node = JsonNode::string(QByteArray());
            return stringBody(node.text);
        }
        if (m_s.mid(m_pos, 4) == "null") {
            m_pos += 4;
            node = JsonNode::null();
            return true;
        }
        if (m_s.mid(m_pos, 4) == "true" || m_s.mid(m_pos, 5) == "false") {
            const bool t = m_s[m_pos] == 't';
            node.type = JsonNode::Type::Bool;
            node.text = t ? "true" : "false";
            m_pos += t ? 4 : 5;
            return true;
        }
        const qsizetype start = m_pos;
        while (m_pos < m_s.size() && (QByteArrayView("+-.eE0123456789").contains(m_s[m_pos])))
            ++m_pos;
        if (m_pos == start)
            return false;
        node = JsonNode::number(m_s.mid(start, m_pos - start));
        return true;
    }

    const QByteArray &m_s;
    qsizetype m_pos = 0;
};

} // namespace

const JsonNode *JsonNode::find(const QByteArray &key) const
{
    const qsizetype i = keys.indexOf(key);
    return i < 0 ? nullptr : &items[i];
}

JsonNode *JsonNode::find(const QByteArray &key)
{
    const qsizetype i = keys.indexOf(key);
    return i < 0 ? nullptr : &items[i];
}

void JsonNode::set(const QByteArray &key, JsonNode value)
{
    if (JsonNode *n = find(key))
        *n = std::move(value);
    else
        append(key, std::move(value));
}

void JsonNode::remove(const QByteArray &key)
{
    const qsizetype i = keys.indexOf(key);
    if (i >= 0) {
        keys.removeAt(i);
        items.removeAt(i);
    }
}

QString JsonNode::str(const QByteArray &key) const
{
    const JsonNode *n = find(key);
    return n && n->type == Type::String ? QString::fromUtf8(n->text) : QString();
}

std::optional<JsonNode> JsonNode::parse(const QByteArray &text, QString *error)
{
    return Parser(text).parseDocument(error);
}

} // namespace sim
