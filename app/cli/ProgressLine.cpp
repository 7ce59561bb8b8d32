#include "ProgressLine.h"

#include "app/cli/shared/TerminalText.h"

#include <unistd.h>

namespace cli {

ProgressLine::ProgressLine(std::FILE *stream) : m_stream(stream), m_terminal(stream && isatty(fileno(stream)) == 1) { }

ProgressLine::~ProgressLine()
{
    clear();
}

void ProgressLine::show(const QString &text)
{
    if (!m_terminal)
        return;
    const QByteArray safe = terminalSafe(text.toUtf8());
    std::fputs("\r\x1b[K", m_stream);
    std::fwrite(safe.constData(), 1, size_t(safe.size()), m_stream);
    std::fflush(m_stream);
    m_drawn = true;
}

void ProgressLine::clear()
{
    if (!m_terminal || !m_drawn)
        return;
    std::fputs("\r\x1b[K", m_stream);
    std::fflush(m_stream);
    m_drawn = false;
}

} // namespace cli
