#include "sim/KeywordCells.h"

#include "sim/KeywordSynth.h"

namespace sim {

KeywordCells::KeywordCells(const SeriesDef &def, int keyword)
    : m_def(def), m_keyword(keyword), m_printsMissing(KeywordSynth::printsMissing(def, keyword)),
      m_hex(def.keywordFormat[size_t(keyword)].hex), m_decimals(def.keywordFormat[size_t(keyword)].decimals),
      m_time(def.keywordFormat[size_t(keyword)].style, def.keywordFormat[size_t(keyword)].precision)
{
}

void KeywordCells::write(ReplyBuffer &out, const SelectedRecord &r)
{
    const KeyValue v = KeywordSynth::value(m_def, r.coord, r.ordinal, m_keyword);
    // Hex keywords print missing values and widths other than 8 digits the slow way (appendText).
    const bool slowHex = m_hex && (v.missing || m_def.keywords[m_keyword].defval.size() != 10);
    if (v.missing && m_printsMissing && !m_hex) {
        out.append("\"MISSING\"");
        return;
    }
    if (!slowHex && (v.literal || v.kind == KeyValue::Kind::Text)) {
        out.appendString(v.text);
        return;
    }
    if (slowHex || (v.kind == KeyValue::Kind::Real && (m_decimals < 0 || m_decimals > fasttext::kMaxFixedDecimals))) {
        m_slow.truncate(0);
        KeywordSynth::appendText(m_slow, m_def, m_keyword, v);
        out.appendString(m_slow);
        return;
    }
    // Numbers and times never need escaping.
    char *p = out.room(fasttext::kMaxNumberText + 2);
    *p++ = '"';
    switch (v.kind) {
    case KeyValue::Kind::Int: p = m_hex ? fasttext::writeHex32(p, v.i) : fasttext::writeInt(p, v.i); break;
    case KeyValue::Kind::Real: p = fasttext::writeFixed(p, v.d, m_decimals); break;
    case KeyValue::Kind::Time: p = m_time.write(p, v.d); break;
    case KeyValue::Kind::Text: break; // handled above
    }
    *p++ = '"';
    out.commit(p);
}

} // namespace sim
