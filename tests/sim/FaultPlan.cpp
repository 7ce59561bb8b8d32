#include "sim/FaultPlan.h"

#include <QUrl>

namespace sim {

void FaultPlan::add(const Fault &fault)
{
    m_entries.append(Entry{fault});
}

void FaultPlan::clear()
{
    m_entries.clear();
}

void FaultPlan::setSeed(quint32 seed)
{
    m_rng.seed(seed);
}

bool FaultPlan::matches(const QString &pathContains, const QByteArray &target)
{
    if (pathContains.isEmpty())
        return true;
    const QByteArray needle = pathContains.toUtf8();
    return target.contains(needle) || QByteArray::fromPercentEncoding(target).contains(needle);
}

std::optional<Fault> FaultPlan::onRequest(const QByteArray &target)
{
    m_targets.append(target);
    for (Entry &e : m_entries) {
        if (!matches(e.fault.pathContains, target))
            continue;
        if (e.seen++ < e.fault.skip)
            continue;
        if (e.fault.times >= 0 && e.fired >= e.fault.times)
            continue;
        if (e.fault.rate > 0.0 && m_rng.generateDouble() >= e.fault.rate)
            continue;
        ++e.fired;
        return e.fault;
    }
    return std::nullopt;
}

int FaultPlan::requestCount(const QString &pathContains) const
{
    int n = 0;
    for (const QByteArray &t : m_targets)
        if (matches(pathContains, t))
            ++n;
    return n;
}

} // namespace sim
