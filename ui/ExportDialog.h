#pragma once

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ExportTypes.h"
#include "model/exports/PendingRequestCheck.h"
#include "model/drms/SeriesStructure.h"

#include <QDialog>
#include <QHash>
#include <QStringList>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTimer;

namespace jsoc {
struct ExportSizeEstimate;
}

// The export dialog: the record set to send in an editable field, method, protocol (with the
// image options of jpg/mpg/mp4), segments, file-name format (drms's default from the prime keys),
// record limit, processing steps, notify e-mail and download folder.
//
// What is sent is exactly what the record-set field shows: ticking segments rewrites its `{…}`.
// The send buttons stay disabled, with every reason in words next to them, until the record set
// reads and names the series whose structure the dialog holds, its records are counted (more than
// none, at most JSOC's 100 GB), the e-mail is registered with JSOC and model/exports/ExportOptionsCheck
// is content. No button is a default button: Enter never sends; Enter in the e-mail field checks it.
//
// It knows nothing of the network. It asks through signals and is answered through slots:
//   countRequested(recordSet)      -> setCount(count, bytes) | setCountFailed(message)
//   addressCheckRequested(email)   -> setAddressCheck(check) | setAddressCheckFailed(message)
//   pendingCheckRequested(email)   -> setPendingRequest(check)   (asked once the address is registered)
//   cancelPendingRequested(email)  -> setPendingRequest(check)   (Cancelled, or still Pending)
//   structureRequested(series)     -> setStructure(structure) | setStructureFailed(series, message)
// The e-mail and folder are kept in QSettings (jsoc::Preferences keys) when a request is submitted.
namespace ui {

class PendingRequestNote;
class ProcessingStepEditor;
class RecordSetTextEdit;

class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    enum class AddressState { Unchecked, Checking, Registered, Refused };

    // `recordSet` may be empty (the user types one) or a bare series name; `structure` may be
    // empty, or of another series than the record set names: the dialog then asks for the right one.
    ExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure, QWidget *parent = nullptr);

    // Emits countRequested (when the record set reads), structureRequested (when the structure
    // held is not the record set's) and addressCheckRequested (when an e-mail is set); call once connected.
    void requestInfo();

    jsoc::ExportRequestOptions options() const;
    QString folder() const;
    // The record-set field, trimmed: exactly what options().recordSet sends.
    QString recordSetText() const;
    // As if typed: checked and counted again after the typing pause.
    void setRecordSetText(const QString &text);
    // Everything that blocks sending, in words; empty = the buttons are enabled.
    QStringList problems() const;
    AddressState addressState() const { return m_addressState; }
    qint64 recordCount() const { return m_count; }
    const jsoc::SeriesStructure &structure() const { return m_structure; }

    void setEmail(const QString &email);
    void setFolder(const QString &folder);
    void setMethod(const QString &method);
    void setProtocol(const QString &protocol);
    void setLimit(qint64 limit);
    // Ticks these segments (none = all segments, no {…} filter) and writes them into the record set.
    void setSegments(const QStringList &segments);
    QString countText() const;
    // Files JSOC will list: the records exported times the segments ticked (none ticked: all of
    // the series' segments; at least one a record while the structure is unknown); -1 uncounted.
    qint64 expectedFileCount() const;
    // The pending-request note above the buttons (rich text; "" when none is shown).
    QString pendingText() const;

    // Parts, for tests.
    ProcessingStepEditor *stepEditor() const { return m_steps; }
    RecordSetTextEdit *recordSetEdit() const { return m_recordSet; }
    QLineEdit *emailEdit() const { return m_email; }
    QListWidget *segmentList() const { return m_segments; }
    QPushButton *fetchButton() const { return m_fetchButton; }
    QPushButton *stageButton() const { return m_stageButton; }
    PendingRequestNote *pendingNote() const { return m_pending; }
    QLabel *problemsLabel() const { return m_problemsLabel; }
    // The url-tar suggestion (the sentence and its button); hidden when it does not apply.
    QWidget *tarNote() const { return m_tarNote; }
    QLabel *tarLabel() const { return m_tarLabel; }
    QPushButton *tarButton() const { return m_tarButton; }

    // What the buttons do: false (and nothing sent) while problems() is not empty.
    bool submit(bool fetchNow);
    // What the Check button (and Enter in the e-mail field) does: asks for the typed e-mail.
    void checkAddress();

