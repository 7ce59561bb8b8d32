#include "app/gui/NoaaRegionLookup.h"

#include "model/drms/NoaaRegion.h"
#include "network/JsocClient.h"
#include "network/RecordListJob.h"
#include "ui/RecordSetBuilder.h"

namespace app {

NoaaRegionLookup::NoaaRegionLookup(jsoc::JsocClient *client, ui::RecordSetBuilder *builder)
    : QObject(builder), m_client(client), m_builder(builder)
{
    connect(builder, &ui::RecordSetBuilder::noaaRegionLookupRequested, this, &NoaaRegionLookup::lookUp);
}

NoaaRegionLookup::~NoaaRegionLookup()
{
    if (m_job)
        m_job->cancel();
}

void NoaaRegionLookup::lookUp(const QString &series, qint64 region)
{
    if (m_job) {
        disconnect(m_job, nullptr, this, nullptr);
        m_job->cancel();
        m_job->deleteLater();
    }
    jsoc::RecordListQuery query;
    query.recordSet = jsoc::noaaLookupRecordSet(series, region);
    query.keys = {QStringLiteral("HARPNUM"), QStringLiteral("NOAA_ARS")};
    query.limit = 1;
    jsoc::RecordListJob *job = m_client->recordList(query);
    m_job = job;
    connect(job, &jsoc::JsocJob::finished, this, [this, job, region] { finish(job, region); });
}

void NoaaRegionLookup::finish(jsoc::RecordListJob *job, qint64 region)
{
    job->deleteLater();
    if (m_job == job)
        m_job = nullptr;
    if (!m_builder)
        return;
    if (job->error().isError()) {
        m_builder->showNoaaRegion(region, {}, job->error().message);
    } else {
        const jsoc::RecordTable table = job->takeResult();
        QList<qint64> harps;
        for (qsizetype r = 0; r < table.rowCount(); ++r) {
            bool ok = false;
            const qint64 harp = table.keywordValue(QStringLiteral("HARPNUM"), r).toLongLong(&ok);
            if (ok && !harps.contains(harp))
                harps.append(harp);
        }
        m_builder->showNoaaRegion(region, harps);
    }
    emit answered(region);
}

} // namespace app
