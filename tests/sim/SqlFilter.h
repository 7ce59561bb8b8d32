#pragma once

#include <QList>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "sim/RecordSpace.h"
#include "sim/SeriesDef.h"

// The `[? … ?]` part of a record set: JSOC hands it to PostgreSQL as a WHERE clause over the
// keyword columns. This evaluates the subset people actually write: comparisons (= != <> < <= > >=)
// between keywords, numbers, quoted strings and $(time), POSIX pattern matches on text
// (~ ~* !~ !~*), combined with AND / OR / NOT and
// parentheses, plus `drms.image_exists(quality)` which JSOC's export adds. Unknown columns give
// PostgreSQL's error text.
namespace sim {

class SqlFilter final
{
public:
    static std::optional<SqlFilter> parse(const QString &sql, const SeriesDef &def, QString *error);
    bool matches(const SeriesDef &def, const Coord &c, qint64 ordinal) const;
    // Keyword indexes the clause reads (-1 for recnum), so a query can tell what it depends on.
    QList<int> columns() const;

    struct Node;

private:
    std::shared_ptr<const Node> m_root;
};

} // namespace sim
