#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

// An order-preserving JSON tree that keeps number literals as text, so JSOC bodies read from the
// real samples are written back byte-for-byte (QJsonObject sorts keys and re-renders numbers).
namespace sim {

struct JsonNode {
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    QByteArray text;            // Number: literal; String: raw (unescaped) bytes; Bool: "true"/"false"
    QList<QByteArray> keys;     // Object member names, parallel to `items`
    QList<JsonNode> items;      // Array elements / Object member values
    bool keepSlash = false;     // String written without `\/` (JSOC inserts some strings unescaped)

    static JsonNode null() { return {}; }
    static JsonNode string(const QByteArray &s) { JsonNode n; n.type = Type::String; n.text = s; return n; }
    static JsonNode string(const QString &s) { return string(s.toLatin1()); }
    static JsonNode number(const QByteArray &literal) { JsonNode n; n.type = Type::Number; n.text = literal; return n; }
    static JsonNode number(qint64 v) { return number(QByteArray::number(v)); }
    static JsonNode array() { JsonNode n; n.type = Type::Array; return n; }
    static JsonNode object() { JsonNode n; n.type = Type::Object; return n; }

    // Object access (linear; objects here are small).
    const JsonNode *find(const QByteArray &key) const;
    JsonNode *find(const QByteArray &key);
    void set(const QByteArray &key, JsonNode value); // replaces in place or appends
    void append(const QByteArray &key, JsonNode value) { keys.append(key); items.append(std::move(value)); }
    void remove(const QByteArray &key);
    QString str(const QByteArray &key) const; // string member as latin1 text ("" when absent/null)

    // Parses JSON text (strict enough for JSOC's own bodies). nullopt + message on error.
    static std::optional<JsonNode> parse(const QByteArray &text, QString *error = nullptr);
};

} // namespace sim
