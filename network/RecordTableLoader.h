#pragma once

#include "model/common/JsocError.h"
#include "model/records/RecordTable.h"
#include "model/drms/RecordWindowPlan.h"
#include "network/JsocClient.h"
#include "network/RecordListJob.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <vector>

namespace jsoc {

// Fetches the windows of a RecordWindowPlan with rs_list, a few at a time, and hands each page
// over as soon as it is parsed (pages may arrive out of order; `index` says where each belongs).
// A load belongs to a generation token: cancel() or a new start() drops the old one at once —
// its requests are aborted and nothing more is emitted for it, so stale pages never reach a model.
class RecordTableLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordTableLoader)

public:
    explicit RecordTableLoader(JsocClient *client, QObject *parent = nullptr);
    ~RecordTableLoader() override;

    // Fetches every window of `plan` with rs_list (keys/segments/links/recInfo from `query`, its recordSet ignored;
    // `query.limit` only allowed when the plan has one window). At most `concurrency` requests on the wire at
    // once; the next one goes out as soon as a body is in, while that page is parsed (at most 2 parsed at once).
    // A limit with several windows fails the load (failed() with a message saying why).
    // One request at a time by default, as drms does: JSOC asks clients to be gentle, and with parsing
    // overlapped a second request gains little (against a server that answers one at a time, it
    // loses: the two pages then arrive together).
    void start(quint64 generation, const RecordWindowPlan &plan, const RecordListQuery &query, int concurrency = 1);
    void cancel();                 // aborts requests in flight; emits nothing more for this generation
    bool isRunning() const { return m_running; }

    // Added to the agreed interface:
    quint64 generation() const { return m_generation; } // of the latest start()
    int pagesTotal() const { return int(m_windows.size()); }
    int pagesDone() const { return m_done; }
    int inFlight() const; // requests on the wire now (≤ concurrency); pages being parsed are not counted

signals:
    void pageLoaded(quint64 generation, int index, jsoc::RecordTable page);
    void progress(quint64 generation, int pagesDone, int pagesTotal, qint64 rowsSoFar);
    void finished(quint64 generation);                       // all pages delivered
    void failed(quint64 generation, const jsoc::JsocError &error); // first failure stops the load

private:
    struct Running {
        QPointer<RecordListJob> job; // jobs die with their client, which may go first
        int index = 0;
        bool received = false;       // body in, being parsed
    };

    void launchMore();
    void onJobFinished(RecordListJob *job, int index, quint64 run);
    void abortJobs();
    void failLater(const JsocError &error);

    QPointer<JsocClient> m_client;
    quint64 m_generation = 0;
    quint64 m_run = 0; // bumped by every start()/cancel(): callbacks of older runs are ignored
    QStringList m_windows;
    RecordListQuery m_query;
    int m_concurrency = 2;
    int m_next = 0;    // next window to request
    int m_done = 0;    // pages delivered
    qint64 m_rows = 0;
    bool m_running = false;
    std::vector<Running> m_jobs;
};

} // namespace jsoc
