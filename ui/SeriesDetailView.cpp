#include "ui/SeriesDetailView.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/SeriesOverviewPane.h"
#include "ui/SeriesTablePane.h"

namespace ui {

SeriesDetailView::SeriesDetailView(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("seriesTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_subtitle = new QLabel(this);
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("sourceNote"));
    m_note->setWordWrap(true);
    QFont noteFont = m_note->font();
    noteFont.setItalic(true);
    m_note->setFont(noteFont);
    m_note->hide();

    m_favourite = new QToolButton(this);
    m_favourite->setCheckable(true);
    m_favourite->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_favourite->setToolTip(QStringLiteral("Add to or remove from favourites (Ctrl+D)"));
    connect(m_favourite, &QToolButton::clicked, this, [this] {
        if (!m_series.isEmpty())
            emit favouriteToggled(m_series);
    });
    setFavourite(false);

    m_query = new QToolButton(this);
    m_query->setText(QStringLiteral("Query records…"));
    m_query->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_query->setToolTip(QStringLiteral("Build a record set of this series and page through its keywords (Ctrl+R)"));
    m_query->hide();
    connect(m_query, &QToolButton::clicked, this, [this] {
        if (!seriesWithStructure().isEmpty())
            emit recordSetRequested(seriesWithStructure());
    });

    auto *header = new QHBoxLayout;
    m_header = header;
    header->addWidget(m_title, 1);
    header->addWidget(m_query, 0, Qt::AlignTop);
    header->addWidget(m_favourite, 0, Qt::AlignTop);

    // Message page.
    auto *messagePage = new QWidget(this);
    m_message = new QLabel(messagePage);
    m_message->setObjectName(QStringLiteral("detailMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry = new QPushButton(QStringLiteral("Retry"), messagePage);
    connect(m_retry, &QPushButton::clicked, this, [this] { emit retryRequested(m_series); });
    auto *messageLayout = new QVBoxLayout(messagePage);
    messageLayout->addStretch(1);
    messageLayout->addWidget(m_message);
    messageLayout->addWidget(m_retry, 0, Qt::AlignHCenter);
    messageLayout->addStretch(2);

    // Panes.
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_overview = new SeriesOverviewPane;
    auto *overviewScroll = new QScrollArea;
    overviewScroll->setWidget(m_overview);
    overviewScroll->setWidgetResizable(true);
    overviewScroll->setFrameShape(QFrame::NoFrame);
    overviewScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tabs->addTab(overviewScroll, QStringLiteral("&Overview"));
    const struct {
        const char *title;
        const char *empty;
        bool filterable;
    } panes[] = {
        {"&Prime keys", "This series has no prime keys.", false},
        {"&Keywords", "This series has no keywords.", true},
        {"&Segments", "This series has no segments (keywords only).", false},
        {"&Links", "This series has no links to other series.", false},
    };
    for (const auto &p : panes) {
        auto *pane = new SeriesTablePane(QString::fromUtf8(p.empty), p.filterable);
        connect(pane, &SeriesTablePane::seriesLinkActivated, this, &SeriesDetailView::seriesLinkActivated);
        m_tables.append(pane);
        m_tabs->addTab(pane, QString::fromUtf8(p.title));
    }

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(messagePage);
    m_stack->addWidget(m_tabs);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_note);
    layout->addWidget(m_stack, 1);
    showPlaceholder();
}

SeriesTablePane *SeriesDetailView::tablePane(Pane pane) const
{
    const int i = int(pane) - int(PrimeKeysPane);
    return i >= 0 && i < m_tables.size() ? m_tables[i] : nullptr;
}

void SeriesDetailView::showMessage(State state, const QString &title, const QString &text, bool retry)
{
    m_state = state;
    m_title->setText(title);
    m_subtitle->clear();
    m_subtitle->hide();
    m_note->hide();
    m_message->setText(text);
    m_retry->setVisible(retry);
    m_favourite->setVisible(!m_series.isEmpty());
    m_query->hide();
    m_structure = {};
    m_stack->setCurrentIndex(0);
}

void SeriesDetailView::showPlaceholder()
{
    m_series.clear();
    showMessage(State::Placeholder, QStringLiteral("No series selected"),
                QStringLiteral("Select a series on the left to see its description, prime keys, keywords, "
                               "segments and links."),
                false);
}

void SeriesDetailView::showLoading(const QString &series)
{
    m_series = series;
    showMessage(State::Loading, series, QStringLiteral("Loading the structure of %1 from JSOC…").arg(series), false);
}

void SeriesDetailView::showError(const QString &series, const QString &message)
{
    m_series = series;
    showMessage(State::Error, series,
                QStringLiteral("Could not load the structure of %1.\n\n%2").arg(series, message), true);
}

void SeriesDetailView::showStructure(const jsoc::SeriesStructure &s, const QString &sourceNote)
{
    const bool sameSeries = m_state == State::Structure && m_series.compare(s.name, Qt::CaseInsensitive) == 0;
    m_series = s.name;
    m_state = State::Structure;
    m_title->setText(s.name);
    m_subtitle->setText(s.note);
    m_subtitle->setVisible(!s.note.isEmpty());
    setSourceNote(sourceNote);
    m_favourite->show();
    m_query->show();
    m_structure = s;
    m_overview->setStructure(s);
    m_tables[0]->setTable(jsoc::SeriesFieldTable::primeKeys(s));
    m_tables[1]->setTable(jsoc::SeriesFieldTable::keywords(s));
    m_tables[2]->setTable(jsoc::SeriesFieldTable::segments(s));
    m_tables[3]->setTable(jsoc::SeriesFieldTable::links(s));
    if (!sameSeries && m_tables[1]->filterEdit())
        m_tables[1]->filterEdit()->clear();
    m_stack->setCurrentIndex(1);
}

void SeriesDetailView::setSourceNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void SeriesDetailView::setNavigationActions(QAction *back, QAction *forward)
{
    int at = 0;
    for (QAction *action : {back, forward}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        m_header->insertWidget(at++, button, 0, Qt::AlignTop);
    }
}

void SeriesDetailView::setFavourite(bool favourite)
{
    m_favourite->setChecked(favourite);
    m_favourite->setText(favourite ? QStringLiteral("★ Favourite") : QStringLiteral("☆ Add to favourites"));
}

QString SeriesDetailView::messageText() const
{
    return m_state == State::Structure ? QString() : m_message->text();
}

QString SeriesDetailView::sourceNote() const
{
    return m_note->isVisibleTo(this) ? m_note->text() : QString();
}

} // namespace ui
