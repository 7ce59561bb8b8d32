#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QTextStream>

#include <cstdio>

// Everything jsoc-cli prints passes through here, because much of it comes from outside: JSOC's
// error texts, server file names, keyword strings, FITS header cards. A raw ESC sequence in any
// of them could clear the user's screen, retitle the terminal or hide text, so control
// characters become visible escapes ("\x1b") instead of reaching the terminal.
namespace cli {

// Rewrites control characters in UTF-8 text as visible escapes: C0 controls other than TAB
// and LF (CR too: it lets a line overwrite itself), DEL, C1 controls (U+0080..U+009F, which
// some terminals obey as CSI/OSC), and the bidirectional overrides/isolates that reorder what
// is shown (U+202A..U+202E, U+2066..U+2069). Printable text, including other non-ASCII
// characters, is unchanged.
QByteArray terminalSafe(QByteArrayView utf8);

// A write-only device over a C stream that passes every byte through terminalSafe(), keeping
// a UTF-8 sequence split across two writes intact. Used for jsoc-cli's stdout and stderr.
class TerminalSafeDevice final : public QIODevice
{
public:
    explicit TerminalSafeDevice(std::FILE *stream);
    ~TerminalSafeDevice() override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    std::FILE *m_stream;
    QByteArray m_carry; // the start of a UTF-8 sequence whose end has not been written yet
};

// stdout and stderr as UTF-8 text streams through TerminalSafeDevice: what both CLI
// executables print to.
class TerminalStreams final
{
public:
    TerminalStreams();

private:
    TerminalSafeDevice m_stdout{stdout}; // declared before the streams that write to them
    TerminalSafeDevice m_stderr{stderr};

public:
    QTextStream out{&m_stdout};
    QTextStream err{&m_stderr};
};

} // namespace cli
