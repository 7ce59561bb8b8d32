#include "app/version/BuildVersion.h"

#include "JsocVersionInfo.h" // generated at build time, see packaging/WriteVersionHeader.cmake

namespace app {

QString projectVersion()
{
    return QStringLiteral(JSOC_PROJECT_VERSION);
}

QString versionText()
{
    const QString revision = QStringLiteral(JSOC_GIT_REVISION);
    return revision.isEmpty() ? projectVersion() : QStringLiteral("%1 (git %2)").arg(projectVersion(), revision);
}

} // namespace app
