#pragma once

#include "ui/KeyConditionEditor.h"

class QLineEdit;

// Editor for a prime key that is not a time (or any key typed as an expression): one line
// accepting values, ranges and lists (`171,193`, `100-200`, `^`, `$`, `#5`). Empty = any value.
// Text that is not a valid item list is flagged (red, tooltip) and reported by problem().
namespace ui {

class ValueKeyEditor final : public KeyConditionEditor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ValueKeyEditor)

public:
    explicit ValueKeyEditor(const jsoc::PrimeKeyInfo &key, const QString &note = {}, QWidget *parent = nullptr);

    void setCondition(const jsoc::KeyCondition &condition) override;
    jsoc::KeyCondition condition() const override;
    QString problem() const override { return m_problem; }
    QList<QWidget *> focusChain() const override;

    QLineEdit *lineEdit() const { return m_edit; }

private:
    void check();

    jsoc::PrimeKeyInfo m_key;
    QLineEdit *m_edit = nullptr;
    bool m_byName = false;
    QString m_problem;
    QString m_baseToolTip;
};

} // namespace ui
