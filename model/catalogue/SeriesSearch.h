#pragma once

#include <optional>

#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QStringView>

// What the series search box asks for, parsed once per keystroke and then matched against
// tens of thousands of series. Matching runs on case-folded text (SeriesSearch::fold) so the
// inner loop is a plain, case-sensitive substring test.
//
// Syntax, following JSOC's show_series filter:
//  - a leading "NOT " (upper case, as JSOC spells it) inverts the whole match;
//  - Text mode: whitespace-separated terms, each must occur in the name or the description;
//  - Regex mode: one Perl-compatible expression, case-insensitive, searched (not anchored) in
//    the name and in the description, each on its own line, so `^hmi\.` and `_45s$` mean what
//    they say (a description with line breaks adds lines).
// An invalid expression gives isValid() == false and errorString(); it matches nothing.
namespace jsoc {

class SeriesSearch final
{
public:
    enum class Mode { Text, Regex };

    SeriesSearch() = default;
    static SeriesSearch parse(const QString &query, Mode mode);
    // The form SeriesSearch::matches expects: case-folded.
    static QString fold(const QString &text) { return text.toCaseFolded(); }

    QString query() const { return m_query; }
    Mode mode() const { return m_mode; }
    // True when the query filters nothing (blank, or a bare "NOT ").
    bool isEmpty() const { return m_terms.isEmpty() && !m_regex.has_value(); }
    bool isNegated() const { return m_negated; }
    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // Both arguments already folded with fold(). Thread-safe (const, no shared mutation).
    bool matches(QStringView foldedName, QStringView foldedDescription) const;
    // Same, on the joined form fold(name) + '\n' + fold(description) that SeriesTreeModel keeps:
    // one scan per term, one regex match per series (multiline, so ^ and $ anchor on either).
    static QString joined(const QString &name, const QString &description);
    bool matchesJoined(QStringView joined) const;
    // True when every series this search accepts was also accepted by `previous`, so a filter
    // may test only the previous matches (typing more of a plain, non-negated query).
    bool narrows(const SeriesSearch &previous) const;

    bool operator==(const SeriesSearch &other) const
    {
        return m_query == other.m_query && m_mode == other.m_mode;
    }

private:
    bool matchesPositive(QStringView name, QStringView description) const;

    QString m_query;
    Mode m_mode = Mode::Text;
    bool m_negated = false;
    QStringList m_terms;                        // Text mode, folded
    std::optional<QRegularExpression> m_regex;  // Regex mode
    QString m_error;
};

} // namespace jsoc
