#pragma once

#include <QDialog>

#include "model/common/Preferences.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// Edits jsoc::Preferences: JSOC server, notify e-mail, download folder, connections per host,
// cache size (with the space used now and a "Clear cache" button), the size of the cache of record
// images and where those images are shown (beside the keyword table or in a FITS window). Invalid input is explained
// under the field and blocks OK; it is never silently dropped.
namespace ui {

class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    explicit PreferencesDialog(const jsoc::Preferences &preferences, QWidget *parent = nullptr);

    jsoc::Preferences preferences() const;
    // The server the app talks to now (it may come from --server or JSOC_SERVER, which win over
    // the saved one): shown in the field; left as it is, the saved preference is kept unchanged.
    void setServerInUse(const QString &server);
    // Shows how much the offline catalogue uses now.
    void setCacheUsage(qint64 bytes);
    // An empty string when the form is acceptable, otherwise the first problem in words.
    QString validationError() const;

    QLineEdit *serverEdit() const { return m_server; }
    QLineEdit *emailEdit() const { return m_email; }
    QLineEdit *folderEdit() const { return m_folder; }
    QSpinBox *lookCacheEdit() const { return m_lookCache; }
    QComboBox *lookPlaceBox() const { return m_lookPlace; }

signals:
    void clearCacheRequested();

private:
    void validate();
    void browseDownloadFolder();

    jsoc::Preferences m_initial;
    QString m_serverInUse;
    QLabel *m_serverNote = nullptr;
    QLineEdit *m_server = nullptr;
    QLineEdit *m_email = nullptr;
    QLineEdit *m_folder = nullptr;
    QSpinBox *m_connections = nullptr;
    QSpinBox *m_cacheLimit = nullptr;
    QLabel *m_cacheUsage = nullptr;
    QPushButton *m_clearCache = nullptr;
    QSpinBox *m_lookCache = nullptr;
    QComboBox *m_lookPlace = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace ui
