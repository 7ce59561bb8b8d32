#pragma once

#include "model/drms/SeriesStructure.h"

#include <QStringList>
#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QToolButton;

// The series' segments as a compact checklist (with All / None). Nothing ticked = no `{…}` list.
// Names in the record set that the series does not have are listed too, marked, so that what was
// typed stays visible. setSelection() never emits; segmentsEdited() means the user changed ticks.
namespace ui {

class SegmentChecklist final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SegmentChecklist)

public:
    explicit SegmentChecklist(QWidget *parent = nullptr);

    void setSegments(const QList<jsoc::SegmentInfo> &segments);
    // `**ALL**` ticks every segment of the series.
    void setSelection(const QStringList &names);
    QStringList checkedSegments() const; // in list order
    QStringList segmentNames() const;    // the series' segments
    QListWidget *list() const { return m_list; }

signals:
    void segmentsEdited();

private:
    void setAll(bool checked);
    QListWidgetItem *addItem(const QString &name, const QString &toolTip, bool known);

    QListWidget *m_list = nullptr;
    QToolButton *m_all = nullptr;
    QToolButton *m_none = nullptr;
    QStringList m_known;
    bool m_setting = false;
};

} // namespace ui
