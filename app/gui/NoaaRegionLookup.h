#pragma once

#include <QObject>
#include <QPointer>

namespace jsoc {
class JsocClient;
class RecordListJob;
}
namespace ui {
class RecordSetBuilder;
}

// Answers a record-set builder's "which HARP holds NOAA region N?": one rs_list of the series
// filtered by `[? NOAA_ARS ~ "N" ?]` (key=HARPNUM,NOAA_ARS, n=1, so the answer is one record
// however long the HARP was tracked) and its HARPNUM back through showNoaaRegion. A newer
// question cancels the older one. Lives as long as the builder.
namespace app {

class NoaaRegionLookup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NoaaRegionLookup)

public:
    NoaaRegionLookup(jsoc::JsocClient *client, ui::RecordSetBuilder *builder);
    ~NoaaRegionLookup() override;

    void lookUp(const QString &series, qint64 region);

signals:
    void answered(qint64 region); // for tests: the builder has been told

private:
    void finish(jsoc::RecordListJob *job, qint64 region);

    jsoc::JsocClient *m_client = nullptr;
    QPointer<ui::RecordSetBuilder> m_builder;
    QPointer<jsoc::RecordListJob> m_job;
};

} // namespace app
