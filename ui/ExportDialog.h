#pragma once

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ExportTypes.h"
#include "model/drms/SeriesStructure.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

// The export dialog for one record set: method, protocol (with the image options of jpg/mpg/mp4),
// segments, file-name format (drms's default from the prime keys), record limit, processing steps,
// notify e-mail and download folder. It shows the record count and estimated size first and the
// e-mail's registration state, and refuses to send while model/exports/ExportOptionsCheck reports problems.
//
// It knows nothing of the network: it asks with countRequested()/addressCheckRequested() and is
// answered through setCount()/setAddressCheck()/setError(). The e-mail and folder are kept in
// QSettings (jsoc::Preferences keys) when a request is submitted.
namespace ui {

class ProcessingStepEditor;

class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    enum class AddressState { Unchecked, Checking, Registered, Refused };

    ExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure, QWidget *parent = nullptr);

    // Emits countRequested and (when an e-mail is set) addressCheckRequested; call once connected.
    void requestInfo();

    jsoc::ExportRequestOptions options() const;
    QString folder() const;
    // Messages that block sending (argument checks, unregistered address); empty = ready.
    QStringList problems() const;
    AddressState addressState() const { return m_addressState; }
    qint64 recordCount() const { return m_count; }

    void setEmail(const QString &email);
    void setFolder(const QString &folder);
    void setMethod(const QString &method);
    void setProtocol(const QString &protocol);
    void setLimit(qint64 limit);
    // Ticks these segments (none = all segments, no {…} filter).
    void setSegments(const QStringList &segments);
    QString countText() const;
    ProcessingStepEditor *stepEditor() const { return m_steps; }

    // What the buttons do: false (and nothing sent) while problems() is not empty.
    bool submit(bool fetchNow);
    // What the Check button does: asks for the typed e-mail (when it looks like an address).
    void checkAddress();

public slots:
    void setCount(qint64 count, qint64 estimatedBytes);
    void setAddressCheck(const jsoc::AddressCheck &check);
    void setError(const QString &message);

signals:
    void countRequested(const QString &recordSet);
    void addressCheckRequested(const QString &email);
    // fetchNow: stage and download in one go; false: stage only (download later).
    void submitted(const jsoc::ExportRequestOptions &options, const QString &folder, bool fetchNow);

private:
    QWidget *buildDelivery();
    QWidget *buildContents(const jsoc::SeriesStructure &structure);
    QWidget *buildAddress();
    QString recordSetWithSegments() const;
    jsoc::ImageProtocolOptions imageOptions() const; // the image-protocol fields as typed
    void updateCountText();
    void refresh();

    QString m_recordSet;
    QString m_series;
    QString m_defaultFormat;
    QLabel *m_countLabel = nullptr;
    QComboBox *m_method = nullptr;
    QComboBox *m_protocol = nullptr;
    QGroupBox *m_imageBox = nullptr;
    QComboBox *m_colourTable = nullptr;
    QComboBox *m_scaling = nullptr;
    QSpinBox *m_size = nullptr;
    QLineEdit *m_min = nullptr;
    QLineEdit *m_max = nullptr;
    QListWidget *m_segments = nullptr;
    QLineEdit *m_format = nullptr;
    QSpinBox *m_limit = nullptr;
    ProcessingStepEditor *m_steps = nullptr;
    QLineEdit *m_email = nullptr;
    QPushButton *m_checkButton = nullptr;
    QLabel *m_addressLabel = nullptr;
    QLineEdit *m_folder = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QPushButton *m_fetchButton = nullptr;
    QPushButton *m_stageButton = nullptr;
    QStringList m_initialSegments;
    AddressState m_addressState = AddressState::Unchecked;
    QString m_addressAdvice;
    QString m_error;
    qint64 m_count = -1;
    qint64 m_estimatedBytes = -1;
};

} // namespace ui
