#pragma once

#include "model/common/JsocError.h"
#include "model/drms/SeriesStructure.h"
#include "model/records/RecordTable.h"
#include "network/JsocClient.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

namespace jsoc {
class RecordTableLoader;
}

// One record-set fetch against JSOC, shared by the record-set window and `jsoc-cli query`:
// series_struct when needed -> rs_summary -> (a question for a huge set) -> slot-aligned plan ->
// pages loaded with rs_list. Every fetch is a generation: start(), count() and cancel() end the
// one before at once, and nothing of an older generation is emitted afterwards.
namespace app {

struct RecordSetRequest {
    QString recordSet;
    QStringList keys;     // empty: the series' prime keys (from the structure)
    QStringList segments;
    qint64 limit = 0;     // n=: >0 first N, <0 last N, 0 all (a limit is always one request)
    bool online = false;  // R=1: the online status column
    // How to split the set into pages. Absent: fetched with series_struct when the keys or the
    // split need it (no keys given, or no limit).
    std::optional<jsoc::SeriesStructure> structure;
    int rowsPerPage = 50000;
    qint64 largeFetchThreshold = 0; // > 0: more records than this stops at confirmationNeeded()
    bool confirmed = false;         // the user already chose to go on past that question
    // True: the count is shown and decides the question, so a failed rs_summary fails the fetch.
    // False: the count only helps to split the set and size the reply cap: it is not asked when
    // it cannot help (a limit, or no structure), and when it fails the set is loaded in one request.
    bool countRequired = true;
};

class RecordSetFetch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordSetFetch)

public:
    explicit RecordSetFetch(jsoc::JsocClient *client, QObject *parent = nullptr);
    ~RecordSetFetch() override;

    // Starts a fetch (superseding any other) and returns its generation. When neither the
    // structure nor a count is wanted, loadStarted() comes before this returns.
    quint64 start(const RecordSetRequest &request);
    // rs_summary only: ends with counted() or failed(), never loads (supersedes any other fetch).
    quint64 count(const QString &recordSet);
    // Stops the current fetch; emits cancelled() when one was running.
    void cancel();

    bool isRunning() const { return m_step != Step::Idle; }
    quint64 generation() const { return m_generation; }
    // The keys asked of rs_list: the request's, or the prime keys once the structure is known.
    QStringList keys() const { return m_keys; }
    int pagesTotal() const { return m_pages; } // of the current load (0 before it starts)

signals:
    void counted(quint64 generation, const QString &recordSet, qint64 count);
    // The count is over the threshold: nothing is loaded; start again with `confirmed` (or a limit).
    void confirmationNeeded(quint64 generation, qint64 count);
    // `expected`: records the load should bring (the count, capped by a limit; 0 when unknown).
    void loadStarted(quint64 generation, int pagesTotal, qint64 expected);
    // Pages may come out of order; `index` says where each belongs.
    void pageLoaded(quint64 generation, int index, jsoc::RecordTable page);
    void progress(quint64 generation, int pagesDone, int pagesTotal, qint64 rowsSoFar);
    void finished(quint64 generation);
    void failed(quint64 generation, const jsoc::JsocError &error); // the message is in words
    void cancelled(quint64 generation);

private:
    enum class Step { Idle, Structure, Count, Load };

    quint64 supersede();
    void abortJob();
    void fetchStructure();
    void onStructureFinished();
    void countOrLoad();
    void onCountFinished();
    void load(qint64 count);
    void fail(const jsoc::JsocError &error);

    QPointer<jsoc::JsocClient> m_client;
    jsoc::RecordTableLoader *m_loader = nullptr;
    QPointer<jsoc::JsocJob> m_job; // the series_struct or rs_summary on the wire
    quint64 m_generation = 0;
    Step m_step = Step::Idle;
    bool m_countOnly = false;
    RecordSetRequest m_request;
    QStringList m_keys;
    int m_pages = 0;
};

} // namespace app
