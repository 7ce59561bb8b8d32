#pragma once

#include "model/common/JsocError.h"

#include <QFile>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// One segment file GET from SUMS (`<server root>/SUMnn/D.../S.../NAME.fits`, protocol §10.6) into
// a file the caller names (a .part file: the caller renames it once it has checked it). For the
// instant look at a record, where DownloadJob's queue, locks and resume are more than one small
// file on a single connection needs.
//
// Every attempt: the transfer (inactivity) timeout, Qt's NoLessSafe redirect policy,
// `Accept-Encoding: identity` (so the bytes are the file's). The body streams to the file on
// readyRead; a body above `maxBytes`, a status other than 200, or fewer bytes than
// Content-Length said end the job with an error in words (JsocError kinds Network, Timeout,
// HttpStatus, BadResponse, Cancelled). The file is removed on any error. Not retried: the caller
// (RecordLook) decides whether to ask again.
namespace jsoc {

class SegmentFileJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SegmentFileJob)

public:
    SegmentFileJob(QNetworkAccessManager *manager, const QUrl &url, const QString &filePath, qint64 maxBytes,
                   int transferTimeoutMs, QObject *parent = nullptr);
    ~SegmentFileJob() override; // aborts a running transfer and removes its file

    void start();
    void cancel(); // finished() follows with Kind::Cancelled; no-op once finished

    bool isFinished() const { return m_finished; }
    const JsocError &error() const { return m_error; }
    qint64 bytes() const { return m_bytes; }
    QUrl url() const { return m_url; }
    QString filePath() const { return m_file.fileName(); }

signals:
    void finished();

private:
    void onReadyRead();
    void onFinished();
    void finish(const JsocError &error);

    QPointer<QNetworkAccessManager> m_manager;
    QPointer<QNetworkReply> m_reply;
    QUrl m_url;
    QFile m_file;
    qint64 m_maxBytes = 0;
    int m_timeoutMs = 60000;
    qint64 m_bytes = 0;
    bool m_finished = false;
    bool m_cancelled = false;
    JsocError m_error;
};

} // namespace jsoc
