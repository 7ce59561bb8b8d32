#pragma once

#include <QStringList>
#include <QWidget>

class FitsPreviewWidget;
class QComboBox;
class QLabel;
class QStackedWidget;

// Beside the keyword table: the image of the selected record, fetched without an export (the
// controller asks app::RecordLook; this pane knows nothing of the network). It shows one of three
// things, never a blank: the image (the FITS preview, whose header view reads the cards built from
// the record's keywords), a note while the file comes, or the reason in words when there is no
// image to show ("Export needed: … is offline"). A segment box appears when the record set offers
// more than one segment.
namespace ui {

class RecordLookPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordLookPane)

public:
    explicit RecordLookPane(QWidget *parent = nullptr);

    // The segments the user may choose from and the one chosen; the box is hidden for one or none.
    void setSegments(const QStringList &names, const QString &current);
    QString segment() const;
    QStringList segments() const;

    // Nothing selected yet (or a new table): says how to start.
    void showIdle();
    // The file of `recordSpec` is being fetched; the image before stays until the new one is decoded.
    void showFetching(const QString &recordSpec);
    // `path` is the cached file of `recordSpec`; `headerNote` says where its header came from.
    void showFile(const QString &recordSpec, const QString &path, const QString &headerNote);
    // No image for `recordSpec`: `words` says why and what to do.
    void showWords(const QString &recordSpec, const QString &words);

    QString recordSpec() const { return m_recordSpec; }
    QString messageText() const;  // the words shown in place of the image ("" while an image is shown)
    QString noteText() const;     // the line under the record's name (fetching, header note)
    bool isShowingImage() const;
    FitsPreviewWidget *preview() const { return m_preview; }

signals:
    void segmentChosen(const QString &segment);
    // The file was decoded and is on screen (or could not be decoded: loadFailed).
    void imageShown(const QString &path);
    void loadFailed(const QString &message);

private:
    void showMessage(const QString &text);

    QString m_recordSpec;
    QLabel *m_title = nullptr;
    QComboBox *m_segmentBox = nullptr;
    QLabel *m_segmentLabel = nullptr;
    QLabel *m_note = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_message = nullptr;
    FitsPreviewWidget *m_preview = nullptr;
};

} // namespace ui
