#include "sim/SqlFilter.h"

#include <QRegularExpression>
#include <cmath>

#include "sim/KeywordSynth.h"

namespace sim {

struct SqlFilter::Node {
    enum class Type { And, Or, Not, Compare, Literal, Column, ImageExists };
    Type type = Type::Literal;
    QString op;                 // Compare: = != < <= > >=
    std::shared_ptr<const Node> a, b;
    bool isText = false;        // Literal
    double number = 0.0;
    QString text;
    int column = -1;            // Column: keyword index
    bool recnum = false;        // Column: the recnum pseudo column
    std::shared_ptr<const QRegularExpression> pattern; // Compare ~ with a literal pattern, compiled once
};

namespace {

using Node = SqlFilter::Node;
using NodeP = std::shared_ptr<const Node>;

struct Token {
    enum class Kind { Ident, Number, String, Op, LParen, RParen, Comma, End };
    Kind kind = Kind::End;
    QString text;
    double number = 0.0;
};

class Parser
{
public:
    Parser(const QString &sql, const SeriesDef &def) : m_s(sql), m_def(def) {}

    NodeP parse(QString *error)
    {
        if (!tokenize()) {
            *error = m_error;
            return nullptr;
        }
        NodeP n = orExpr();
        if (n && peek().kind != Token::Kind::End)
            fail(QStringLiteral("ERROR:  syntax error at or near \"%1\"").arg(peek().text));
        if (!m_error.isEmpty()) {
            *error = m_error;
            return nullptr;
        }
        return n;
    }

private:
    void fail(const QString &msg)
    {
        if (m_error.isEmpty())
            m_error = msg;
    }

    bool tokenize()
    {
        qsizetype i = 0;
        const qsizetype n = m_s.size();
        while (i < n) {
            const QChar c = m_s[i];
            if (c.isSpace()) {
                ++i;
                continue;
            }
            Token t;
            if (c.isLetter() || c == '_') {
                const qsizetype st = i;
                while (i < n && (m_s[i].isLetterOrNumber() || m_s[i] == '_' || m_s[i] == '.'))
                    ++i;
                t.kind = Token::Kind::Ident;
                t.text = m_s.mid(st, i - st);
            } else if (c.isDigit() || (c == '.' && i + 1 < n && m_s[i + 1].isDigit())) {
                const qsizetype st = i;
                if (c == '0' && i + 1 < n && (m_s[i + 1] == 'x' || m_s[i + 1] == 'X')) {
                    i += 2;
                    while (i < n && m_s[i].isLetterOrNumber())
                        ++i;
                    bool ok = false;
                    t.number = double(m_s.mid(st + 2, i - st - 2).toLongLong(&ok, 16));
                    if (!ok) {
                        fail(QStringLiteral("ERROR:  invalid hexadecimal number \"%1\"").arg(m_s.mid(st, i - st)));
                        return false;
                    }
                } else {
                    while (i < n && (m_s[i].isDigit() || m_s[i] == '.'))
                        ++i;
                    if (i < n && (m_s[i] == 'e' || m_s[i] == 'E')) {
                        ++i;
                        if (i < n && (m_s[i] == '+' || m_s[i] == '-'))
                            ++i;
                        while (i < n && m_s[i].isDigit())
                            ++i;
                    }
                    bool ok = false;
                    t.number = m_s.mid(st, i - st).toDouble(&ok);
                    if (!ok) {
                        fail(QStringLiteral("ERROR:  syntax error at or near \"%1\"").arg(m_s.mid(st, i - st)));
                        return false;
                    }
                }
                t.kind = Token::Kind::Number;
                t.text = m_s.mid(st, i - st);
            } else if (c == '\'' || c == '"') {
                const QChar q = c;
                ++i;
                QString v;
                while (i < n && m_s[i] != q)
                    v += m_s[i++];
                if (i >= n) {
                    fail(QStringLiteral("ERROR:  unterminated quoted string at or near \"%1\"").arg(m_s.mid(m_s.lastIndexOf(q))));
                    return false;
                }
                ++i;
                t.kind = Token::Kind::String;
                t.text = v;
            } else if (c == '$' && i + 1 < n && m_s[i + 1] == '(') {
                const qsizetype close = m_s.indexOf(')', i);
                if (close < 0) {
                    fail(QStringLiteral("ERROR:  syntax error at or near \"$\""));
                    return false;
                }
                const QString inner = m_s.mid(i + 2, close - i - 2).trimmed();
                const auto tm = drms::parseTime(inner);
                if (!tm) {
                    fail(QStringLiteral("ERROR:  invalid time \"%1\"").arg(inner));
                    return false;
                }
                t.kind = Token::Kind::Number;
                t.number = *tm;
                t.text = m_s.mid(i, close - i + 1);
                i = close + 1;
            } else if (c == '(') {
                t.kind = Token::Kind::LParen;
                t.text = "(";
                ++i;
            } else if (c == ')') {
                t.kind = Token::Kind::RParen;
                t.text = ")";
                ++i;
            } else if (c == ',') {
                t.kind = Token::Kind::Comma;
                t.text = ",";
                ++i;
            } else if (c == '~' || m_s.mid(i, 2) == QLatin1String("!~")) {
                // PostgreSQL's POSIX regular-expression match: ~, ~* (any case), !~, !~*.
                const qsizetype st = i;
                i += c == '~' ? 1 : 2;
                if (i < n && m_s[i] == '*')
                    ++i;
                t.kind = Token::Kind::Op;
                t.text = m_s.mid(st, i - st);
            } else if (QStringLiteral("=<>!-+").contains(c)) {
                const QString two = m_s.mid(i, 2);
                if (two == QLatin1String("<=") || two == QLatin1String(">=") || two == QLatin1String("!=") || two == QLatin1String("<>")) {
                    t.text = two == QLatin1String("<>") ? QStringLiteral("!=") : two;
                    i += 2;
                } else if (c == '!') {
                    fail(QStringLiteral("ERROR:  syntax error at or near \"!\""));
                    return false;
                } else {
                    t.text = c;
                    ++i;
                }
                t.kind = Token::Kind::Op;
            } else {
                fail(QStringLiteral("ERROR:  syntax error at or near \"%1\"").arg(c));
                return false;
            }
            m_tokens.push_back(t);
        }
        m_tokens.push_back(Token{});
        return true;
    }

