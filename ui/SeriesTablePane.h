#pragma once

#include <QWidget>

#include "model/catalogue/SeriesFieldTable.h"

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace jsoc {
class SeriesFieldTableModel;
}

// One tabular detail pane (prime keys, keywords, segments, links): a sortable table, with an
// optional filter box over all columns. Cells naming another series are links; clicking one
// (or Enter on it) emits seriesLinkActivated(). An empty table says so in words.
namespace ui {

class SeriesTablePane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesTablePane)

public:
    SeriesTablePane(const QString &emptyText, bool filterable, QWidget *parent = nullptr);

    void setTable(const jsoc::SeriesFieldTable &table);
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QAbstractItemModel *displayedModel() const;

    // The last column (the description) as wide as the view shows it now.
    int lastColumnVisibleWidth() const;

signals:
    void seriesLinkActivated(const QString &series);

private:
    void activate(const QModelIndex &index);
    void updateEmptyState();
    void fitColumns();
    bool eventFilter(QObject *watched, QEvent *event) override;

    jsoc::SeriesFieldTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_empty = nullptr;
    QString m_emptyText;
};

} // namespace ui
