#pragma once

#include <QObject>
#include <QPointer>

#include "model/drms/SeriesStructure.h"
#include "network/JsocClient.h"
#include "ui/RecordSetWindow.h"

namespace jsoc {
class KeywordTableModel;
}

// One record-set window against JSOC: the window's requests go to a RecordSetFetch (count,
// question for a huge set, slot-aligned pages, cancel, generations) and its pages into the
// KeywordTableModel; the window is told how things stand. Deletes itself when its window closes.
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

signals:
    // For tests: a load ended (finished, failed or cancelled).
    void loadEnded();
    void countShown(qint64 count);

private:
    void connectFetch();
    void endModelQuery();

    jsoc::SeriesStructure m_structure;
    jsoc::KeywordTableModel *m_model = nullptr;
    RecordSetFetch *m_fetch = nullptr;
    QPointer<ui::RecordSetWindow> m_window;
    ui::FetchRequest m_pending; // asked again as it was when the set is too big to fetch unasked
    qint64 m_expected = 0;
    int m_rowsPerPage = 50000;
};

} // namespace app