    static QString sqlTypeName(const QString &drmsType)
    {
        if (drmsType == QLatin1String("int")) return QStringLiteral("integer");
        if (drmsType == QLatin1String("short") || drmsType == QLatin1String("char")) return QStringLiteral("smallint");
        if (drmsType == QLatin1String("longlong")) return QStringLiteral("bigint");
        if (drmsType == QLatin1String("float")) return QStringLiteral("real");
        if (drmsType == QLatin1String("double") || drmsType == QLatin1String("time")) return QStringLiteral("double precision");
        return drmsType;
    }

    const Token &peek() const { return m_tokens[m_pos]; }
    Token take() { return m_tokens[m_pos < m_tokens.size() - 1 ? m_pos++ : m_pos]; }
    bool isWord(const char *w) const
    {
        return peek().kind == Token::Kind::Ident && peek().text.compare(QLatin1String(w), Qt::CaseInsensitive) == 0;
    }

    NodeP orExpr()
    {
        NodeP l = andExpr();
        while (l && isWord("OR")) {
            take();
            auto n = std::make_shared<Node>();
            n->type = Node::Type::Or;
            n->a = l;
            n->b = andExpr();
            if (!n->b)
                return nullptr;
            l = n;
        }
        return l;
    }
    NodeP andExpr()
    {
        NodeP l = notExpr();
        while (l && isWord("AND")) {
            take();
            auto n = std::make_shared<Node>();
            n->type = Node::Type::And;
            n->a = l;
            n->b = notExpr();
            if (!n->b)
                return nullptr;
            l = n;
        }
        return l;
    }
    NodeP notExpr()
    {
        if (isWord("NOT")) {
            take();
            auto n = std::make_shared<Node>();
            n->type = Node::Type::Not;
            n->a = notExpr();
            return n->a ? n : nullptr;
        }
        return comparison();
    }
    NodeP comparison()
    {
        NodeP l = operand();
        if (!l)
            return nullptr;
        if (peek().kind == Token::Kind::Op && peek().text != QLatin1String("-") && peek().text != QLatin1String("+")) {
            const QString op = take().text;
            NodeP r = operand();
            if (!r)
                return nullptr;
            if (op.contains('~')) {
                // Only text matches a pattern: PostgreSQL has no `integer ~ unknown`.
                for (const NodeP &side : {l, r}) {
                    const QString type = side->type == Node::Type::Column && !side->recnum
                        ? m_def.keywords[side->column].type : side->isText ? QStringLiteral("string") : QStringLiteral("numeric");
                    if (type != QLatin1String("string")) {
                        fail(QStringLiteral("ERROR:  operator does not exist: %1 %2 unknown").arg(sqlTypeName(type), op));
                        return nullptr;
                    }
                }
            }
            auto n = std::make_shared<Node>();
            n->type = Node::Type::Compare;
            n->op = op;
            if (op.contains('~') && r->type == Node::Type::Literal)
                n->pattern = std::make_shared<const QRegularExpression>(
                    r->text, op.endsWith('*') ? QRegularExpression::CaseInsensitiveOption : QRegularExpression::NoPatternOption);
            n->a = l;
            n->b = r;
            return n;
        }
        if (l->type == Node::Type::Compare || l->type == Node::Type::And || l->type == Node::Type::Or
            || l->type == Node::Type::Not || l->type == Node::Type::ImageExists)
            return l;
        fail(QStringLiteral("ERROR:  argument of WHERE must be type boolean"));
        return nullptr;
    }
    NodeP operand()
    {
        const Token t = take();
        auto n = std::make_shared<Node>();
        switch (t.kind) {
        case Token::Kind::Number:
            n->type = Node::Type::Literal;
            n->number = t.number;
            return n;
        case Token::Kind::String:
            n->type = Node::Type::Literal;
            n->isText = true;
            n->text = t.text;
            return n;
        case Token::Kind::Op:
            if (t.text == QLatin1String("-") || t.text == QLatin1String("+")) {
                NodeP inner = operand();
                if (!inner || inner->type != Node::Type::Literal || inner->isText) {
                    fail(QStringLiteral("ERROR:  syntax error at or near \"%1\"").arg(t.text));
                    return nullptr;
                }
                n->type = Node::Type::Literal;
                n->number = t.text == QLatin1String("-") ? -inner->number : inner->number;
                return n;
            }
            break;
        case Token::Kind::LParen: {
            NodeP inner = orExpr();
            if (!inner)
                return nullptr;
            if (take().kind != Token::Kind::RParen) {
                fail(QStringLiteral("ERROR:  syntax error at end of input"));
                return nullptr;
            }
            return inner;
        }
        case Token::Kind::Ident: {
            if (peek().kind == Token::Kind::LParen) {
                take();
                const QString fn = t.text.toLower();
                NodeP arg = operand();
                if (!arg || take().kind != Token::Kind::RParen) {
                    fail(QStringLiteral("ERROR:  syntax error at or near \"%1\"").arg(t.text));
                    return nullptr;
                }
                if (fn == QLatin1String("drms.image_exists")) {
                    n->type = Node::Type::ImageExists;
                    n->a = arg;
                    return n;
                }
                fail(QStringLiteral("ERROR:  function %1 does not exist").arg(fn));
                return nullptr;
            }
            n->type = Node::Type::Column;
            if (t.text.compare(QLatin1String("recnum"), Qt::CaseInsensitive) == 0) {
                n->recnum = true;
                return n;
            }
            n->column = m_def.keywordOf(t.text);
            if (n->column < 0) {
                fail(QStringLiteral("ERROR:  column \"%1\" does not exist").arg(t.text.toLower()));
                return nullptr;
            }
            return n;
        }
        default:
            break;
        }
        fail(t.kind == Token::Kind::End ? QStringLiteral("ERROR:  syntax error at end of input")
                                        : QStringLiteral("ERROR:  syntax error at or near \"%1\"").arg(t.text));
        return nullptr;
    }

