#pragma once

#include "ui/KeyConditionEditor.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

// Editor for a time prime key (T_REC): a mode (any time / at / from … to / from … for /
// expression), start and end-or-duration fields that accept any DRMS time form (with a date
// picker), a cadence field (`@1h`), and a line under them explaining the key's zone, TAI−UTC at
// the typed time, the slot JSOC will match and the slot step. Expression mode takes the bracket
// text as typed (`$`, `^`, `#100-#200`, lists), for what the time fields cannot show.
namespace ui {

class TimeKeyEditor final : public KeyConditionEditor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeKeyEditor)

public:
    enum class Mode { Any, At, Range, Duration, Expression };

    explicit TimeKeyEditor(const jsoc::PrimeKeyInfo &key, QWidget *parent = nullptr);

    // Start time put in the start field when the user picks a time mode with an empty start
    // (e.g. the first day of the series' last record).
    void setDefaultStart(const QString &time) { m_defaultStart = time; }

    void setCondition(const jsoc::KeyCondition &condition) override;
    jsoc::KeyCondition condition() const override;
    QString problem() const override;
    QList<QWidget *> focusChain() const override;

    Mode mode() const;
    QString explanation() const;

    // For tests and the builder's tab order.
    QComboBox *modeBox() const { return m_mode; }
    QLineEdit *startEdit() const { return m_start; }
    QLineEdit *endEdit() const { return m_end; }
    QLineEdit *durationEdit() const { return m_duration; }
    QLineEdit *cadenceEdit() const { return m_cadence; }
    QLineEdit *expressionEdit() const { return m_expression; }

private:
    QToolButton *makeDateButton(QLineEdit *target);
    void setMode(Mode mode);
    void modeChosen();
    void updateVisibility();
    void updateExplanation();
    void edited();
    // A zone-less time that the field (key's zone) and JSOC (UTC) would read differently.
    bool readsDifferentlyHere(const QString &typed) const;

    jsoc::PrimeKeyInfo m_key;
    QString m_defaultStart;
    bool m_byName = false;
    QComboBox *m_mode = nullptr;
    QLineEdit *m_start = nullptr;
    QToolButton *m_startDate = nullptr;
    QLineEdit *m_end = nullptr;
    QToolButton *m_endDate = nullptr;
    QLineEdit *m_duration = nullptr;
    QLabel *m_every = nullptr;
    QLineEdit *m_cadence = nullptr;
    QLineEdit *m_expression = nullptr;
    QLabel *m_explain = nullptr;
};

} // namespace ui
