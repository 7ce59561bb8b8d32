#include "model/records/RecordPageCache.h"
#include "model/records/RecordsLog.h"

#include <utility>

namespace jsoc {

void RecordPageCache::reset(quint64 generation)
{
    m_generation = generation;
    m_next = 0;
    m_pending.clear();
}

bool RecordPageCache::insert(quint64 generation, int index, RecordTable page)
{
    if (generation != m_generation || index < m_next)
        return false;
    // Pages arrive in any order; rows are shown in order, so a later page waits for the ones before.
    if (index > m_next)
        qCDebug(lcRecords) << "page" << index << "held until page" << m_next << "arrives";
    return m_pending.emplace(index, std::move(page)).second;
}

std::vector<RecordTable> RecordPageCache::takeReady()
{
    std::vector<RecordTable> ready;
    auto it = m_pending.begin();
    while (it != m_pending.end() && it->first == m_next) {
        ready.push_back(std::move(it->second));
        it = m_pending.erase(it);
        ++m_next;
    }
    return ready;
}

} // namespace jsoc
