#pragma once

#include "model/exports/ExportOptionsCheck.h"

#include <QList>
#include <QWidget>

class QFormLayout;
class QLabel;
class QListWidget;
class QToolButton;

// The processing steps of an export (JSOC's nine: im_patch, rebin, resize, Maproj, ...): a list of steps in
// the order JSOC applies them and a form with the selected step's arguments, built from
// jsoc::processingStepSpecs(). Checking the values is model/exports/ExportOptionsCheck's job.
namespace ui {

class ProcessingStepEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProcessingStepEditor)

public:
    explicit ProcessingStepEditor(QWidget *parent = nullptr);

    QList<jsoc::ProcessingStep> steps() const { return m_steps; }
    void setSteps(const QList<jsoc::ProcessingStep> &steps);
    void addStep(const QString &name);
    void removeCurrentStep();
    int currentStep() const;
    // Sets an argument of step `index` (and the form when that step is shown).
    void setValue(int index, const QString &key, const QString &value);

signals:
    void changed();

private:
    void rebuildList(int select);
    void showStep(int index);

    QList<jsoc::ProcessingStep> m_steps;
    QListWidget *m_list = nullptr;
    QToolButton *m_addButton = nullptr;
    QToolButton *m_removeButton = nullptr;
    QWidget *m_form = nullptr;
    QFormLayout *m_formLayout = nullptr;
    QLabel *m_help = nullptr;
    int m_shown = -1;
};

} // namespace ui
