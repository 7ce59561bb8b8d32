#pragma once

#include <QString>

// The one version both programs print (--version) and the About box shows: the project version
// from CMake (project(... VERSION)), plus the git revision when built from a git checkout.
namespace app {

// "0.1.0", or "0.1.0 (git 304b74d1a2)" / "0.1.0 (git 304b74d1a2-dirty)" from a checkout.
QString versionText();
// The project version alone, "0.1.0".
QString projectVersion();

} // namespace app
