#include "ui/RecordLookTarget.h"

#include <QCoreApplication>

#include "model/drms/RecordSetSpec.h"
#include "model/drms/SeriesStructure.h"
#include "model/records/RecordTable.h"

namespace ui {

bool isImageSegment(const jsoc::SegmentInfo &segment)
{
    const QString protocol = segment.protocol.toLower();
    const bool fits = protocol.startsWith(QLatin1String("fit")) || protocol.startsWith(QLatin1String("link"));
    if (!fits)
        return false; // generic, tas, …: not a FITS image
    const QString dims = segment.dims.trimmed();
    return dims.isEmpty() || dims.contains(QLatin1Char('x'), Qt::CaseInsensitive);
}

LookSegments lookSegments(const jsoc::SeriesStructure &structure, const QString &recordSet)
{
    LookSegments result;
    const std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(recordSet);
    if (spec && spec->subsets.size() == 1 && spec->subsets.first().hasSegmentList) {
        for (const QString &name : spec->subsets.first().segments) {
            if (name != QLatin1String("**ALL**") && !name.isEmpty())
                result.names.append(name);
        }
    }
    if (!result.names.isEmpty()) {
        // The user's own choice first, even when it is no image: the pane then says so in words.
        result.current = result.names.first();
        for (const QString &name : std::as_const(result.names)) {
            const jsoc::SegmentInfo *info = structure.segment(name);
            if (info && isImageSegment(*info)) {
                result.current = name;
                break;
            }
        }
        return result;
    }
    for (const jsoc::SegmentInfo &segment : structure.segments) {
        result.names.append(segment.name);
        if (result.current.isEmpty() && isImageSegment(segment))
            result.current = segment.name;
    }
    if (result.current.isEmpty() && !result.names.isEmpty())
        result.current = result.names.first();
    return result;
}

QString recordSpecForRow(const jsoc::SeriesStructure &structure, const jsoc::RecordTable &table, int sourceRow,
                         QString *why)
{
    auto fail = [why](const QString &text) {
        if (why)
            *why = text;
        return QString();
    };
    if (structure.primeKeys.isEmpty())
        return fail(QCoreApplication::translate("RecordLook", "%1 has no prime keys, so a row names no single record.")
                        .arg(structure.name));
    QString spec = structure.name;
    for (const QString &key : structure.primeKeys) {
        const int column = table.keywordIndex(key);
        if (column < 0)
            return fail(QCoreApplication::translate("RecordLook", "The table has no %1 column, so the row's record "
                                                                  "cannot be named; fetch the records again.")
                            .arg(key));
        const jsoc::StringColumn &values = table.keywords[size_t(column)].values;
        if (sourceRow < 0 || sourceRow >= values.size())
            return fail(QCoreApplication::translate("RecordLook", "No such row."));
        if (values.isMissing(sourceRow))
            return fail(QCoreApplication::translate("RecordLook", "This row has no %1 (MISSING), so it names no "
                                                                  "single record.")
                            .arg(key));
        spec += QLatin1Char('[') + values.value(sourceRow) + QLatin1Char(']');
    }
    return spec;
}

} // namespace ui
