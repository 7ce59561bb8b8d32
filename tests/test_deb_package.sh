#!/usr/bin/env bash
# The Debian package, end to end (issue 18): made with CPack from the built tree, checked by
# lintian (no errors), installed with apt-get, used (jsoc-cli --version, a query against jsoc-sim
# on loopback, the man pages rendered with man -l, the completion loaded by bash), and removed
# again, leaving none of its files behind. Installing needs root: as anyone else it says so and
# exits 77, which ctest reports as skipped. CI runs as root, so there it runs.
# usage: test_deb_package.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1
source=$2
skip=77

if [ "$(id -u)" -ne 0 ]; then
  echo "NOT RUN: this test installs and removes a .deb with apt-get, which needs root (CI runs it as root)."
  exit $skip
fi
if dpkg-query -W -f='${Status}' jsoc-browser 2>/dev/null | grep -q "install ok installed"; then
  echo "NOT RUN: a jsoc-browser package is already installed on this machine; this test will not replace or remove it."
  exit $skip
fi

failures=0
check() { # check NAME COMMAND...: runs COMMAND, PASS or FAIL with its output
  local name=$1 output
  shift
  if output=$("$@" 2>&1); then
    echo "PASS $name"
  else
    echo "FAIL $name"
    printf '%s\n' "$output" | tail -n 20 | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}

work=$(mktemp -d /tmp/jsoc-deb-test.XXXXXX)
sim_pid=""
installed=0
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  # Whatever happened above, the package does not outlive the test.
  if [ $installed -eq 1 ] && dpkg-query -W jsoc-browser >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq jsoc-browser >/dev/null 2>&1 || dpkg --purge jsoc-browser >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
unset JSOC_SERVER

# 1. The package, from the already-built tree.
if ! cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
  echo "FAIL cpack made no package"; cat "$work/cpack.log"; exit 1
fi
deb=$(ls "$work"/out/jsoc-browser_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "FAIL cpack made no jsoc-browser_*.deb"; cat "$work/cpack.log"; exit 1; }
echo "package: $(basename "$deb")"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
has() { grep -qx "./$1" <<<"$contents" || { echo "missing: $1"; return 1; }; }
check "contents: programs, desktop entry, icons, metainfo, man pages, completion, doc" bash -c "$(declare -f has); contents=\$1; \
  for f in usr/bin/jsoc-browser usr/bin/jsoc-cli usr/bin/jsoc-cli-fits usr/share/applications/jsoc-browser.desktop \
           usr/share/icons/hicolor/16x16/apps/jsoc-browser.png usr/share/icons/hicolor/48x48/apps/jsoc-browser.png \
           usr/share/icons/hicolor/256x256/apps/jsoc-browser.png usr/share/icons/hicolor/scalable/apps/jsoc-browser.svg \
           usr/share/metainfo/io.github.jsoc_browser.JsocBrowser.metainfo.xml usr/share/man/man1/jsoc-browser.1.gz \
           usr/share/man/man1/jsoc-cli.1.gz usr/share/bash-completion/completions/jsoc-cli \
           usr/share/doc/jsoc-browser/copyright usr/share/doc/jsoc-browser/changelog.gz; do has \$f || exit 1; done" _ "$contents"
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends: computed by dpkg-shlibdeps (Qt, cfitsio, libc) plus the SQLite driver" \
  bash -c 'for p in libqt6core6 libqt6widgets6 libcfitsio libc6 libqt6sql6-sqlite; do grep -q "$p" <<<"$1" || { echo "no $p in: $1"; exit 1; }; done' _ "$depends"
dpkg-deb -x "$deb" "$work/root"
check "binaries are stripped" bash -c 'for b in "$1"/usr/bin/*; do file "$b" | grep -q ", stripped" || { file "$b"; exit 1; }; done' _ "$work/root"

# 2. lintian: no errors (warnings are printed for the log).
if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1
  sed 's/^/    lintian: /' "$work/lintian.log" | grep -v 'running with root privileges' || true
  check "lintian: no errors" bash -c '! grep -q "^E:" "$1"' _ "$work/lintian.log"
else
  check "lintian is installed (scripts/install-deps.sh installs it)" false
fi

check "AppStream metadata: valid (appstreamcli validate)" \
  appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.github.jsoc_browser.JsocBrowser.metainfo.xml"

