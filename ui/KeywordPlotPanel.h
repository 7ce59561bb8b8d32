#pragma once

#include <QWidget>

#include "model/drms/SeriesStructure.h"

class QComboBox;
class QListWidget;
class QLabel;

namespace jsoc {
class RecordTable;
}

// The plot beside the keyword table: a list of the table's numeric keywords to tick, the time
// keyword for the x axis, and the QCustomPlot view. Re-plots only when asked (refresh()), so
// pages arriving during a load do not re-plot a million points each time.
namespace ui {

class KeywordPlotWidget;

class KeywordPlotPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeywordPlotPanel)

public:
    explicit KeywordPlotPanel(QWidget *parent = nullptr);

    // Offers the numeric and time keywords of `columns` (the table's column names).
    void setColumns(const jsoc::SeriesStructure &structure, const QStringList &columns);
    // Plots the ticked keywords of `table`.
    void refresh(const jsoc::RecordTable &table);
    void setCheckedKeywords(const QStringList &keywords);
    QStringList checkedKeywords() const;
    QString timeKey() const;
    KeywordPlotWidget *plot() const { return m_plot; }
    QListWidget *keywordList() const { return m_keywords; } // the checklist: a tick plots
    QString message() const;

signals:
    void recordClicked(int sourceRow);
    // The ticked keywords or the time key changed: the owner calls refresh() with its table.
    void selectionChanged();
    // A refresh() finished and the plot shows its data.
    void plotted();

private:
    void checkDefaultKeyword();
    void preferVaryingDefault(const jsoc::RecordTable &table);
    bool isDefaultCandidate(const QString &name) const;

    jsoc::SeriesStructure m_structure;
    quint64 m_generation = 0;
    QComboBox *m_timeKey = nullptr;
    QListWidget *m_keywords = nullptr;
    QLabel *m_message = nullptr;
    KeywordPlotWidget *m_plot = nullptr;
    Qt::CheckState m_stateAtPress = Qt::PartiallyChecked; // of the keyword last pressed
    QString m_automaticKeyword; // ticked by default, not by the user
};

} // namespace ui
