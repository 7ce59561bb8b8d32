#include "support/ScriptedHttpServer.h"

#include <QHostAddress>

namespace testsupport {

ScriptedHttpServer::Reply::Reply(QTcpSocket *socket, qint64 *servedCounter)
    : QObject(socket), m_socket(socket), m_served(servedCounter)
{
    m_timer.setSingleShot(false);
    connect(&m_timer, &QTimer::timeout, this, &Reply::pump);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_streaming)
            pump();
    });
}

void ScriptedHttpServer::Reply::count(qint64 n)
{
    m_written += n;
    if (m_served)
        *m_served += n;
}

void ScriptedHttpServer::Reply::send(const QByteArray &bytes)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_socket->write(bytes);
    count(bytes.size());
}

void ScriptedHttpServer::Reply::sendHead(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                                         const QByteArray &reason)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto &h : headers)
        head += h.first + ": " + h.second + "\r\n";
    head += "\r\n";
    send(head);
}

void ScriptedHttpServer::Reply::drip(const QByteArray &chunk, int intervalMs, qint64 totalBytes, bool closeAtEnd)
{
    m_chunk = chunk.isEmpty() ? QByteArray(1, 'x') : chunk;
    m_left = totalBytes;
    m_closeAtEnd = closeAtEnd;
    m_streaming = false;
    m_timer.start(std::max(1, intervalMs));
}

void ScriptedHttpServer::Reply::stream(qint64 totalBytes, char fill, bool closeAtEnd)
{
    m_fill = fill;
    m_chunk = QByteArray(64 * 1024, fill);
    m_left = totalBytes;
    m_closeAtEnd = closeAtEnd;
    m_streaming = true;
    pump();
}

void ScriptedHttpServer::Reply::pump()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        m_timer.stop();
        m_streaming = false;
        return;
    }
    if (m_streaming && m_socket->bytesToWrite() > 4 * m_chunk.size())
        return; // bounded buffering: wait for the peer to read
    if (m_left == 0) {
        m_timer.stop();
        m_streaming = false;
        if (m_closeAtEnd)
            close();
        return;
    }
    const qint64 n = m_left < 0 ? m_chunk.size() : std::min<qint64>(m_left, m_chunk.size());
    m_socket->write(m_chunk.constData(), n);
    count(n);
    if (m_left > 0)
        m_left -= n;
    if (m_streaming && m_left == 0) {
        m_streaming = false;
        if (m_closeAtEnd)
            close();
    }
}

void ScriptedHttpServer::Reply::close()
{
    m_timer.stop();
    m_streaming = false;
    if (m_socket)
        m_socket->disconnectFromHost(); // flushes what is buffered first
}

void ScriptedHttpServer::Reply::abort()
{
    m_timer.stop();
    m_streaming = false;
    if (m_socket)
        m_socket->abort();
}

ScriptedHttpServer::ScriptedHttpServer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedHttpServer::onNewConnection);
}

ScriptedHttpServer::~ScriptedHttpServer() = default;

bool ScriptedHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl ScriptedHttpServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

void ScriptedHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void ScriptedHttpServer::onReadable(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request rq;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        rq.method = first.value(0);
        rq.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                rq.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        const qint64 length = rq.header("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return; // the body is still coming
        rq.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        rq.index = m_requests++;
        m_seen.append(rq);
        auto *reply = new Reply(socket, &m_served);
        if (m_handler)
            m_handler(rq, *reply);
        emit requestSeen(rq.index);
    }
}

} // namespace testsupport
