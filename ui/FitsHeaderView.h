#pragma once

#include "model/fits/FitsImage.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

// The header cards of every HDU in a table (keyword, value, comment), one HDU at a time,
// with a case-insensitive search over all three columns. Long string values continued on CONTINUE
// cards are shown as one row (FitsHeaderCards::mergeLongStrings).
class FitsHeaderView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsHeaderView)

public:
    explicit FitsHeaderView(QWidget *parent = nullptr);

    void setHdus(const QVector<fits::FitsHduInfo> &hdus, int current);
    void setFilter(const QString &text);
    int visibleRows() const;
    // The value shown for `key` in the current HDU (first match, ignoring the filter); empty if none.
    QString shownValue(const QString &key) const;

private:
    void showHdu(int index);

    QVector<fits::FitsHduInfo> m_hdus;
    QComboBox *m_hduBox = nullptr;
    QLineEdit *m_search = nullptr;
    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
};
