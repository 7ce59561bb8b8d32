#pragma once

#include <QObject>
#include <QPointer>

#include "app/workflow/RecordLook.h"
#include "model/common/Preferences.h"
#include "model/drms/SeriesStructure.h"
#include "network/JsocClient.h"
#include "ui/RecordSetWindow.h"

namespace jsoc {
class KeywordTableModel;
}

// One record-set window against JSOC: the window's requests go to a RecordSetFetch (count,
// question for a huge set, slot-aligned pages, cancel, generations) and its pages into the
// KeywordTableModel; the window is told how things stand. The row the user stops on is shown
// without an export: its wish goes to a RecordLook (one connection, newest wish wins, the next
// rows prefetched into the cache) and the answer back to the window. Deletes itself when its
// window closes.
namespace app {

class RecordSetFetch;

class RecordSetController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordSetController)

public:
    RecordSetController(jsoc::JsocClient *client, const jsoc::SeriesStructure &structure, QObject *parent = nullptr);
    ~RecordSetController() override;

    ui::RecordSetWindow *window() const { return m_window; }
    jsoc::KeywordTableModel *model() const { return m_model; }
    // Rows per rs_list page for slotted time keys (tests use small pages).
    void setRowsPerPage(int rows) { m_rowsPerPage = rows; }

    void count(const QString &recordSet);
    void fetch(const ui::FetchRequest &request);
    void cancel();

    // The record images: where the window shows them and how big their cache may grow (live).
    void applyPreferences(const jsoc::Preferences &preferences);
    // Where record images are cached (default: <cache>/record-images/<host>_<port>).
    void setLookCacheDirectory(const QString &directory);
    RecordLook *recordLook() const { return m_look; }
    static QString defaultLookCacheDirectory(const QUrl &server);

signals:
    // For tests: a load ended (finished, failed or cancelled).
    void loadEnded();
    void countShown(qint64 count);
    // For tests: the window was given the image (or the words) for the record it wants.
    void lookAnswered(const QString &recordSpec);

private:
    void connectFetch();
    void connectLook();
    void look(const ui::RecordLookWish &wish);
    bool isWanted(const RecordLookRequest &request) const;
    void endModelQuery();

    jsoc::SeriesStructure m_structure;
    jsoc::KeywordTableModel *m_model = nullptr;
    RecordSetFetch *m_fetch = nullptr;
    jsoc::JsocClient *m_client = nullptr;
    RecordLook *m_look = nullptr;
    RecordLookRequest m_lookWanted; // what the window shows now: other answers are dropped
    QPointer<ui::RecordSetWindow> m_window;
    ui::FetchRequest m_pending; // asked again as it was when the set is too big to fetch unasked
    qint64 m_expected = 0;
    int m_rowsPerPage = 50000;
};

} // namespace app
