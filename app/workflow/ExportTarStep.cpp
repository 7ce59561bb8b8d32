#include "app/workflow/ExportTarStep.h"

#include "network/DownloadVerification.h"

#include <QFile>
#include <QtConcurrentRun>

namespace app {

ExportTarStep::ExportTarStep(qint64 exportId, const QString &tarPath, const QString &folder, QObject *parent)
    : QObject(parent), m_exportId(exportId), m_tarPath(tarPath), m_folder(folder)
{
    connect(&m_watcher, &QFutureWatcher<jsoc::TarUnpackResult>::finished, this, [this] {
        jsoc::TarUnpackResult result = m_watcher.result();
        bool deleted = false;
        if (result.ok && !result.cancelled) {
            deleted = QFile::remove(m_tarPath);
            if (!deleted) {
                result.ok = false;
                result.problems.append(tr("The files are unpacked, but the tar %1 could not be deleted.").arg(m_tarPath));
            }
        }
        emit finished(m_exportId, result, deleted);
    });
}

ExportTarStep::~ExportTarStep()
{
    m_cancel = true;
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

void ExportTarStep::start()
{
    jsoc::TarUnpackOptions options;
    options.cancel = &m_cancel;
    options.verifyFile = [](const QString &path, const QString &name) {
        // Members have no announced size: their own structure (FITS) must prove them whole.
        const jsoc::DownloadVerification v = jsoc::DownloadVerification::check(path, name, -1, true);
        return v.verified ? QString() : v.problem;
    };
    // Called on the worker; the step outlives the worker (its destructor waits), and a queued
    // call to a deleted step is dropped by Qt.
    ExportTarStep *step = this;
    const qint64 id = m_exportId;
    options.progress = [step, id](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(step, [step, id, done, total] { emit step->progress(id, done, total); },
                                  Qt::QueuedConnection);
    };
    m_watcher.setFuture(QtConcurrent::run(
        [tar = m_tarPath, folder = m_folder, options] { return jsoc::unpackExportTar(tar, folder, options); }));
}

} // namespace app
