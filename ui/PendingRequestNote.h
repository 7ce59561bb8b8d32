#pragma once

#include "model/exports/PendingRequestCheck.h"

#include <QWidget>

class QLabel;
class QPushButton;

// The export dialog's note on a request JSOC still has pending for the notify address (its
// manage-request.sh answer): which request, since when, when it stops blocking new ones, that a
// new request waits in our queue meanwhile, and a "Cancel it at JSOC" button. Hidden when JSOC
// says nothing is pending. It never blocks sending: JSOC forgets a pending request after an hour.
namespace ui {

class PendingRequestNote final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PendingRequestNote)

public:
    explicit PendingRequestNote(QWidget *parent = nullptr);

    void setCheck(const jsoc::PendingRequestCheck &check);
    void clear();      // nothing known (another address, or not asked yet): hidden
    QString text() const; // the note as shown (rich text), "" when hidden
    QPushButton *cancelButton() const { return m_cancel; }

signals:
    void cancelRequested(); // the button was pressed (disabled until the next setCheck)

private:
    QString describe(const jsoc::PendingRequestCheck &check) const;

    QLabel *m_label = nullptr;
    QPushButton *m_cancel = nullptr;
    bool m_shown = false;
};

} // namespace ui