public slots:
    // Answers to countRequested for the record set shown; ignored while a newer one is being typed.
    void setCount(qint64 count, qint64 estimatedBytes);
    void setCountFailed(const QString &message);
    void setAddressCheck(const jsoc::AddressCheck &check);
    void setAddressCheckFailed(const QString &message);
    // Older, undirected form: a failed count and/or address check (whichever was awaited).
    void setError(const QString &message);
    // Taken only when it is the structure of the series the record set names.
    void setStructure(const jsoc::SeriesStructure &structure);
    void setStructureFailed(const QString &series, const QString &message);
    void setPendingRequest(const jsoc::PendingRequestCheck &check);

signals:
    void countRequested(const QString &recordSet);
    void addressCheckRequested(const QString &email);
    void pendingCheckRequested(const QString &email);
    void cancelPendingRequested(const QString &email);
    void structureRequested(const QString &series);
    // fetchNow: stage and download in one go; false: stage only (download later).
    void submitted(const jsoc::ExportRequestOptions &options, const QString &folder, bool fetchNow);

protected:
    // Enter must never reach QDialog's default-button handling.
    void keyPressEvent(QKeyEvent *event) override;

private:
    QWidget *buildRecordSet();
    QWidget *buildContents();
    QWidget *buildDelivery();
    QWidget *buildAddress();
    void rebuildSegments();
    void recordSetEdited();
    void applyRecordSet();
    void segmentsTicked();
    void syncTicks();
    void updateDefaultFormat();
    bool structureMatches() const; // the structure held is the record set's series
    QString recordSetSeries() const; // the one series the text names, "" when it does not read
    QStringList recordSetProblems() const;
    QString sizeProblem() const;
    QString countProblem() const;
    QString addressProblem() const;
    jsoc::ImageProtocolOptions imageOptions() const; // the image-protocol fields as typed
    QStringList tickedSegments() const;
    // After the record limit and the processing (whose ratio may be unknown).
    jsoc::ExportSizeEstimate sizeEstimate() const;
    void updateCountText();
    QWidget *buildTarNote();
    void updateTarNote();
    void refresh();

    jsoc::SeriesStructure m_structure;
    QString m_defaultFormat;
    QHash<QString, jsoc::SeriesStructure> m_knownStructures; // by lower-case name: the one given, those answered
    QString m_structureAsked;        // the series last asked for (asked again only after another one)
    QString m_structureSeries;       // series whose structure could not be loaded
    QString m_structureError;
    RecordSetTextEdit *m_recordSet = nullptr;
    QTimer *m_debounce = nullptr;
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
    QLabel *m_segmentsLabel = nullptr;
    QLineEdit *m_format = nullptr;
    QPushButton *m_defaultFormatButton = nullptr;
    QSpinBox *m_limit = nullptr;
    ProcessingStepEditor *m_steps = nullptr;
    QLineEdit *m_email = nullptr;
    QPushButton *m_checkButton = nullptr;
    QLabel *m_addressLabel = nullptr;
    PendingRequestNote *m_pending = nullptr;
    QLineEdit *m_folder = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QWidget *m_tarNote = nullptr;
    QLabel *m_tarLabel = nullptr;
    QPushButton *m_tarButton = nullptr;
    QPushButton *m_fetchButton = nullptr;
    QPushButton *m_stageButton = nullptr;
    AddressState m_addressState = AddressState::Unchecked;
    QString m_addressAdvice;
    QString m_addressError;
    bool m_countAsked = false;
    QString m_countError;
    qint64 m_count = -1;
    qint64 m_estimatedBytes = -1;
    bool m_filling = false; // the dialog itself is writing the record-set field or the ticks
};

} // namespace ui
