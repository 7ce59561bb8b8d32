#pragma once

#include <QWidget>

#include "model/drms/SeriesStructure.h"

class QFormLayout;
class QLabel;

// The "Overview" pane of a series: description, retention, unit size, archive, prime keys,
// first and last record with their record numbers, and a record-count estimate.
namespace ui {

class SeriesOverviewPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesOverviewPane)

public:
    explicit SeriesOverviewPane(QWidget *parent = nullptr);

    void setStructure(const jsoc::SeriesStructure &structure);
    // Text of the value row with this label ("Retention", …), for tests.
    QString valueText(const QString &label) const;

    // "at most 5,463,715\n(record numbers 3,760,477 to 9,224,191)"; "no records" when empty.
    static QString recordCountEstimate(const jsoc::SeriesInterval &interval);

private:
    QLabel *addRow(const QString &label);

    QFormLayout *m_form = nullptr;
    QList<QPair<QString, QLabel *>> m_rows;
};

} // namespace ui
