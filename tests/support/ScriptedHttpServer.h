#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

// A loopback HTTP server whose every answer is written by the test, byte for byte: the hostile
// world (lying sizes, bodies that never end, slow drips, ignored Range headers, cut connections)
// that the real simulator is too well-behaved to produce. Listens on 127.0.0.1 only.
//
//   ScriptedHttpServer server;
//   server.setHandler([](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
//       r.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + QByteArray(10, 'x'));
//       r.close(); // fewer bytes than announced
//   });
namespace testsupport {

class ScriptedHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptedHttpServer)

public:
    struct Request {
        QByteArray method;
        QByteArray target;              // path + query, as sent
        QHash<QByteArray, QByteArray> headers; // names lower-cased
        QByteArray body;
        int index = 0;                  // 0 for the first request this server saw
        QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
        QUrl url() const { return QUrl(QString::fromLatin1(target)); }
    };

    // One connection's answer. Everything is asynchronous; the object lives until the socket closes.
    class Reply final : public QObject
    {
    public:
        Reply(QTcpSocket *socket, qint64 *servedCounter);
        // Writes bytes now.
        void send(const QByteArray &bytes);
        // "HTTP/1.1 <status> <reason>" plus headers and a blank line.
        void sendHead(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                      const QByteArray &reason = "OK");
        // Writes `chunk` every `intervalMs` until `totalBytes` were written (< 0: forever), then
        // closes if `closeAtEnd`. A slow drip or an endless body.
        void drip(const QByteArray &chunk, int intervalMs, qint64 totalBytes = -1, bool closeAtEnd = true);
        // Writes `totalBytes` of `fill` as fast as the peer reads (bounded buffering), then closes
        // if `closeAtEnd`; totalBytes < 0 = forever (until the peer goes away).
        void stream(qint64 totalBytes, char fill = 'x', bool closeAtEnd = true);
        void close(); // after what was written has been flushed
        void abort(); // reset now
        qint64 bytesWritten() const { return m_written; }

    private:
        void pump();
        void count(qint64 n);
        QPointer<QTcpSocket> m_socket;
        qint64 *m_served = nullptr;
        QTimer m_timer;
        QByteArray m_chunk;
        qint64 m_left = 0;
        qint64 m_written = 0;
        char m_fill = 'x';
        bool m_closeAtEnd = true;
        bool m_streaming = false;
    };

    using Handler = std::function<void(const Request &, Reply &)>;

    explicit ScriptedHttpServer(QObject *parent = nullptr);
    ~ScriptedHttpServer() override;

    bool listen(); // 127.0.0.1, any free port
    QUrl url() const; // http://127.0.0.1:PORT
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    int requestCount() const { return m_requests; }
    QList<Request> requests() const { return m_seen; }
    // Total bytes written to every client so far.
    qint64 bytesServed() const { return m_served; }

signals:
    void requestSeen(int index);

private:
    void onNewConnection();
    void onReadable(QTcpSocket *socket);

    QTcpServer m_server;
    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Request> m_seen;
    qint64 m_served = 0;
    int m_requests = 0;
};

} // namespace testsupport
