#include "ui/AboutDialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <fitsio.h>
#include <qcustomplot.h>

namespace ui {

QString AboutDialog::versionsText()
{
    return QStringLiteral("Qt %1 (built with %2)\ncfitsio %3.%4.%5\nQCustomPlot %6")
        .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR))
        .arg(CFITSIO_MAJOR)
        .arg(CFITSIO_MINOR)
        .arg(CFITSIO_MICRO)
        .arg(QStringLiteral(QCUSTOMPLOT_VERSION_STR));
}

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(QStringLiteral("About JSOC Browser"));

    auto *icon = new QLabel(this);
    const QIcon appIcon = QApplication::windowIcon();
    if (!appIcon.isNull())
        icon->setPixmap(appIcon.pixmap(64, 64));

    // Set by main() from the one version CMake knows (app/version), as --version prints it.
    const QString version = QApplication::applicationVersion();
    auto *title = new QLabel(QStringLiteral("<h2>JSOC Browser %1</h2>").arg(version.toHtmlEscaped()), this);
    title->setObjectName(QStringLiteral("aboutTitle"));
    title->setTextInteractionFlags(Qt::TextSelectableByMouse); // the revision, for a bug report
    auto *blurb = new QLabel(QStringLiteral("Browse, query and export Solar Dynamics Observatory data held by "
                                            "Stanford's Joint Science Operations Center (JSOC)."),
                             this);
    blurb->setWordWrap(true);
    auto *versions = new QLabel(versionsText(), this);
    versions->setObjectName(QStringLiteral("aboutVersions"));
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(blurb);
    text->addSpacing(8);
    text->addWidget(versions);

    auto *row = new QHBoxLayout;
    row->addWidget(icon, 0, Qt::AlignTop);
    row->addLayout(text, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
    resize(sizeHint().expandedTo(QSize(420, 0)));
}

} // namespace ui
