#include "sim/FaultFront.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <limits>
#include <optional>

#include "sim/FaultPlan.h"
#include "sim/SimLog.h"

namespace sim {

namespace {

constexpr qint64 kRelayChunk = 256 * 1024;

const char *faultName(Fault::Kind kind)
{
    switch (kind) {
    case Fault::Kind::Latency: return "latency";
    case Fault::Kind::Http500: return "http500";
    case Fault::Kind::Http503: return "http503";
    case Fault::Kind::Stall: return "stall";
    case Fault::Kind::DropAfterBytes: return "drop";
    case Fault::Kind::MalformedJson: return "malformed";
    }
    return "?";
}

QByteArray htmlError(int code)
{
    const QByteArray reason = code == 503 ? "Service Unavailable" : "Internal Server Error";
    const QByteArray text = code == 503
        ? "The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later."
        : "The server encountered an internal error or\nmisconfiguration and was unable to complete\nyour request.";
    const QByteArray body = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + QByteArray::number(code) + ' '
                            + reason + "</title>\n</head><body>\n<h1>" + reason + "</h1>\n<p>" + text
                            + "</p>\n<hr>\n<address>Apache/2.2.3 (CentOS) Server at jsoc.stanford.edu Port 80</address>\n</body></html>\n";
    return "HTTP/1.1 " + QByteArray::number(code) + ' ' + reason + "\r\nServer: Apache/2.2.3 (CentOS)\r\n"
           "Content-Type: text/html; charset=iso-8859-1\r\nContent-Length: " + QByteArray::number(body.size())
           + "\r\nConnection: close\r\n\r\n" + body;
}

// One client connection relayed to the internal server, with at most one fault applied.
class Relay final : public QObject
{
public:
    Relay(QTcpSocket *client, FaultPlan &plan, quint16 upstreamPort, QObject *parent)
        : QObject(parent), m_client(client), m_plan(plan), m_upstreamPort(upstreamPort)
    {
        m_client->setParent(this);
        connect(m_client, &QTcpSocket::readyRead, this, &Relay::onClientData);
        connect(m_client, &QTcpSocket::disconnected, this, &Relay::finish);
        onClientData();
    }

private:
    void onClientData()
    {
        const QByteArray data = m_client->readAll();
        if (m_upstream && m_upstream->state() == QAbstractSocket::ConnectedState && m_headerSent) {
            m_upstream->write(data);
            return;
        }
        m_request.append(data);
        if (m_decided)
            return;
        const qsizetype end = m_request.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_decided = true;
        const qsizetype lineEnd = m_request.indexOf("\r\n");
        const QList<QByteArray> parts = m_request.left(lineEnd).split(' ');
        m_fault = m_plan.onRequest(parts.value(1));
        // A test that fails under faults shows which request got which one (names as in --fault).
        if (m_fault)
            qCDebug(lcSim).noquote() << QStringLiteral("fault %1:%2 on %3")
                                            .arg(QLatin1String(faultName(m_fault->kind)), QString::number(m_fault->value),
                                                 QString::fromLatin1(parts.value(1)));
        // One request per connection: ask the internal server to close after answering.
        QByteArray extra = "Connection: close\r\n";
        if (m_fault && m_fault->kind == Fault::Kind::MalformedJson)
            extra += "X-Jsoc-Sim-Fault: malformed-json " + QByteArray::number(m_fault->value) + "\r\n";
        m_request.insert(lineEnd + 2, extra);
        if (m_fault) {
            switch (m_fault->kind) {
            case Fault::Kind::Http500:
            case Fault::Kind::Http503:
                m_client->write(htmlError(m_fault->kind == Fault::Kind::Http503 ? 503 : 500));
                m_client->disconnectFromHost();
                return;
            case Fault::Kind::Stall:
                if (m_fault->value == 0)
                    return; // accepted, never answered
                break;
            case Fault::Kind::Latency:
                QTimer::singleShot(std::max(0, m_fault->value), this, &Relay::connectUpstream);
                return;
            default:
                break;
            }
        }
        connectUpstream();
    }

    void connectUpstream()
    {
        if (!m_client)
            return;
        m_upstream = new QTcpSocket(this);
        // Relay big bodies in modest chunks, so m_pending stays small and is reused.
        m_upstream->setReadBufferSize(kRelayChunk);
        connect(m_upstream, &QTcpSocket::connected, this, [this] {
            m_upstream->write(m_request);
            m_request.clear();
            m_headerSent = true;
        });
        connect(m_upstream, &QTcpSocket::readyRead, this, &Relay::onUpstreamData);
        connect(m_upstream, &QTcpSocket::disconnected, this, &Relay::onUpstreamClosed);
        m_upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }

