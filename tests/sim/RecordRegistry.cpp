#include "sim/RecordRegistry.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace sim {

namespace {

constexpr qsizetype kMaxKept = 1 << 20;

QMutex &mutex()
{
    static QMutex m;
    return m;
}

QHash<QString, RecordIdentity> &records()
{
    static QHash<QString, RecordIdentity> r;
    return r;
}

} // namespace

void RecordRegistry::remember(const QString &spec, const RecordIdentity &record)
{
    QMutexLocker lock(&mutex());
    if (records().size() >= kMaxKept)
        records().clear();
    records().insert(spec, record);
}

std::optional<RecordIdentity> RecordRegistry::find(const QString &spec)
{
    QMutexLocker lock(&mutex());
    const auto it = records().constFind(spec);
    if (it == records().constEnd())
        return std::nullopt;
    return *it;
}

} // namespace sim
