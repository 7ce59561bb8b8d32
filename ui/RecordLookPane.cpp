#include "ui/RecordLookPane.h"

#include "ui/FitsPreviewWidget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ui {

RecordLookPane::RecordLookPane(QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_segmentBox(new QComboBox(this)),
      m_segmentLabel(new QLabel(tr("Se&gment"), this)),
      m_note(new QLabel(this)),
      m_stack(new QStackedWidget(this)),
      m_message(new QLabel(this)),
      m_preview(new FitsPreviewWidget(this))
{
    setObjectName(QStringLiteral("recordLookPane"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long spec must not widen the pane
    m_segmentLabel->setBuddy(m_segmentBox);
    m_segmentBox->setObjectName(QStringLiteral("lookSegmentBox"));
    m_segmentBox->setToolTip(tr("The segment (file) of the record to show"));
    m_note->setObjectName(QStringLiteral("lookNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_message->setObjectName(QStringLiteral("lookMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setMargin(24);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_stack->addWidget(m_message);
    m_stack->addWidget(m_preview);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_segmentLabel);
    top->addWidget(m_segmentBox);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_stack, 1);

    setSegments({}, {});
    showIdle();

    connect(m_segmentBox, &QComboBox::currentTextChanged, this, [this](const QString &name) {
        if (!name.isEmpty())
            emit segmentChosen(name);
    });
    connect(m_preview, &FitsPreviewWidget::loaded, this, [this](const QString &path) {
        m_stack->setCurrentWidget(m_preview);
        emit imageShown(path);
    });
    connect(m_preview, &FitsPreviewWidget::loadFailed, this, [this](const QString &message) {
        showMessage(tr("%1 was fetched but cannot be shown: %2").arg(m_recordSpec, message));
        emit loadFailed(message);
    });
}

void RecordLookPane::setSegments(const QStringList &names, const QString &current)
{
    {
        const QSignalBlocker block(m_segmentBox); // a choice made here is no user's choice
        m_segmentBox->clear();
        m_segmentBox->addItems(names);
        m_segmentBox->setCurrentIndex(std::max(0, int(names.indexOf(current))));
    }
    const bool choice = names.size() > 1;
    m_segmentBox->setVisible(choice);
    m_segmentLabel->setVisible(choice);
}

QString RecordLookPane::segment() const
{
    return m_segmentBox->currentText();
}

QStringList RecordLookPane::segments() const
{
    QStringList names;
    for (int i = 0; i < m_segmentBox->count(); ++i)
        names.append(m_segmentBox->itemText(i));
    return names;
}

void RecordLookPane::showIdle()
{
    m_recordSpec.clear();
    m_title->setText(tr("Record image"));
    m_note->clear();
    m_note->hide();
    showMessage(tr("Select a row of the table to see its image here. Online records are shown at once, "
                   "without an export; use the arrow keys to page through them."));
}

void RecordLookPane::showFetching(const QString &recordSpec)
{
    m_recordSpec = recordSpec;
    m_title->setText(recordSpec);
    m_note->setText(tr("Fetching the file of this record from JSOC…"));
    m_note->show();
    // The image before stays on screen until this one is decoded; words about another record do not.
    if (m_stack->currentWidget() == m_message)
        showMessage(tr("Fetching the file of %1…").arg(recordSpec));
}

void RecordLookPane::showFile(const QString &recordSpec, const QString &path, const QString &headerNote)
{
    m_recordSpec = recordSpec;
    m_title->setText(recordSpec);
    m_note->setText(headerNote);
    m_note->setVisible(!headerNote.isEmpty());
    m_preview->openFile(path); // decoded on the thread pool; loaded() switches the stack
}

void RecordLookPane::showWords(const QString &recordSpec, const QString &words)
{
    m_recordSpec = recordSpec;
    m_title->setText(recordSpec);
    m_note->clear();
    m_note->hide();
    showMessage(words);
}

void RecordLookPane::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

QString RecordLookPane::messageText() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

QString RecordLookPane::noteText() const
{
    return m_note->isVisibleTo(this) ? m_note->text() : QString();
}

bool RecordLookPane::isShowingImage() const
{
    return m_stack->currentWidget() == m_preview;
}

} // namespace ui
