#include "model/table/CsvExportJob.h"

#include "model/table/KeywordTableModel.h"
#include "model/records/CsvField.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrentRun>
#include <filesystem>
#include <system_error>

namespace jsoc {

namespace {

constexpr qsizetype kFlushBytes = 1 << 20;

QString describe(const QFile &file)
{
    return file.errorString();
}

} // namespace

CsvExportJob::CsvExportJob(QObject *parent)
    : QObject(parent)
{
}

CsvExportJob::~CsvExportJob()
{
    if (m_cancel)
        m_cancel->store(true);
    m_future.waitForFinished();
}

void CsvExportJob::start(const KeywordTableModel &model, const QString &path)
{
    if (m_running)
        return;
    m_running = true;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancel;
    TableSnapshot snapshot = model.snapshot();
    // Queued to this object's thread. `this` outlives the worker: the destructor waits for it.
    auto report = [this](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(this, [this, done, total] { emit progress(done, total); }, Qt::QueuedConnection);
    };
    // A watcher, not QFuture::then(this, …): on Qt 6.4 a continuation attached to an already
    // finished future runs synchronously, so a quick failure would be reported inside start().
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Outcome outcome = watcher->future().result();
        m_running = false;
        m_cancel.reset();
        emit finished(outcome.ok, outcome.errorMessage);
    });
    m_future = QtConcurrent::run([snapshot = std::move(snapshot), path, cancel, report]() mutable {
        Outcome outcome = write(snapshot, path, cancel.get(), report);
        snapshot = TableSnapshot(); // end the lease: the model may append waiting pages again
        return outcome;
    });
    watcher->setFuture(m_future);
}

void CsvExportJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

CsvExportJob::Outcome CsvExportJob::write(const TableSnapshot &snapshot, const QString &path,
                                          const std::atomic_bool *cancel,
                                          const std::function<void(qint64, qint64)> &onProgress)
{
    const QString partPath = path + QStringLiteral(".part");
    QFile file(partPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {false, QStringLiteral("Cannot write \"%1\": %2").arg(QDir::toNativeSeparators(partPath), describe(file))};

    auto fail = [&](const QString &message) {
        file.close();
        QFile::remove(partPath);
        return Outcome{false, message};
    };
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };

    QByteArray buffer;
    buffer.reserve(kFlushBytes + 4096);
    auto flush = [&] {
        if (buffer.isEmpty())
            return true;
        const bool ok = file.write(buffer) == buffer.size();
        buffer.clear();
        return ok;
    };
    auto writeError = [&] {
        return QStringLiteral("Could not write to \"%1\": %2").arg(QDir::toNativeSeparators(partPath), describe(file));
    };

    if (!snapshot.columns.empty()) {
        for (size_t c = 0; c < snapshot.columns.size(); ++c) {
            if (c)
                buffer += ',';
            csv::appendField(buffer, snapshot.columns[c].name.toUtf8());
        }
        buffer += "\r\n";
    }

    const qint64 total = snapshot.rows;
    for (qint64 row = 0; row < total; ++row) {
        if ((row & 0x3FF) == 0 && cancelled())
            return fail(QStringLiteral("Export cancelled."));
        const int src = snapshot.sourceRow(row);
        for (size_t c = 0; c < snapshot.columns.size(); ++c) {
            if (c)
                buffer += ',';
            const QByteArrayView value = snapshot.cell(c, src);
            if (value != QByteArrayView("MISSING"))
                csv::appendField(buffer, value);
        }
        buffer += "\r\n";
        if (buffer.size() >= kFlushBytes && !flush())
            return fail(writeError());
        if ((row + 1) % kProgressStep == 0 && row + 1 < total && onProgress)
            onProgress(row + 1, total);
    }
    if (!flush() || !file.flush())
        return fail(writeError());
    if (cancelled())
        return fail(QStringLiteral("Export cancelled."));
    file.close();
    if (file.error() != QFileDevice::NoError)
        return fail(writeError());

    // rename(2) replaces an existing file atomically: readers see the old file or the whole new one.
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(partPath.toStdU16String()), std::filesystem::path(path.toStdU16String()), ec);
    if (ec) {
        QFile::remove(partPath);
        return {false, QStringLiteral("Cannot save \"%1\": %2").arg(QDir::toNativeSeparators(path), QString::fromStdString(ec.message()))};
    }
    if (onProgress)
        onProgress(total, total);
    return {true, QString()};
}

} // namespace jsoc
