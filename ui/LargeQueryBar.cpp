#include "ui/LargeQueryBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include "model/common/DisplayFormat.h"

namespace ui {

LargeQueryBar::LargeQueryBar(QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(255, 243, 205));
    pal.setColor(QPalette::WindowText, QColor(102, 77, 3));
    setPalette(pal);

    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_narrow = new QPushButton(tr("Narrow the query"), this);
    m_first = new QPushButton(this);
    m_all = new QPushButton(this);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_narrow);
    layout->addWidget(m_first);
    layout->addWidget(m_all);

    connect(m_narrow, &QPushButton::clicked, this, [this] {
        hide();
        emit narrowChosen();
    });
    connect(m_first, &QPushButton::clicked, this, [this] {
        hide();
        emit fetchFirstChosen(m_firstN);
    });
    connect(m_all, &QPushButton::clicked, this, [this] {
        hide();
        emit fetchAllChosen();
    });
    hide();
}

void LargeQueryBar::ask(qint64 count, qint64 firstN)
{
    m_firstN = firstN;
    m_text->setText(tr("This record set has %1 records. Fetching them all takes a while and keeps them in memory "
                       "(the table stays usable while pages arrive).")
                        .arg(jsoc::format::count(count)));
    m_first->setText(tr("Fetch first %1").arg(jsoc::format::count(firstN)));
    m_first->setVisible(firstN < count);
    m_all->setText(tr("Fetch all %1").arg(jsoc::format::count(count)));
    show();
}

QString LargeQueryBar::text() const
{
    return m_text->text();
}

} // namespace ui
