#pragma once

#include <QWidget>

#include "model/drms/SeriesStructure.h"

class QAction;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QToolButton;

// The right-hand side: one series' structure in panes (Overview, Prime keys, Keywords,
// Segments, Links), or a message page saying in words what is happening ("Loading…",
// "Could not load …" with Retry, "Select a series…"). Never an empty pane without a reason.
namespace ui {

class SeriesOverviewPane;
class SeriesTablePane;

class SeriesDetailView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesDetailView)

public:
    enum class State { Placeholder, Loading, Structure, Error };
    enum Pane { OverviewPane = 0, PrimeKeysPane, KeywordsPane, SegmentsPane, LinksPane };

    explicit SeriesDetailView(QWidget *parent = nullptr);

    void showPlaceholder();
    void showLoading(const QString &series);
    // `sourceNote` says where the data came from when it is not fresh ("Cached 3 hours ago …").
    void showStructure(const jsoc::SeriesStructure &structure, const QString &sourceNote = {});
    // Keeps the current structure and only updates the note (e.g. refresh failed, cache shown).
    void setSourceNote(const QString &note);
    void showError(const QString &series, const QString &message);
    void setFavourite(bool favourite);
    // Back and Forward buttons at the start of the title row.
    void setNavigationActions(QAction *back, QAction *forward);

    State state() const { return m_state; }
    QString currentSeries() const { return m_series; }
    // The series whose structure is on screen, empty otherwise: only such a series can be
    // queried or exported from here.
    QString seriesWithStructure() const { return m_state == State::Structure ? m_series : QString(); }
    QString messageText() const;
    QString sourceNote() const;
    QTabWidget *tabs() const { return m_tabs; }
    // The structure on screen (empty name unless state() is Structure).
    const jsoc::SeriesStructure &structure() const { return m_structure; }
    QToolButton *queryButton() const { return m_query; }
    SeriesOverviewPane *overview() const { return m_overview; }
    SeriesTablePane *tablePane(Pane pane) const;

signals:
    void seriesLinkActivated(const QString &series);
    void retryRequested(const QString &series);
    void favouriteToggled(const QString &series);
    // "Query records…": open a record-set window for the series on screen.
    void recordSetRequested(const QString &series);

private:
    void showMessage(State state, const QString &title, const QString &text, bool retry);

    QHBoxLayout *m_header = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_note = nullptr;
    QToolButton *m_favourite = nullptr;
    QToolButton *m_query = nullptr;
    jsoc::SeriesStructure m_structure;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_retry = nullptr;
    QTabWidget *m_tabs = nullptr;
    SeriesOverviewPane *m_overview = nullptr;
    QList<SeriesTablePane *> m_tables; // PrimeKeysPane..LinksPane
    QString m_series;
    State m_state = State::Placeholder;
};

} // namespace ui
