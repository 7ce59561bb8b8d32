#pragma once

#include "model/exports/ExportTarUnpack.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

// Unpacks one url-tar export's downloaded tar into its folder off the calling thread
// (jsoc::unpackExportTar blocks), with each FITS member checked by network/DownloadVerification.
// The packing list is the tar's own index.json, so nothing about it needs storing: after a kill
// the next start simply unpacks the same tar again (files already there with the same bytes are
// fine). The tar is deleted only after a fully successful unpack.
namespace app {

class ExportTarStep final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportTarStep)

public:
    ExportTarStep(qint64 exportId, const QString &tarPath, const QString &folder, QObject *parent = nullptr);
    ~ExportTarStep() override; // cancels and waits for the worker: it must not outlive its caller

    void start();
    qint64 exportId() const { return m_exportId; }

signals:
    void progress(qint64 exportId, qint64 done, qint64 total);
    // `tarDeleted`: the unpack was whole and the tar is gone (or could not be deleted: `result`
    // then carries that as a problem).
    void finished(qint64 exportId, const jsoc::TarUnpackResult &result, bool tarDeleted);

private:
    qint64 m_exportId;
    QString m_tarPath;
    QString m_folder;
    std::atomic<bool> m_cancel{false};
    QFutureWatcher<jsoc::TarUnpackResult> m_watcher;
};

} // namespace app
