#pragma once

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportTypes.h"
#include "model/exports/SameFieldPlan.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
class QTimer;

// "Same field in other series…": the box drawn on a frame, cut from other series over a time
// range as one job. The user ticks series (SDO's imagers, jsoc::sameFieldCandidates(), or types
// one), sets the range (default: the frame's T_OBS ± 5 minutes), the units (arcsec or Stonyhurst:
// pixels differ between instruments), tracking, the notify address and the one folder. Each ticked
// series shows its record set and any refusal in words (jsoc::SameFieldPlan); "Queue N exports"
// is offered only when nothing is refused and JSOC has confirmed the address (as the export dialog
// asks: addressCheckRequested → setAddressCheck), and hands the requests on as one job (queueRequested).
// Non-modal and never waits on anything.
namespace ui {

class SameFieldDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SameFieldDialog)

public:
    // `frameRecordSet`: the record set of the frame the box was drawn on ("" unknown); its series is ticked.
    SameFieldDialog(const jsoc::CutoutPlacement &box, const jsoc::CutoutChoice &choice, const QString &frameRecordSet,
                    QWidget *parent = nullptr);

    static constexpr int kDefaultHalfRangeMinutes = 5;

    void setTicked(const QString &label, bool ticked); // a candidate's or typed series' label
    QStringList tickedLabels() const;
    // Adds a typed series ("hmi.B_720s{field}") to the list, ticked; false with words when it names none.
    bool addTypedSeries(const QString &text);
    void setTimeRange(double startTai, double endTai); // DRMS seconds
    void setUnits(jsoc::CutoutUnits units);           // arcsec or stony; pixels are not offered
    void setTracking(bool tracking);
    void setEmail(const QString &email);
    void setFolder(const QString &folder);
    QString folder() const;

    // Asks for the address's registration (addressCheckRequested), as an edit does after a pause;
    // call once connected.
    void checkAddress();
    // The answer for `email` (an answer for an address no longer in the field is dropped).
    void setAddressCheck(const QString &email, const jsoc::AddressCheck &check);
    void setAddressCheckFailed(const QString &email, const QString &message);
    QString addressProblem() const; // "" once JSOC has confirmed the address

    jsoc::SameFieldPlan plan() const;
    QString refusalText() const; // what stops the job now, one line each ("" when it can be queued)

    QListWidget *seriesList() const { return m_series; }
    QTableWidget *planTable() const { return m_planTable; }
    QPushButton *queueButton() const { return m_queue; }

signals:
    // One job: every request, the folder for all their files, and the job's title.
    void addressCheckRequested(const QString &email);
    void queueRequested(const QList<jsoc::ExportRequestOptions> &requests, const QString &folder, const QString &title);

private:
    enum class AddressState { Unchecked, Checking, Registered, Refused };
    void refresh();
    jsoc::SameFieldRequest request() const;

    jsoc::CutoutPlacement m_box;
    QList<jsoc::SameFieldSeries> m_choices; // one per list row
    QListWidget *m_series = nullptr;
    QLineEdit *m_typed = nullptr;
    QLabel *m_typedError = nullptr;
    QDateTimeEdit *m_start = nullptr;
    QDateTimeEdit *m_end = nullptr;
    QComboBox *m_units = nullptr;
    QCheckBox *m_tracking = nullptr;
    QLineEdit *m_email = nullptr;
    QLabel *m_addressLabel = nullptr;
    QTimer *m_addressPause = nullptr;
    AddressState m_addressState = AddressState::Unchecked;
    QString m_addressWords; // JSOC's advice when refused, or why the check failed
    QLineEdit *m_folder = nullptr;
    QTableWidget *m_planTable = nullptr;
    QLabel *m_refusal = nullptr;
    QPushButton *m_queue = nullptr;
};

} // namespace ui