    QString m_s;
    const SeriesDef &m_def;
    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    QString m_error;
};

struct Val {
    bool isText = false;
    bool isNull = false;
    double number = 0.0;
    QString text;
};

Val evalOperand(const Node &n, const SeriesDef &def, const Coord &c, qint64 ordinal)
{
    Val v;
    if (n.type == Node::Type::Literal) {
        v.isText = n.isText;
        v.number = n.number;
        v.text = n.text;
        return v;
    }
    if (n.type == Node::Type::Column) {
        if (n.recnum) {
            v.number = double(def.firstRecnum + ordinal);
            return v;
        }
        const KeyValue kv = KeywordSynth::value(def, c, ordinal, n.column);
        if (kv.kind == KeyValue::Kind::Text) {
            v.isText = true;
            v.text = QString::fromLatin1(kv.text);
        } else {
            v.number = kv.number();
        }
        return v;
    }
    v.isNull = true;
    return v;
}

bool evalNode(const Node &n, const SeriesDef &def, const Coord &c, qint64 ordinal)
{
    switch (n.type) {
    case Node::Type::And: return evalNode(*n.a, def, c, ordinal) && evalNode(*n.b, def, c, ordinal);
    case Node::Type::Or: return evalNode(*n.a, def, c, ordinal) || evalNode(*n.b, def, c, ordinal);
    case Node::Type::Not: return !evalNode(*n.a, def, c, ordinal);
    case Node::Type::ImageExists: {
        const Val q = evalOperand(*n.a, def, c, ordinal);
        return !q.isText && (qint64(q.number) & 0x80000000LL) == 0;
    }
    case Node::Type::Compare: {
        const Val a = evalOperand(*n.a, def, c, ordinal);
        const Val b = evalOperand(*n.b, def, c, ordinal);
        if (a.isNull || b.isNull)
            return false;
        if (n.op.contains('~')) {
            const QRegularExpression re = n.pattern ? *n.pattern
                                                    : QRegularExpression(b.text, n.op.endsWith('*') ? QRegularExpression::CaseInsensitiveOption
                                                                                                     : QRegularExpression::NoPatternOption);
            const bool hit = re.isValid() && re.match(a.text).hasMatch();
            return n.op.startsWith('!') ? !hit : hit;
        }
        int cmp = 0;
        if (a.isText && b.isText) {
            cmp = QString::compare(a.text, b.text);
        } else {
            bool ok1 = true, ok2 = true;
            const double x = a.isText ? a.text.toDouble(&ok1) : a.number;
            const double y = b.isText ? b.text.toDouble(&ok2) : b.number;
            if (!ok1 || !ok2)
                return false;
            if (std::isnan(x) || std::isnan(y))
                return false;
            const double eps = 1e-9 * std::max(1.0, std::max(std::fabs(x), std::fabs(y)));
            cmp = std::fabs(x - y) <= eps ? 0 : (x < y ? -1 : 1);
        }
        const QString &op = n.op;
        if (op == QLatin1String("=")) return cmp == 0;
        if (op == QLatin1String("!=")) return cmp != 0;
        if (op == QLatin1String("<")) return cmp < 0;
        if (op == QLatin1String("<=")) return cmp <= 0;
        if (op == QLatin1String(">")) return cmp > 0;
        if (op == QLatin1String(">=")) return cmp >= 0;
        return false;
    }
    default:
        return false;
    }
}

} // namespace

std::optional<SqlFilter> SqlFilter::parse(const QString &sql, const SeriesDef &def, QString *error)
{
    QString err;
    Parser p(sql, def);
    NodeP root = p.parse(&err);
    if (!root) {
        if (error)
            *error = err.isEmpty() ? QStringLiteral("ERROR:  syntax error at end of input") : err;
        return std::nullopt;
    }
    SqlFilter f;
    f.m_root = root;
    return f;
}

QList<int> SqlFilter::columns() const
{
    QList<int> out;
    std::vector<const Node *> todo{m_root.get()};
    while (!todo.empty()) {
        const Node *n = todo.back();
        todo.pop_back();
        if (!n)
            continue;
        if (n->type == Node::Type::Column)
            out.append(n->recnum ? -1 : n->column);
        todo.push_back(n->a.get());
        todo.push_back(n->b.get());
    }
    return out;
}

bool SqlFilter::matches(const SeriesDef &def, const Coord &c, qint64 ordinal) const
{
    return m_root && evalNode(*m_root, def, c, ordinal);
}

} // namespace sim
