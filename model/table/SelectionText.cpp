#include "model/table/SelectionText.h"

#include <algorithm>
#include <vector>

namespace jsoc {

namespace {

void appendCell(QString &out, const QString &value)
{
    for (QChar ch : value) {
        if (ch == u'\t' || ch == u'\n' || ch == u'\r')
            ch = u' ';
        out += ch;
    }
}

} // namespace

QString selectionAsTsv(const QAbstractItemModel &model, const QModelIndexList &indexes)
{
    int top = -1, bottom = -1, left = -1, right = -1;
    QModelIndex parent;
    for (const QModelIndex &i : indexes) {
        if (!i.isValid() || i.model() != &model)
            continue;
        if (top < 0) {
            parent = i.parent();
            top = bottom = i.row();
            left = right = i.column();
            continue;
        }
        top = std::min(top, i.row());
        bottom = std::max(bottom, i.row());
        left = std::min(left, i.column());
        right = std::max(right, i.column());
    }
    if (top < 0)
        return {};
    const qsizetype width = right - left + 1;
    const qsizetype height = bottom - top + 1;
    std::vector<bool> selected(size_t(width * height), false);
    for (const QModelIndex &i : indexes)
        if (i.isValid() && i.model() == &model)
            selected[size_t((i.row() - top) * width + (i.column() - left))] = true;

    QString out;
    for (int row = top; row <= bottom; ++row) {
        if (row > top)
            out += u'\n';
        for (int column = left; column <= right; ++column) {
            if (column > left)
                out += u'\t';
            if (selected[size_t((row - top) * width + (column - left))])
                appendCell(out, model.index(row, column, parent).data(Qt::DisplayRole).toString());
        }
    }
    return out;
}

} // namespace jsoc
