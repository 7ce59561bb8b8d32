#pragma once

#include <QString>
#include <memory>
#include <optional>

#include "sim/RecordSpace.h"
#include "sim/SeriesDef.h"

// The records the export side has selected, by their canonical spec, so the FITS writer can
// find the record behind a file it is asked for (and write what RecordTruth says of it) without
// the export desk passing series structures around. Entries never change once made; bounded.
namespace sim {

struct RecordIdentity {
    std::shared_ptr<const SeriesDef> def;
    Coord coord{};
};

class RecordRegistry final
{
public:
    static void remember(const QString &spec, const RecordIdentity &record);
    static std::optional<RecordIdentity> find(const QString &spec);
};

} // namespace sim
