#pragma once

#include <QSet>
#include <QWidget>

class QLineEdit;
class QListView;
class QModelIndex;
class QTabWidget;
class QTimer;
class QToolButton;
class QTreeView;

namespace jsoc {
class FavouriteSeriesModel;
class RecentSeriesModel;
class SeriesSearchProxy;
class SeriesTreeModel;
}

// The left-hand side: a search box over the series tree, plus Favourites and Recent lists.
// Typing is debounced (150 ms) and then filters through SeriesSearchProxy; when few enough
// series match, their groups are expanded. Selecting a series anywhere emits seriesSelected().
namespace ui {

class SeriesBrowserPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesBrowserPanel)

public:
    // Groups are expanded after a search only up to this many matches (expanding 40,000 rows
    // would make typing stutter and show nothing useful).
    static constexpr int kExpandLimit = 2000;
    static constexpr int kDebounceMs = 150;

    SeriesBrowserPanel(jsoc::SeriesTreeModel *tree, jsoc::FavouriteSeriesModel *favourites,
                       jsoc::RecentSeriesModel *recent, QWidget *parent = nullptr);

    void focusSearch();
    // Selects `series` in the tree when it is visible under the current search.
    bool selectSeries(const QString &series);
    // The series the detail pane shows now (a link, Recent, Back…): highlighted in the tree when
    // visible there, otherwise nothing is highlighted, so the tree never shows another series and
    // a click on the previous one opens it again. Emits nothing.
    void setCurrentSeries(const QString &series);
    // Moves the focus to the tree, on the first series that matches (its group opened): Down or
    // Enter in the search box.
    void focusFirstSeries();
    QString currentSeries() const { return m_current; }
    QString summaryText() const;
    // Applies the typed text now instead of after the debounce delay.
    void applySearchNow();

    QLineEdit *searchEdit() const { return m_search; }
    QToolButton *regexButton() const { return m_regex; }
    QTreeView *treeView() const { return m_tree; }
    jsoc::SeriesSearchProxy *proxy() const { return m_proxy; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    void seriesSelected(const QString &series);
    // "312 of 45,118 series", or the reason a search could not be applied.
    void summaryChanged(const QString &summary);
    void searchError(const QString &message);
    // Enter on a whole record set typed or pasted in the search box
    // (`hmi.M_720s[2014.01.01_TAI/1d][3]{magnetogram}`, as copied from a notebook).
    void recordSetEntered(const QString &recordSet);

private:
    void applySearch();
    void onReturnPressed();
    void onCatalogueReset();
    void rememberExpandedGroups();
    void restoreExpandedGroups();
    void onTreeCurrentChanged(const QModelIndex &current);
    void select(const QString &series);
    void setSearchErrorState(const QString &message);
    bool eventFilter(QObject *watched, QEvent *event) override;

    jsoc::SeriesTreeModel *m_model = nullptr;
    jsoc::SeriesSearchProxy *m_proxy = nullptr;
    QLineEdit *m_search = nullptr;
    QToolButton *m_regex = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_tree = nullptr;
    QListView *m_favourites = nullptr;
    QListView *m_recent = nullptr;
    QTimer *m_debounce = nullptr;
    QString m_current;
    QString m_recordSetSeries; // the series of the record set in the search box, if it holds one
    QSet<QString> m_expandedGroups; // "aia", "hmi", "user series/su_bob": kept across a catalogue refresh
};

} // namespace ui
