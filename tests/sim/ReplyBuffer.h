#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <algorithm>
#include <cstring>

#include "sim/JsocJson.h"

// Appends reply text through a raw cursor into a QByteArray that was sized up front, so the
// millions of small appends of a big rs_list cost a bounds check each instead of a
// QByteArray::append call. Strings go through the same escaper as jsocjson::appendString.
namespace sim {

class ReplyBuffer final
{
public:
    // Writes into `out` from its start, growing it as needed; `expected` is a size hint.
    ReplyBuffer(QByteArray &out, qsizetype expected) : m_out(out)
    {
        m_out.resize(std::max<qsizetype>({expected, m_out.capacity(), 64}));
        m_p = m_out.data();
        m_end = m_p + m_out.size();
    }
    ~ReplyBuffer() { finish(); }
    ReplyBuffer(const ReplyBuffer &) = delete;
    ReplyBuffer &operator=(const ReplyBuffer &) = delete;

    // A cursor with at least n writable bytes; hand the moved cursor back with commit().
    char *room(qsizetype n)
    {
        if (m_end - m_p < n)
            grow(n);
        return m_p;
    }
    void commit(char *p) { m_p = p; }

    void append(char c) { *room(1) = c; ++m_p; }
    void append(QByteArrayView v)
    {
        char *p = room(v.size());
        std::memcpy(p, v.data(), size_t(v.size()));
        m_p = p + v.size();
    }
    template <qsizetype N>
    void append(const char (&literal)[N]) { append(QByteArrayView(literal, N - 1)); }

    // `"raw"` with JSOC's escapes (jsocjson::writeEscaped).
    void appendString(QByteArrayView raw)
    {
        char *p = room(raw.size() * jsocjson::kMaxEscapedPerByte + 2);
        *p++ = '"';
        p = jsocjson::writeEscaped(p, raw);
        *p++ = '"';
        m_p = p;
    }

    // Cuts `out` to what was written (also done by the destructor).
    void finish()
    {
        if (m_p)
            m_out.resize(m_p - m_out.constData());
        m_p = m_end = nullptr;
    }

private:
    void grow(qsizetype n)
    {
        const qsizetype used = m_p - m_out.constData();
        m_out.resize(std::max(m_out.size() * 2, used + n + 4096));
        m_p = m_out.data() + used;
        m_end = m_out.data() + m_out.size();
    }

    QByteArray &m_out;
    char *m_p = nullptr;
    char *m_end = nullptr;
};

} // namespace sim
