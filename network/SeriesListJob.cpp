#include "network/SeriesListJob.h"

#include "network/replies/JsocParsers.h"
#include "network/NetworkLog.h"

namespace jsoc {

SeriesListJob::SeriesListJob(QObject *parent, const QUrl &fallbackUrl)
    : JsocValueJob<SeriesList>(parent, &parse::seriesListExt), m_fallbackUrl(fallbackUrl)
{
}

void SeriesListJob::handleBody(const QByteArray &body)
{
    parseOffThread(body, m_usedFallback ? &parse::seriesListShow : &parse::seriesListExt);
}

bool SeriesListJob::handleHttpFailure(const JsocError &error)
{
    // The showextseries wrapper only exists on JSOC itself; other DRMS sites have show_series.
    if (error.httpStatus != 404 || m_usedFallback || !m_fallbackUrl.isValid())
        return false;
    m_usedFallback = true;
    // Says which list the catalogue came from: show_series lacks descriptions and counts.
    qCDebug(lcNetwork).noquote() << QStringLiteral("showextseries is not on this server (HTTP 404); asking show_series at %1")
                                        .arg(urlForLog(m_fallbackUrl));
    sendRequest(m_fallbackUrl);
    return true;
}

} // namespace jsoc