    // Appends what the upstream socket holds to m_pending, whose memory is reused chunk after
    // chunk (readAll would map and page-fault a fresh array for each).
    void readUpstream()
    {
        const qint64 avail = m_upstream ? m_upstream->bytesAvailable() : 0;
        if (avail <= 0)
            return;
        const qsizetype old = m_pending.size();
        m_pending.resize(old + avail);
        const qint64 got = m_upstream->read(m_pending.data() + old, avail);
        m_pending.resize(old + std::max<qint64>(0, got));
    }

    void onUpstreamData()
    {
        readUpstream();
        if (m_headerEnd < 0) {
            const qsizetype end = m_pending.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = m_pending.left(end + 2).toLower();
            for (const QByteArray &line : head.split('\n')) {
                if (line.startsWith("content-length:"))
                    m_contentLength = line.mid(15).trimmed().toLongLong();
            }
            m_headerEnd = end + 4;
            if (!head.contains("\nconnection:")) {
                m_pending.insert(end + 2, "Connection: close\r\n");
                m_headerEnd += 19;
            }
        }
        pump();
    }

    // Forwards what the fault allows; closes once the whole response went out.
    void pump()
    {
        if (!m_client || m_headerEnd < 0)
            return;
        qint64 limit = std::numeric_limits<qint64>::max(); // response bytes we may send in total
        const bool limiting = m_fault && (m_fault->kind == Fault::Kind::DropAfterBytes || m_fault->kind == Fault::Kind::Stall);
        if (limiting) {
            qint64 body = m_fault->value;
            if (m_fault->kind == Fault::Kind::Stall && m_fault->value < 0)
                body = m_contentLength >= 0 ? m_contentLength / 2 : 0;
            limit = m_headerEnd + std::max<qint64>(0, body);
        }
        const qint64 n = std::min<qint64>(m_pending.size(), limit - m_sent);
        if (n > 0) {
            m_client->write(m_pending.constData(), n);
            m_sent += n;
            if (n == m_pending.size())
                m_pending.truncate(0); // keeps the capacity for the next chunk
            else
                m_pending.remove(0, n);
        }
        const bool complete = m_contentLength >= 0 && m_sent >= m_headerEnd + m_contentLength;
        if (limiting && (m_sent >= limit || complete || m_upstreamDone)) {
            closeUpstream();
            if (m_fault->kind == Fault::Kind::DropAfterBytes)
                m_client->disconnectFromHost(); // after the allowed bytes are written
            return;                             // a stall never finishes
        }
        if (complete || (m_upstreamDone && m_pending.isEmpty())) {
            m_client->disconnectFromHost();
            closeUpstream();
        }
    }

    void onUpstreamClosed()
    {
        m_upstreamDone = true;
        readUpstream();
        if (m_headerEnd < 0) { // closed without a response
            if (m_client)
                m_client->disconnectFromHost();
            return;
        }
        pump();
    }

    void closeUpstream()
    {
        if (m_upstream) {
            m_upstream->disconnect(this);
            m_upstream->abort();
            m_upstream->deleteLater();
            m_upstream = nullptr;
        }
    }

    void finish()
    {
        closeUpstream();
        m_client = nullptr;
        deleteLater();
    }

    QPointer<QTcpSocket> m_client;
    QTcpSocket *m_upstream = nullptr;
    FaultPlan &m_plan;
    quint16 m_upstreamPort;
    QByteArray m_request;
    QByteArray m_pending; // response bytes received, not yet sent
    std::optional<Fault> m_fault;
    bool m_decided = false;
    bool m_headerSent = false;
    bool m_upstreamDone = false;
    qsizetype m_headerEnd = -1;
    qint64 m_contentLength = -1;
    qint64 m_sent = 0;
};

} // namespace

FaultFront::FaultFront(FaultPlan &plan, QObject *parent) : QObject(parent), m_plan(plan)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultFront::onNewConnection);
}

FaultFront::~FaultFront() = default;

bool FaultFront::listen(const QHostAddress &address, quint16 port, quint16 upstreamPort)
{
    m_upstreamPort = upstreamPort;
    return m_server.listen(address, port);
}

quint16 FaultFront::port() const
{
    return m_server.serverPort();
}

QHostAddress FaultFront::address() const
{
    return m_server.serverAddress();
}

void FaultFront::onNewConnection()
{
    while (QTcpSocket *s = m_server.nextPendingConnection())
        new Relay(s, m_plan, m_upstreamPort, this);
}

} // namespace sim
