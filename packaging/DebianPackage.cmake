# The Debian package, made by CPack's DEB generator from what `cmake --install` installs
# (scripts/package.sh runs it; tests/test_deb_package.sh installs and removes the result).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jsoc-browser)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "${JSOC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${JSOC_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "browse, query and export solar data held by Stanford's JSOC")
# One line each in the control file (CPack indents them); Debian wants them under 80 columns.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
       "JSOC Browser is a desktop program for the DRMS database of the Joint Science"
       "Operations Center (JSOC) at Stanford, which holds the data of the Solar"
       "Dynamics Observatory (HMI, AIA) and other solar missions: a searchable tree of"
       "every series, record sets in a sortable keyword table with plots, exports"
       "followed as JSOC works on them, verified and resumable downloads, and a FITS"
       "preview. jsoc-cli, its command-line twin, does the same from scripts.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # jsoc-browser_VERSION_ARCH.deb
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# Libraries from dpkg-shlibdeps; plugins Qt loads at run time are not linked, so they are named:
# the SQLite driver keeps the export queue.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
set(CPACK_STRIP_FILES ON) # the debug information stays in the build directory
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
include(CPack)
