#pragma once

#include <QByteArray>

#include "sim/FastText.h"
#include "sim/RecordQuery.h"
#include "sim/ReplyBuffer.h"
#include "sim/SeriesDef.h"

// One keyword column of an rs_list reply: each record's value as a JSON string, the same
// bytes as jsocjson::appendString(KeywordSynth::appendText(...)) without the temporary texts.
namespace sim {

class KeywordCells final
{
public:
    KeywordCells(const SeriesDef &def, int keyword);
    void write(ReplyBuffer &out, const SelectedRecord &r);

private:
    const SeriesDef &m_def;
    int m_keyword;
    bool m_printsMissing;
    bool m_hex;
    int m_decimals;
    fasttext::TimeWriter m_time;
    QByteArray m_slow; // rare values printf still formats (odd precisions)
};

} // namespace sim
