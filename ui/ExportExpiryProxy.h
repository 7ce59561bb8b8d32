#pragma once

#include <QDateTime>
#include <QIdentityProxyModel>
#include <QTimer>

// Over jsoc::ExportQueueModel: the Expires column says how long the staged files remain ("in 5 h —
// download soon", "expired") and turns orange in the last day before JSOC deletes them (7 days
// after completion). Everything else passes through. Re-evaluated once a minute.
namespace ui {

class ExportExpiryProxy final : public QIdentityProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportExpiryProxy)

public:
    explicit ExportExpiryProxy(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // For tests: the clock to judge against (invalid = the real current time).
    void setNow(const QDateTime &now);
    static constexpr qint64 kWarnSeconds = 24 * 3600;

private:
    QDateTime now() const;
    void touchExpiryColumn();

    QDateTime m_now;
    QTimer m_tick;
};

} // namespace ui
