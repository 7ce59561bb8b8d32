#pragma once

#include <QString>

#include <cstdio>

// The one progress line of a long jsoc-cli command on stderr. On a terminal it is rewritten in
// place (carriage return, erase to the end of the line), so progress never scrolls the log
// away; elsewhere (a pipe, a file, a CI log) nothing is printed for it: the per-file lines
// already tell a script what happened, and a log full of ticks helps nobody.
namespace cli {

class ProgressLine final
{
public:
    // A null stream: never shown (--quiet).
    explicit ProgressLine(std::FILE *stream = stderr);
    ~ProgressLine();

    bool isShown() const { return m_terminal; }
    // Replaces the line (text from outside is made terminal-safe first).
    void show(const QString &text);
    // Erases it, so an ordinary line can be printed where it was; the next show() draws it again.
    void clear();

private:
    std::FILE *m_stream;
    bool m_terminal = false;
    bool m_drawn = false;
};

} // namespace cli
