#pragma once

#include "model/drms/SeriesSummary.h"
#include "network/JsocJob.h"

namespace jsoc {

// Series listing: showextseries?dbhost=hmidb2&info=1[&filter=…]; when the wrapper is absent
// (HTTP 404) it falls back to show_series[?filter=…] once.
class SeriesListJob final : public JsocValueJob<SeriesList>
{
public:
    // True when the result came from the show_series fallback (prime keys filled).
    bool usedFallback() const { return m_usedFallback; }

private:
    friend class JsocClient;
    SeriesListJob(QObject *parent, const QUrl &fallbackUrl);
    void handleBody(const QByteArray &body) override;
    bool handleHttpFailure(const JsocError &error) override;

    QUrl m_fallbackUrl;
    bool m_usedFallback = false;
};

} // namespace jsoc
