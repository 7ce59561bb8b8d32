#include "ui/PendingRequestNote.h"

#include <QVBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace ui {
namespace {

QString utcText(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace

PendingRequestNote::PendingRequestNote(QWidget *parent) : QWidget(parent)
{
    // The note above its button: a word-wrapped label beside a button gets a wrong height.
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel = new QPushButton(tr("Cancel it at JSOC"), this);
    m_cancel->setAutoDefault(false); // Enter must never press it
    m_cancel->setToolTip(tr("Ask JSOC to cancel the pending request, so that the new one goes out at once."));
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_cancel->setText(tr("Cancelling…"));
        emit cancelRequested();
    });
    column->addWidget(m_label);
    column->addWidget(m_cancel, 0, Qt::AlignLeft);
    hide();
}

void PendingRequestNote::setCheck(const jsoc::PendingRequestCheck &check)
{
    m_cancel->setEnabled(true);
    m_cancel->setText(tr("Cancel it at JSOC"));
    m_cancel->setVisible(check.isPending());
    const QString text = describe(check);
    m_shown = !text.isEmpty();
    m_label->setText(m_shown ? QStringLiteral("<span style='color:#b35c00'>%1</span>").arg(text.toHtmlEscaped()) : QString());
    setVisible(m_shown);
}

void PendingRequestNote::clear()
{
    m_shown = false;
    m_label->clear();
    hide();
}

QString PendingRequestNote::text() const
{
    return m_shown ? m_label->text() : QString();
}

QString PendingRequestNote::describe(const jsoc::PendingRequestCheck &check) const
{
    const QString id = check.requestId.isEmpty() ? tr("a request") : tr("request %1").arg(check.requestId);
    switch (check.answer) {
    case jsoc::PendingRequestCheck::Answer::Pending:
        if (check.started.isValid())
            return tr("JSOC still has %1 pending for this address since %2 (it stops blocking new requests at %3). "
                      "You can still send: this request waits in the queue here and goes out when that one ends, "
                      "or at %3 at the latest.")
                .arg(id, utcText(check.started), utcText(check.blocksUntil()));
        return tr("JSOC still has %1 pending for this address (it did not say since when; it stops blocking new "
                  "requests an hour after it started). You can still send: this request waits in the queue here "
                  "and goes out when that one ends.")
            .arg(id);
    case jsoc::PendingRequestCheck::Answer::Cancelled:
        return tr("JSOC cancelled %1; a new request goes out at once.").arg(id);
    case jsoc::PendingRequestCheck::Answer::Unknown:
        return tr("JSOC did not say whether a request is pending for this address (%1). If one is, this request "
                  "waits in the queue here until it ends.")
            .arg(check.message.isEmpty() ? tr("status %1").arg(check.status) : check.message);
    case jsoc::PendingRequestCheck::Answer::NoPending:
        break;
    }
    return {};
}

} // namespace ui
