#include "ui/InlineBanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace ui {

namespace {

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}

} // namespace

InlineBanner::InlineBanner(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("inlineBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(QStringLiteral("bannerText"));
    m_action = new QPushButton(this);
    m_action->setObjectName(QStringLiteral("bannerAction"));
    m_close = new QToolButton(this);
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("✕"));
    m_close->setToolTip(QStringLiteral("Hide this message"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    connect(m_action, &QPushButton::clicked, this, &InlineBanner::actionTriggered);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        emit dismissed();
    });
    hide();
}

void InlineBanner::showMessage(Kind kind, const QString &text, const QString &actionText)
{
    m_kind = kind;
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    if (kind == Kind::Warning)
        icon = QStyle::SP_MessageBoxWarning;
    else if (kind == Kind::Error)
        icon = QStyle::SP_MessageBoxCritical;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
    applyColours();
    show();
}

void InlineBanner::dismiss()
{
    hide();
}

QString InlineBanner::text() const
{
    return isVisible() || !m_text->text().isEmpty() ? m_text->text() : QString();
}

void InlineBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_applyingColours)
        applyColours();
}

void InlineBanner::applyColours()
{
    // A tint of the window colour: readable in light and dark palettes alike.
    QColor tint(QStringLiteral("#3b82f6"));
    if (m_kind == Kind::Warning)
        tint = QColor(QStringLiteral("#f59e0b"));
    else if (m_kind == Kind::Error)
        tint = QColor(QStringLiteral("#ef4444"));
    QPalette pal = parentWidget() ? parentWidget()->palette() : palette();
    pal.setColor(QPalette::Window, blend(pal.color(QPalette::Window), tint, 0.18));
    m_applyingColours = true;
    setPalette(pal);
    m_applyingColours = false;
}

} // namespace ui