# 3. Installed with apt-get, as a user would.
installed=1
check "apt-get install ./$(basename "$deb")" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb"
version=$(sed -n 's/^project([^ ]* VERSION \([0-9.]*\).*/\1/p' "$source/CMakeLists.txt")
check "/usr/bin/jsoc-cli --version names version $version" bash -c '/usr/bin/jsoc-cli --version | grep -Eq "^jsoc-cli $1( \(git [0-9a-f]+(-dirty)?\))?$"' _ "$version"
# (The revisions are compared by test_cli_conventions.py; a developer's tree may hold programs
# linked at different commits.)
check "/usr/bin/jsoc-browser --version names version $version too" bash -c '
  v=$(QT_QPA_PLATFORM=offscreen /usr/bin/jsoc-browser --version 2>&1); grep -Eq "^jsoc-browser $1( \(git [0-9a-f]+(-dirty)?\))?$" <<<"$v" || { echo "$v"; exit 1; }' _ "$version"

# A query against the simulator on loopback: the installed jsoc-cli prints what the built one does.
coproc SIM { exec "$build/tests/jsoc-sim" --host 127.0.0.1 --port 0 2>/dev/null; }
sim_pid=$SIM_PID
url=""
# Its first line says where it listens; read blocks until then (or gives up after 60 s).
if read -r -t 60 line <&"${SIM[0]}"; then url=${line#listening on }; fi
rs='hmi.M_45s[2012.01.01_00:00:00_TAI/10m]'
check "jsoc-sim started" test -n "$url"
check "installed jsoc-cli query: rows, the same as the built jsoc-cli's" bash -c '
  installed=$(/usr/bin/jsoc-cli --server "$1" query "$2" --keys T_REC,DATAMEAN) || exit 1
  built=$("$3" --server "$1" query "$2" --keys T_REC,DATAMEAN) || exit 1
  [ "$(wc -l <<<"$installed")" -gt 5 ] && [ "$installed" = "$built" ] || { echo "$installed"; exit 1; }' _ "$url" "$rs" "$build/app/jsoc-cli"
check "installed jsoc-cli preview reaches jsoc-cli-fits beside it" bash -c '/usr/bin/jsoc-cli preview --help | grep -q "^usage: jsoc-cli preview"'

# Man pages: rendered with man -l, with no warnings from groff. Some images (slim containers)
# tell dpkg to drop /usr/share/man; then the pages shipped in the package are rendered instead.
for page in jsoc-browser jsoc-cli jsoc-cli-fits; do
  file=/usr/share/man/man1/$page.1.gz
  [ -f "$file" ] || { echo "note: dpkg did not install $file (path-exclude); rendering the package's copy"; file=$work/root/usr/share/man/man1/$page.1.gz; }
  check "man -l $page.1.gz renders, without warnings" bash -c '
    text=$(MANWIDTH=80 man --warnings -l "$1" 2>"$2") || exit 1
    grep -q "^NAME" <<<"$text" && grep -q "$3" <<<"$text" && ! [ -s "$2" ] || { cat "$2"; exit 1; }' _ "$file" "$work/man.err" "$page"
done
check "bash completion: installed and completes jsoc-cli's commands" bash -c '
  source /usr/share/bash-completion/completions/jsoc-cli && COMP_WORDS=(jsoc-cli qu) COMP_CWORD=1 && _jsoc_cli jsoc-cli qu jsoc-cli &&
  [ "${COMPREPLY[*]}" = query ]'

# 4. Removed again: dpkg forgets it and none of its files remain.
files=$(dpkg -L jsoc-browser | while read -r f; do [ -f "$f" ] && echo "$f"; done)
check "the installed package holds files" test -n "$files"
check "apt-get purge jsoc-browser" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq jsoc-browser
installed=0
check "dpkg no longer knows jsoc-browser" bash -c '! dpkg-query -W -f="\${Status}" jsoc-browser 2>/dev/null | grep -q installed'
check "none of its files remain" bash -c 'left=""; for f in $1; do [ -e "$f" ] && left="$left $f"; done; [ -z "$left" ] || { echo "left:$left"; exit 1; }' _ "$files"

if [ $failures -eq 0 ]; then echo "all passed"; else echo "$failures failed"; fi
[ $failures -eq 0 ]
