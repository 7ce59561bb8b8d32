#pragma once

#include <QAbstractItemModel>
#include <QModelIndexList>
#include <QString>

namespace jsoc {

// Tab-separated text of the selected cells, for the clipboard: the rectangular block spanning the
// selection (rows and columns in view order), cells that are inside the block but not selected
// written as empty fields so the columns stay aligned. Values are DisplayRole text (MISSING is
// already empty there); tabs and line breaks inside a value become spaces. Rows end with "\n"
// except the last. Indexes of other models or invalid ones are ignored; none selected → "".
QString selectionAsTsv(const QAbstractItemModel &model, const QModelIndexList &indexes);

} // namespace jsoc
