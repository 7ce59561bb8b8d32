#include "ui/PreferencesDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryFile>
#include <QUrl>
#include <QVBoxLayout>

#include "model/common/DisplayFormat.h"

namespace ui {

PreferencesDialog::PreferencesDialog(const jsoc::Preferences &p, QWidget *parent) : QDialog(parent), m_initial(p)
{
    setWindowTitle(QStringLiteral("Preferences"));

    m_server = new QLineEdit(p.serverUrl, this);
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_server->setPlaceholderText(QStringLiteral("http://jsoc.stanford.edu (default)"));
    m_email = new QLineEdit(p.notifyEmail, this);
    m_email->setObjectName(QStringLiteral("emailEdit"));
    m_email->setPlaceholderText(QStringLiteral("address registered with JSOC for exports"));
    m_folder = new QLineEdit(p.downloadFolder, this);
    auto *browse = new QPushButton(QStringLiteral("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &PreferencesDialog::browseDownloadFolder);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);

    m_connections = new QSpinBox(this);
    m_connections->setRange(jsoc::Preferences::kMinConnections, jsoc::Preferences::kMaxConnections);
    m_connections->setValue(p.connectionsPerHost);
    m_connections->setToolTip(QStringLiteral("Parallel downloads from one server; JSOC asks clients to keep this low."));

    m_cacheLimit = new QSpinBox(this);
    m_cacheLimit->setRange(jsoc::Preferences::kMinCacheMegabytes, jsoc::Preferences::kMaxCacheMegabytes);
    m_cacheLimit->setSuffix(QStringLiteral(" MB"));
    m_cacheLimit->setValue(p.cacheLimitMegabytes);
    m_cacheUsage = new QLabel(this);
    m_clearCache = new QPushButton(QStringLiteral("Clear cache"), this);
    m_clearCache->setObjectName(QStringLiteral("clearCacheButton"));
    connect(m_clearCache, &QPushButton::clicked, this, &PreferencesDialog::clearCacheRequested);
    auto *cacheRow = new QHBoxLayout;
    cacheRow->addWidget(m_cacheLimit);
    cacheRow->addWidget(m_cacheUsage, 1);
    cacheRow->addWidget(m_clearCache);

    m_lookCache = new QSpinBox(this);
    m_lookCache->setObjectName(QStringLiteral("lookCacheEdit"));
    m_lookCache->setRange(jsoc::Preferences::kMinLookCacheMegabytes, jsoc::Preferences::kMaxLookCacheMegabytes);
    m_lookCache->setSuffix(QStringLiteral(" MB"));
    m_lookCache->setValue(p.lookCacheLimitMegabytes);
    m_lookCache->setToolTip(QStringLiteral("Images of online records looked at from the keyword table are kept "
                                           "here, so paging back shows them at once; the oldest go first."));
    m_lookPlace = new QComboBox(this);
    m_lookPlace->setObjectName(QStringLiteral("lookPlaceBox"));
    m_lookPlace->addItem(QStringLiteral("Beside the keyword table"), int(jsoc::Preferences::LookPlace::Pane));
    m_lookPlace->addItem(QStringLiteral("In a FITS window"), int(jsoc::Preferences::LookPlace::FitsWindow));
    m_lookPlace->setCurrentIndex(m_lookPlace->findData(int(p.lookPlace)));

    m_serverNote = new QLabel(this);
    m_serverNote->setObjectName(QStringLiteral("serverNote"));
    m_serverNote->hide();

    // Rows whose field is a layout get a label with a buddy: addRow(QString, QLayout *) would show
    // the '&' of the mnemonic literally.
    auto labelFor = [this](const QString &text, QWidget *buddy) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy);
        return label;
    };
    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("JSOC &server:"), m_server);
    form->addRow(QString(), m_serverNote);
    form->addRow(QStringLiteral("Notify &e-mail:"), m_email);
    form->addRow(labelFor(QStringLiteral("&Download folder:"), m_folder), folderRow);
    form->addRow(QStringLiteral("C&onnections per host:"), m_connections);
    form->addRow(labelFor(QStringLiteral("Offline &cache size:"), m_cacheLimit), cacheRow);
    form->addRow(QStringLiteral("Record &image cache:"), m_lookCache);
    form->addRow(QStringLiteral("Show record ima&ges:"), m_lookPlace);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("preferencesProblem"));
    m_problem->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_server, &QLineEdit::textChanged, this, &PreferencesDialog::validate);
    connect(m_email, &QLineEdit::textChanged, this, &PreferencesDialog::validate);
    connect(m_folder, &QLineEdit::textChanged, this, &PreferencesDialog::validate);
    setCacheUsage(-1);
    validate();
    resize(sizeHint().expandedTo(QSize(560, 0)));
}

