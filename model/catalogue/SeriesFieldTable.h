#pragma once

#include <QList>
#include <QStringList>

#include "model/drms/SeriesStructure.h"

// One detail pane of a series structure as plain text cells: prime keys, keywords, segments or
// links. Built by pure functions so the wording of every cell is tested without widgets.
namespace jsoc {

struct SeriesFieldTable {
    QStringList headers;
    QList<QStringList> rows; // each row has headers.size() cells
    int seriesColumn = -1;   // column whose cells name another series (links' target)

    static SeriesFieldTable primeKeys(const SeriesStructure &s);   // Name Type Units Slotted Step Epoch
    static SeriesFieldTable keywords(const SeriesStructure &s);    // Name Type Scope Units Default Description
    static SeriesFieldTable segments(const SeriesStructure &s);    // Name Type Units Protocol Dims Description
    static SeriesFieldTable links(const SeriesStructure &s);       // Name Target Kind Description
};

} // namespace jsoc
