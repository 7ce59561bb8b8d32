#pragma once

#include <QAbstractListModel>
#include <QStringList>

// A flat list of series names (favourites, recently opened): the read side shared by both
// lists. Subclasses own the ordering rules and keep m_names in step with the model signals.
namespace jsoc {

class SeriesNameListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesNameListModel)

public:
    enum Role { SeriesNameRole = Qt::UserRole + 1 };

    QStringList names() const { return m_names; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void namesChanged();

protected:
    explicit SeriesNameListModel(QObject *parent) : QAbstractListModel(parent) { }

    // Names as stored in the settings, made fit to show: trimmed, blanks dropped, each series once
    // (ignoring case; the first spelling wins), in the given order.
    static QStringList distinctNames(const QStringList &names);
    // Replaces the whole list (a model reset) and says so.
    void resetNames(const QStringList &names);

    QStringList m_names;
};

} // namespace jsoc
