#include "ui/SegmentChecklist.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

SegmentChecklist::SegmentChecklist(QWidget *parent) : QWidget(parent)
{
    auto *title = new QLabel(tr("Segments"), this);
    m_all = new QToolButton(this);
    m_all->setText(tr("All"));
    m_all->setAutoRaise(true);
    m_all->setToolTip(tr("Tick every segment"));
    m_none = new QToolButton(this);
    m_none->setText(tr("None"));
    m_none->setAutoRaise(true);
    m_none->setToolTip(tr("No segment list: JSOC lists every segment"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("segmentList"));
    m_list->setUniformItemSizes(true);
    m_list->setToolTip(tr("Ticked segments form the {…} list; none ticked = no list"));
    title->setBuddy(m_list);

    auto *head = new QHBoxLayout;
    head->setContentsMargins(0, 0, 0, 0);
    head->setSpacing(2);
    head->addWidget(title, 1);
    head->addWidget(m_all);
    head->addWidget(m_none);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(head);
    layout->addWidget(m_list, 1);

    connect(m_all, &QToolButton::clicked, this, [this] { setAll(true); });
    connect(m_none, &QToolButton::clicked, this, [this] { setAll(false); });
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        if (!m_setting)
            emit segmentsEdited();
    });
}

QListWidgetItem *SegmentChecklist::addItem(const QString &name, const QString &toolTip, bool known)
{
    auto *item = new QListWidgetItem(known ? name : tr("%1 (not in this series)").arg(name), m_list);
    item->setData(Qt::UserRole, name);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    item->setCheckState(Qt::Unchecked);
    item->setToolTip(toolTip);
    if (!known)
        item->setForeground(QColor(Qt::red));
    return item;
}

void SegmentChecklist::setSegments(const QList<jsoc::SegmentInfo> &segments)
{
    m_setting = true;
    m_list->clear();
    m_known.clear();
    for (const jsoc::SegmentInfo &s : segments) {
        m_known.append(s.name);
        QString tip = QStringLiteral("<b>%1</b>").arg(s.name.toHtmlEscaped());
        if (!s.note.isEmpty())
            tip += QStringLiteral(": ") + s.note.toHtmlEscaped();
        const QStringList facts = QStringList{s.protocol, s.dims, s.units}.filter(QRegularExpression(QStringLiteral(".")));
        if (!facts.isEmpty())
            tip += QStringLiteral("<br>") + facts.join(QStringLiteral(" · ")).toHtmlEscaped();
        addItem(s.name, tip, true);
    }
    m_setting = false;
    m_all->setEnabled(!segments.isEmpty());
    m_none->setEnabled(!segments.isEmpty());
}

void SegmentChecklist::setSelection(const QStringList &names)
{
    m_setting = true;
    // Forget unknown names from an earlier selection.
    for (int i = m_list->count() - 1; i >= m_known.size(); --i)
        delete m_list->takeItem(i);
    const bool all = names.contains(QStringLiteral("**ALL**"));
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        item->setCheckState(all || names.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    for (const QString &name : names) {
        if (name != QLatin1String("**ALL**") && !m_known.contains(name))
            addItem(name, tr("The series has no segment named %1").arg(name), false)->setCheckState(Qt::Checked);
    }
    m_setting = false;
}

QStringList SegmentChecklist::checkedSegments() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->checkState() == Qt::Checked)
            out.append(m_list->item(i)->data(Qt::UserRole).toString());
    }
    return out;
}

QStringList SegmentChecklist::segmentNames() const { return m_known; }

void SegmentChecklist::setAll(bool checked)
{
    m_setting = true;
    for (int i = 0; i < m_list->count(); ++i)
        m_list->item(i)->setCheckState(checked && i < m_known.size() ? Qt::Checked : Qt::Unchecked);
    m_setting = false;
    emit segmentsEdited();
}

} // namespace ui
