#pragma once

#include "model/records/TableSnapshot.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace jsoc {

class KeywordTableModel;

// Streams a snapshot of a KeywordTableModel to a CSV file on the thread pool.
// Format as jsoc-cli's CSV (model/records/TableWriter): RFC 4180, UTF-8, CRLF line ends, a header row of
// column names, a field quoted (with "" for ") only when it holds , " CR or LF, MISSING as an empty
// field. Writes `path`.part and renames it to `path` only when complete, so a cancelled or failed
// export never leaves a partial file under the final name (an existing file there stays untouched).
class CsvExportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvExportJob)

public:
    explicit CsvExportJob(QObject *parent = nullptr);
    ~CsvExportJob() override; // cancels and waits for the worker (it stops within 1024 rows)

    // Takes the model's snapshot (O(1): a lease on its storage; pages arriving meanwhile wait in
    // the model until the export ends) and starts writing. Rows in the model's current view order;
    // columns = the model's columns. Ignored while running.
    void start(const KeywordTableModel &model, const QString &path);
    void cancel();
    bool isRunning() const { return m_running; }

    // Rows between progress signals.
    static constexpr qint64 kProgressStep = 50000;

    struct Outcome {
        bool ok = false;
        QString errorMessage;
    };
    // The whole export, synchronously: usable on any thread (the job runs it on the pool).
    // `onProgress` is called every kProgressStep rows and at the end.
    static Outcome write(const TableSnapshot &snapshot, const QString &path, const std::atomic_bool *cancel,
                         const std::function<void(qint64, qint64)> &onProgress);

signals:
    void progress(qint64 rowsWritten, qint64 totalRows);
    void finished(bool ok, const QString &errorMessage); // errorMessage says in words what went wrong

private:
    std::shared_ptr<std::atomic_bool> m_cancel;
    QFuture<Outcome> m_future;
    bool m_running = false;
};

} // namespace jsoc
