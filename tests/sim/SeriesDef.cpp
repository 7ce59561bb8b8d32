#include "sim/SeriesDef.h"

namespace sim {

qint64 SeriesDef::domainSize(int key) const
{
    const PrimeKeyDef &k = pkeys[key];
    return k.slotted ? std::max<qint64>(0, k.lastSlot - k.firstSlot + 1) : qint64(k.values.size());
}

qint64 SeriesDef::totalRecords() const
{
    if (pkeys.isEmpty())
        return 0;
    if (windowOuterKey >= 0)
        return windowPrefix.empty() ? 0 : windowPrefix.back();
    qint64 n = 1;
    for (int i = 0; i < pkeys.size(); ++i)
        n *= domainSize(i);
    return n;
}

void SeriesDef::finish()
{
    keywordIndex.clear();
    for (int i = 0; i < keywords.size(); ++i)
        keywordIndex.insert(keywords[i].name.toUpper(), i);
    windowPrefix.clear();
    if (windowOuterKey >= 0) {
        windowPrefix.reserve(windows.size() + 1);
        qint64 acc = 0;
        windowPrefix.push_back(0);
        for (const auto &w : windows) {
            acc += std::max<qint64>(0, w.second - w.first + 1);
            windowPrefix.push_back(acc);
        }
    }
}

} // namespace sim
