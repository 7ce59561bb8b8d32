#pragma once

#include <QObject>

class QSocketNotifier;

// SIGTERM and SIGINT as a Qt signal: the session manager, `kill` or Ctrl+C in a terminal end the
// browser through the same clean quit as File ▸ Quit (windows closed, the export queue written),
// instead of dying mid-write. A signal handler may only write to a pipe; the notifier reads it
// on the GUI thread. One instance per process.
namespace app {

class TerminationSignal final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignal)

public:
    explicit TerminationSignal(QObject *parent = nullptr);
    ~TerminationSignal() override;

    // False when the pipe or the handlers could not be set up (the default action then stays).
    bool isInstalled() const { return m_notifier != nullptr; }

signals:
    void received(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace app
