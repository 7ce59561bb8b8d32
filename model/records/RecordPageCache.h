#pragma once

#include "model/records/RecordTable.h"

#include <QtGlobal>
#include <map>
#include <vector>

namespace jsoc {

// Holds the pages of one query that arrive out of order (several rs_list requests in flight)
// and releases them in page order. A generation token tells pages of the current query from
// late replies of an older one, which are dropped. Pure value logic: no signals, no threads.
class RecordPageCache final
{
public:
    // Forget everything; accept only pages of `generation` from now on.
    void reset(quint64 generation);
    quint64 generation() const { return m_generation; }

    // Stores page `index` (0-based) of `generation`. False (page dropped) if the generation is
    // stale, the index is negative, or that index was already seen (held or released).
    bool insert(quint64 generation, int index, RecordTable page);

    // Pages nextIndex(), nextIndex()+1, … that are all present, removed from the cache, in
    // order; nextIndex() advances past them. Empty if the next page has not arrived.
    std::vector<RecordTable> takeReady();

    int nextIndex() const { return m_next; }
    int pendingCount() const { return int(m_pending.size()); }

private:
    quint64 m_generation = 0;
    int m_next = 0;
    std::map<int, RecordTable> m_pending;
};

} // namespace jsoc