jsoc::Preferences PreferencesDialog::preferences() const
{
    jsoc::Preferences p;
    p.serverUrl = m_server->text().trimmed();
    if (!m_serverInUse.isEmpty() && p.serverUrl == m_serverInUse)
        p.serverUrl = m_initial.serverUrl; // not edited: the saved choice stays as it was
    p.notifyEmail = m_email->text().trimmed();
    p.downloadFolder = m_folder->text().trimmed();
    if (p.downloadFolder.isEmpty())
        p.downloadFolder = jsoc::Preferences::defaultDownloadFolder();
    p.connectionsPerHost = m_connections->value();
    p.cacheLimitMegabytes = m_cacheLimit->value();
    p.lookCacheLimitMegabytes = m_lookCache->value();
    p.lookPlace = jsoc::Preferences::LookPlace(m_lookPlace->currentData().toInt());
    return p;
}

void PreferencesDialog::setServerInUse(const QString &server)
{
    m_serverInUse = server;
    m_server->setText(server);
    const QString saved = m_initial.serverUrl;
    const bool fromElsewhere = !server.isEmpty() && QUrl::fromUserInput(saved).adjusted(QUrl::StripTrailingSlash)
                                                        != QUrl::fromUserInput(server).adjusted(QUrl::StripTrailingSlash);
    m_serverNote->setText(saved.isEmpty() ? QStringLiteral("In use now; type another address to use and keep it.")
                                          : QStringLiteral("In use now (--server or JSOC_SERVER); saved: %1").arg(saved));
    m_serverNote->setVisible(fromElsewhere);
    resize(sizeHint().expandedTo(size()));
}

namespace {
// Why files cannot be saved under `folder` ("" when they can): the folder, or the nearest folder
// above it that exists (the download creates the rest), must take a new file. Tried for real:
// permissions alone say nothing of a read-only mount.
QString folderProblem(const QString &folder)
{
    QFileInfo info(folder);
    while (!info.exists() && !info.isRoot() && !info.absolutePath().isEmpty() && info.absoluteFilePath() != info.absolutePath())
        info.setFile(info.absolutePath());
    if (info.exists() && !info.isDir())
        return QStringLiteral("The download folder %1 is a file, not a folder; choose another.").arg(info.absoluteFilePath());
    QTemporaryFile probe(QDir(info.absoluteFilePath()).filePath(QStringLiteral(".jsoc-browser-probe-XXXXXX")));
    if (!probe.open())
        return QStringLiteral("The download folder %1 cannot be written to (%2); choose another.")
            .arg(folder, probe.errorString());
    return {};
}
} // namespace

void PreferencesDialog::setCacheUsage(qint64 bytes)
{
    m_cacheUsage->setText(bytes < 0 ? QString() : QStringLiteral("%1 used now").arg(jsoc::format::bytes(bytes)));
    m_clearCache->setEnabled(bytes != 0);
}

QString PreferencesDialog::validationError() const
{
    const QString server = m_server->text().trimmed();
    if (!server.isEmpty()) {
        const QUrl url = QUrl::fromUserInput(server);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http" && url.scheme() != u"https"))
            return QStringLiteral("The server must be an http:// or https:// address, e.g. http://jsoc.stanford.edu.");
    }
    const QString email = m_email->text().trimmed();
    if (!email.isEmpty() && (!email.contains(u'@') || email.startsWith(u'@') || email.endsWith(u'@') || email.contains(u' ')))
        return QStringLiteral("The notify e-mail must look like name@example.org (JSOC sends export notices there).");
    if (const QString folder = m_folder->text().trimmed(); !folder.isEmpty())
        return folderProblem(folder);
    return {};
}

void PreferencesDialog::validate()
{
    const QString problem = validationError();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void PreferencesDialog::browseDownloadFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, QStringLiteral("Download folder"), m_folder->text());
    if (!dir.isEmpty())
        m_folder->setText(dir);
}

} // namespace ui
