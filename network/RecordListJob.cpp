#include "network/RecordListJob.h"

#include "network/JsocParsers.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace jsoc {

namespace {
struct ParseResult {
    JsocError error;
    RecordTable table;
};
} // namespace

struct RecordListJob::Pending {
    QFutureWatcher<ParseResult> watcher;
};

RecordListJob::RecordListJob(QObject *parent) : JsocValueJob<RecordTable>(parent, &parse::recordList) { }

RecordListJob::~RecordListJob() = default;

void RecordListJob::handleBody(const QByteArray &body)
{
    // Parsing a big rs_list takes long enough to freeze a GUI: do it on the pool. The worker
    // owns its copy of the body and returns a value; a cancelled job simply drops the result.
    m_pending = std::make_unique<Pending>();
    connect(&m_pending->watcher, &QFutureWatcherBase::finished, this, [this] {
        if (isFinished())
            return;
        ParseResult r = m_pending->watcher.future().takeResult();
        if (!r.error.isError())
            m_result = std::move(r.table);
        finish(r.error);
    });
    m_pending->watcher.setFuture(QtConcurrent::run([body] {
        ParseResult r;
        r.error = parse::recordList(body, r.table);
        return r;
    }));
}

} // namespace jsoc
