# Precompiled Qt headers. Parsing Qt's headers is most of what compiling a file costs here
# (KeywordPlotWidget.cpp: 10.2 of 10.8 CPU seconds are parsing, ExportDialog.cpp 5.6 of 7.0), and it
# is the same work in every file. Each target precompiles the headers of the Qt modules it links
# itself and nothing more, so a library still sees only what its link line says (tests/layering).
option(JSOC_PRECOMPILED_HEADERS "Precompile the Qt headers each target uses (faster builds)" ON)

# The Qt headers this code base includes most, per module (counted over the sources).
set(jsoc_pch_Core
  <QtCore/QString> <QtCore/QStringList> <QtCore/QList> <QtCore/QHash> <QtCore/QSet> <QtCore/QByteArray>
  <QtCore/QVariant> <QtCore/QObject> <QtCore/QPointer> <QtCore/QTimer> <QtCore/QDateTime> <QtCore/QUrl>
  <QtCore/QFile> <QtCore/QDir> <QtCore/QFileInfo> <QtCore/QSaveFile> <QtCore/QTextStream>
  <QtCore/QRegularExpression> <QtCore/QJsonDocument> <QtCore/QJsonObject> <QtCore/QJsonArray>
  <QtCore/QLoggingCategory> <QtCore/QSettings> <QtCore/QElapsedTimer> <QtCore/QLocale>
  <QtCore/QCoreApplication> <QtCore/QAbstractItemModel> <QtCore/QSortFilterProxyModel> <QtCore/QProcess>
  <QtCore/QMutex> <QtCore/QRandomGenerator>
  <algorithm> <functional> <memory> <optional> <vector>)
set(jsoc_pch_Concurrent <QtConcurrent/QtConcurrentRun> <QtCore/QFutureWatcher>)
set(jsoc_pch_Gui <QtGui/QImage> <QtGui/QPainter> <QtGui/QColor> <QtGui/QFont> <QtGui/QPixmap>)
set(jsoc_pch_Widgets
  <QtWidgets/QWidget> <QtWidgets/QApplication> <QtWidgets/QLabel> <QtWidgets/QVBoxLayout>
  <QtWidgets/QHBoxLayout> <QtWidgets/QFormLayout> <QtWidgets/QPushButton> <QtWidgets/QToolButton>
  <QtWidgets/QLineEdit> <QtWidgets/QComboBox> <QtWidgets/QCheckBox> <QtWidgets/QSpinBox>
  <QtWidgets/QListWidget> <QtWidgets/QTableView> <QtWidgets/QTreeView> <QtWidgets/QHeaderView>
  <QtWidgets/QDialog> <QtWidgets/QDialogButtonBox> <QtWidgets/QMessageBox> <QtWidgets/QMainWindow>
  <QtWidgets/QMenu> <QtWidgets/QTabWidget> <QtWidgets/QSplitter> <QtWidgets/QPlainTextEdit>
  <QtWidgets/QStyledItemDelegate> <QtGui/QAction>)
set(jsoc_pch_Network <QtNetwork/QNetworkAccessManager> <QtNetwork/QNetworkReply> <QtNetwork/QNetworkRequest>
  <QtNetwork/QTcpServer> <QtNetwork/QTcpSocket> <QtNetwork/QHostAddress>)
set(jsoc_pch_Sql <QtSql/QSqlDatabase> <QtSql/QSqlQuery> <QtSql/QSqlError>)
set(jsoc_pch_Test <QtTest/QTest> <QtTest/QSignalSpy> <QtTest/QAbstractItemModelTester> <QtCore/QTemporaryDir>)
set(jsoc_pch_HttpServer <QtHttpServer/QHttpServer> <QtHttpServer/QHttpServerRequest> <QtHttpServer/QHttpServerResponse>)

# Precompiles, for `target`, the headers of the Qt modules on its own link line. Not qcustomplot.h:
# only four files include it, and loading a precompiled header costs in proportion to its size
# (GCC: 3.7 CPU s for ui's with it, 1.8 s without), so the other ui files would pay for it.
#
# With unity builds (JSOC_UNITY_BUILD) a target of at most two batches (16 files) parses the headers
# at most twice, and making its precompiled header (7–14 s in a fresh build) costs more than that
# saves: only larger targets get one, unless ALWAYS (the tests' shared header).
function(jsoc_precompile_qt target)
  cmake_parse_arguments(arg "ALWAYS" "" "" ${ARGN})
  if(NOT JSOC_PRECOMPILED_HEADERS)
    return()
  endif()
  if(JSOC_UNITY_BUILD AND NOT arg_ALWAYS)
    get_target_property(sources ${target} SOURCES)
    list(FILTER sources INCLUDE REGEX "\\.cpp$")
    list(LENGTH sources count)
    if(count LESS_EQUAL 16)
      return()
    endif()
  endif()
  get_target_property(libs ${target} LINK_LIBRARIES)
  set(headers ${jsoc_pch_Core})
  foreach(module Concurrent Gui Widgets Network Sql Test HttpServer)
    if("Qt6::${module}" IN_LIST libs)
      list(APPEND headers ${jsoc_pch_${module}})
    endif()
  endforeach()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
