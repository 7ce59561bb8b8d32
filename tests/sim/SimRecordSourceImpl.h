#pragma once

#include "sim/SimRecordSource.h"

// SimRecordSource over the synthesised records (what the export desk sees).
namespace sim {

class SeriesFactory;

class SimRecordSourceImpl final : public SimRecordSource
{
public:
    explicit SimRecordSourceImpl(const SeriesFactory &factory);
    std::optional<SimSelection> select(const QString &recordSet, qint64 limit, QString *error) const override;
    std::optional<qint64> count(const QString &recordSet, QString *error) const override;

private:
    const SeriesFactory &m_factory;
};

} // namespace sim
