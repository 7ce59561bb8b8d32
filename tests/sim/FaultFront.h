#pragma once

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

// The simulator's public port. QHttpServer writes whole responses and cannot stall, cut or
// slow one down, so every connection is relayed through this small socket-level front to the
// internal QHttpServer, which lets FaultPlan delay, refuse (500/503), stall or truncate a
// response. It only reads the request line (for the target) and the response header (to count
// body bytes); HTTP itself is left to QHttpServer. Each connection carries one request:
// `Connection: close` is added both ways.
namespace sim {

class FaultPlan;

class FaultFront final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultFront)

public:
    FaultFront(FaultPlan &plan, QObject *parent = nullptr);
    ~FaultFront() override;

    bool listen(const QHostAddress &address, quint16 port, quint16 upstreamPort);
    quint16 port() const;
    QHostAddress address() const;

private:
    void onNewConnection();

    FaultPlan &m_plan;
    QTcpServer m_server;
    quint16 m_upstreamPort = 0;
};

} // namespace sim
