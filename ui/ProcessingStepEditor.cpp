#include "ui/ProcessingStepEditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

ProcessingStepEditor::ProcessingStepEditor(QWidget *parent) : QWidget(parent)
{
    m_list = new QListWidget(this);
    m_list->setMaximumWidth(120);
    m_list->setMinimumHeight(70);
    m_addButton = new QToolButton(this);
    m_addButton->setText(tr("Add step"));
    m_addButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_addButton);
    for (const jsoc::ProcessingStepSpec &spec : jsoc::processingStepSpecs()) {
        QAction *action = menu->addAction(spec.title);
        action->setToolTip(spec.help);
        const QString name = spec.name;
        connect(action, &QAction::triggered, this, [this, name] { addStep(name); });
    }
    m_addButton->setMenu(menu);
    m_removeButton = new QToolButton(this);
    m_removeButton->setText(tr("Remove"));
    connect(m_removeButton, &QToolButton::clicked, this, &ProcessingStepEditor::removeCurrentStep);

    m_help = new QLabel(this);
    m_help->setWordWrap(true);
    m_form = new QWidget(this);
    m_formLayout = new QFormLayout(m_form);
    m_formLayout->setContentsMargins(0, 0, 0, 0);
    m_formLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch();
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(buttons);
    auto *right = new QVBoxLayout;
    right->addWidget(m_help);
    right->addWidget(m_form);
    right->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left);
    layout->addLayout(right, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &ProcessingStepEditor::showStep);
    rebuildList(-1);
}

void ProcessingStepEditor::setSteps(const QList<jsoc::ProcessingStep> &steps)
{
    m_steps = steps;
    rebuildList(steps.isEmpty() ? -1 : 0);
    emit changed();
}

void ProcessingStepEditor::addStep(const QString &name)
{
    m_steps.append(jsoc::defaultProcessingStep(name));
    rebuildList(int(m_steps.size()) - 1);
    emit changed();
}

void ProcessingStepEditor::removeCurrentStep()
{
    const int row = currentStep();
    if (row < 0 || row >= m_steps.size())
        return;
    m_steps.removeAt(row);
    rebuildList(std::min(row, int(m_steps.size()) - 1));
    emit changed();
}

int ProcessingStepEditor::currentStep() const
{
    return m_list->currentRow();
}

void ProcessingStepEditor::setValue(int index, const QString &key, const QString &value)
{
    if (index < 0 || index >= m_steps.size())
        return;
    m_steps[index].setValue(key, value);
    if (index == m_shown) {
        m_shown = -1;
        showStep(index);
    }
    emit changed();
}

void ProcessingStepEditor::rebuildList(int select)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const jsoc::ProcessingStep &s : std::as_const(m_steps))
        m_list->addItem(s.name);
    if (m_steps.isEmpty())
        m_list->addItem(tr("(none)")); // the help next to it says what "none" means
    m_list->setEnabled(!m_steps.isEmpty());
    m_removeButton->setEnabled(!m_steps.isEmpty());
    m_list->setCurrentRow(select);
    m_shown = -1;
    showStep(select);
}

void ProcessingStepEditor::showStep(int index)
{
    // -1 (no step) is drawn every time: the list starts with no step shown, and its help must appear.
    if (index == m_shown && index >= 0)
        return;
    m_shown = index;
    while (m_formLayout->rowCount() > 0)
        m_formLayout->removeRow(0);
    if (index < 0 || index >= m_steps.size()) {
        m_help->setText(tr("No processing: JSOC sends the files as it stores them. Add a step to cut out, rebin, "
                           "rescale or remap the images before JSOC sends them."));
        return;
    }
    const jsoc::ProcessingStep &step = m_steps.at(index);
    const jsoc::ProcessingStepSpec *spec = jsoc::processingStepSpec(step.name);
    if (!spec) {
        m_help->setText(tr("%1 cannot be edited here.").arg(step.name));
        return;
    }
    m_help->setText(QStringLiteral("<b>%1</b>: %2").arg(spec->title.toHtmlEscaped(), spec->help.toHtmlEscaped()));
    if (spec->fields.isEmpty())
        m_formLayout->addRow(new QLabel(tr("This step has no arguments."), m_form));
    for (const jsoc::ProcessingField &f : spec->fields) {
        const QString key = f.key;
        const QString value = step.value(key);
        QWidget *editor = nullptr;
        if (!f.choices.isEmpty()) {
            auto *combo = new QComboBox(m_form);
            // An optional argument can be left out: JSOC then uses the module's default.
            if (!f.required)
                combo->addItem(tr("(not given)"), QString());
            for (const QString &choice : f.choices)
                combo->addItem(choice, choice);
            // A value from a stored request that is not a choice is shown as it is, so the
            // check's message about it matches what the form shows.
            if (combo->findData(value) < 0)
                combo->addItem(value, value);
            combo->setCurrentIndex(combo->findData(value));
            connect(combo, &QComboBox::currentIndexChanged, this, [this, index, key, combo](int row) {
                if (index < m_steps.size() && row >= 0) {
                    m_steps[index].setValue(key, combo->itemData(row).toString());
                    emit changed();
                }
            });
            editor = combo;
        } else {
            auto *edit = new QLineEdit(value, m_form);
            edit->setCursorPosition(0); // a long value (t_ref) shows its start, not its clipped end
            if (f.kind == jsoc::ProcessingField::Kind::Time)
                edit->setPlaceholderText(QStringLiteral("2014-01-01T00:00:00"));
            else if (f.kind == jsoc::ProcessingField::Kind::Duration)
                edit->setPlaceholderText(QStringLiteral("720s"));
            else if (!f.required)
                edit->setPlaceholderText(tr("(not given)"));
            connect(edit, &QLineEdit::textEdited, this, [this, index, key](const QString &text) {
                if (index < m_steps.size()) {
                    m_steps[index].setValue(key, text);
                    emit changed();
                }
            });
            editor = edit;
        }
        // Wide enough for a whole DRMS time: the long labels would otherwise squeeze the field
        // until a typed time no longer shows.
        editor->setMinimumWidth(editor->fontMetrics().horizontalAdvance(QStringLiteral("2014-01-01T00:00:00")) + 24);
        editor->setObjectName(key);
        editor->setToolTip(key);
        m_formLayout->addRow(f.label + QLatin1Char(':'), editor);
    }
}

} // namespace ui
