#pragma once

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>
#include <optional>

#include "sim/SimFault.h"

// Which request gets which fault: matches request targets against the added faults (first
// match wins), honours skip/times/rate with a seeded generator, and counts requests.
namespace sim {

class FaultPlan final
{
public:
    void add(const Fault &fault);
    void clear();
    void setSeed(quint32 seed);
    // One call per request seen on the public port; returns the fault to apply, if any.
    std::optional<Fault> onRequest(const QByteArray &target);
    int requestCount(const QString &pathContains) const;

private:
    struct Entry {
        Fault fault;
        int seen = 0;
        int fired = 0;
    };
    static bool matches(const QString &pathContains, const QByteArray &target);

    QList<Entry> m_entries;
    QList<QByteArray> m_targets;
    QRandomGenerator m_rng{1};
};

} // namespace sim
