#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>

#include "model/drms/SeriesStructure.h"
#include "network/JsocClient.h"
#include "ui/RecordSetWindow.h"

namespace jsoc {
class KeywordTableModel;
class RecordTableLoader;
}

// One record-set window against JSOC: counts (rs_summary), plans slot-aligned pages, loads them
// with RecordTableLoader into the KeywordTableModel, and asks before fetching a huge set. Every
// request can be cancelled; a new fetch supersedes the old one (the model drops stale pages by
// generation). Deletes itself when its window closes.
namespace app {

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
    void startLoad(const ui::FetchRequest &request, qint64 count);
    void onCountFinished();

    QPointer<jsoc::JsocClient> m_client;
    jsoc::SeriesStructure m_structure;
    jsoc::KeywordTableModel *m_model = nullptr;
    jsoc::RecordTableLoader *m_loader = nullptr;
    QPointer<ui::RecordSetWindow> m_window;
    QPointer<jsoc::RecordCountJob> m_countJob;
    QString m_countSet;
    bool m_fetchAfterCount = false;
    ui::FetchRequest m_pending;
    qint64 m_expected = 0;
    int m_rowsPerPage = 50000;
};

} // namespace app
