#pragma once

#include <QDialog>

#include "model/drms/SeriesStructure.h"

class QAbstractItemModel;
class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

// Which columns the keyword table shows: a searchable checklist of the series' keywords
// (name, type, units and the series' note as description), the segments (file path columns)
// and the "Online" column. Prime keys head the list, ticked and greyed: the table always shows
// them. "All"/"None" apply to the keywords the search currently shows. Presets (SHARP summary,
// WCS, QUALITY) tick a named set at once, only the keywords the series has, and say which it lacks.
namespace ui {

class ColumnChooserDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ColumnChooserDialog)

public:
    enum Column { NameColumn, TypeColumn, UnitsColumn, DescriptionColumn, ColumnCount };

    ColumnChooserDialog(const jsoc::SeriesStructure &structure, const QStringList &chosenKeywords,
                        const QStringList &chosenSegments, bool onlineColumn, QWidget *parent = nullptr);

    QStringList keywords() const;  // chosen, in series order (prime keys are always shown, not listed here)
    QStringList segments() const;
    bool onlineColumn() const;

    // What the search box and the All/None buttons do (also for tests).
    void setFilterText(const QString &text);
    void checkVisibleKeywords(bool checked);
    QAbstractItemModel *keywordModel() const;  // the filtered list as the view shows it
    QTreeView *keywordView() const { return m_view; }
    QListWidget *segmentList() const { return m_segments; }
    QCheckBox *onlineBox() const { return m_online; }

    // Ticks the preset's keywords that the series has (jsoc::columnPresets()); the note under
    // the list says what was ticked, with units, and what the series lacks.
    void applyPreset(const QString &name);
    QString presetNote() const;
    QPushButton *presetButton(const QString &name) const;

private:
    void addKeywordRow(const QString &name, const jsoc::KeywordInfo *info, bool primeKey, bool checked);
    void updateCount();

    jsoc::SeriesStructure m_structure;
    QList<QPushButton *> m_presetButtons;
    QLabel *m_presetNote = nullptr;

    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_search = nullptr;
    QTreeView *m_view = nullptr;
    QListWidget *m_segments = nullptr;
    QCheckBox *m_online = nullptr;
    QLabel *m_count = nullptr;
};

} // namespace ui
