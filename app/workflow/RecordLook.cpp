#include "app/workflow/RecordLook.h"

#include "network/JsocClient.h"

#include <QDir>
#include <QTimer>

namespace app {

struct RecordLook::Impl {
    QPointer<jsoc::JsocClient> client;
    QString cacheDir;
    qint64 cacheLimit = 0;
};

QString RecordLookRequest::cacheKey() const
{
    return series + QLatin1Char('|') + recordSpec + QLatin1Char('|') + segment;
}

RecordLook::RecordLook(jsoc::JsocClient *client, const QString &cacheDir, qint64 cacheLimitBytes, QObject *parent)
    : QObject(parent), d(std::make_unique<Impl>())
{
    d->client = client;
    d->cacheDir = cacheDir;
    d->cacheLimit = cacheLimitBytes;
    QDir().mkpath(cacheDir);
}

RecordLook::~RecordLook() = default;

void RecordLook::setCacheLimit(qint64 bytes) { d->cacheLimit = bytes; }
qint64 RecordLook::cacheLimit() const { return d->cacheLimit; }
QString RecordLook::cacheDir() const { return d->cacheDir; }
qint64 RecordLook::cacheBytes() const { return 0; }
bool RecordLook::isBusy() const { return false; }

void RecordLook::show(const RecordLookRequest &r)
{
    // Stub until the fetch lands: fails in words, asynchronously like the real one.
    QTimer::singleShot(0, this, [this, r] {
        emit failed(r, RecordLookFailure::Server, tr("Looking at a record without an export is not built yet."));
    });
}

void RecordLook::prefetch(const QList<RecordLookRequest> &) {}
void RecordLook::cancelAll() {}

QString RecordLook::failureName(RecordLookFailure kind)
{
    switch (kind) {
    case RecordLookFailure::ExportNeeded: return QStringLiteral("export needed");
    case RecordLookFailure::NoSuchRecord: return QStringLiteral("no such record");
    case RecordLookFailure::MoreThanOneRecord: return QStringLiteral("more than one record");
    case RecordLookFailure::Network: return QStringLiteral("network");
    case RecordLookFailure::Server: return QStringLiteral("server");
    case RecordLookFailure::LocalFile: return QStringLiteral("local file");
    case RecordLookFailure::Cancelled: return QStringLiteral("cancelled");
    }
    return QString();
}

} // namespace app
