#pragma once

#include "model/drms/RecordSetForm.h"

#include <QWidget>

// One prime key's editor in the record-set builder (TimeKeyEditor, ValueKeyEditor).
// setCondition() never emits; conditionEdited() means the user changed something.
namespace ui {

class KeyConditionEditor : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyConditionEditor)

public:
    explicit KeyConditionEditor(QWidget *parent = nullptr) : QWidget(parent) {}

    virtual void setCondition(const jsoc::KeyCondition &condition) = 0;
    virtual jsoc::KeyCondition condition() const = 0;
    // What is wrong with the typed values, in words (empty when fine).
    virtual QString problem() const = 0;
    // The editor's fields in tab order, for the builder's tab chain.
    virtual QList<QWidget *> focusChain() const = 0;

signals:
    void conditionEdited();
};

} // namespace ui
