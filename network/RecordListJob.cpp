#include "network/RecordListJob.h"

#include "network/replies/JsocParsers.h"

#include <QFutureWatcher>
#include <QtConcurrentRun>

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

RecordListJob::RecordListJob(QObject *parent, qint64 limit)
    : JsocValueJob<RecordTable>(parent, &parse::recordList), m_limit(limit)
{
}

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
    m_pending->watcher.setFuture(QtConcurrent::run([body, limit = m_limit] {
        ParseResult r;
        r.error = parse::recordList(body, r.table);
        const qint64 asked = limit < 0 ? -limit : limit;
        if (!r.error.isError() && asked > 0 && r.table.rowCount() > asked) {
            r.error = JsocError::make(JsocError::Kind::BadResponse,
                                      QStringLiteral("JSOC sent %1 records although only %2 were asked for (n=%3); "
                                                     "the reply was not used")
                                          .arg(r.table.rowCount()).arg(asked).arg(limit));
            r.table = RecordTable();
        }
        return r;
    }));
}

} // namespace jsoc
