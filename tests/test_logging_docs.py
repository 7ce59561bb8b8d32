#!/usr/bin/python3
"""The logging categories as documented and as they behave.

1. README's "Logging" table lists exactly the categories the sources declare (Q_LOGGING_CATEGORY),
   each under the folder that declares it; every library target (jsoc_library in the CMake files),
   jsoc-cli and the simulator has one; each is named jsoc.* and declared with debug off and
   warnings on (QtWarningMsg).
2. jsoc-cli with every category's debug lines turned on (QT_LOGGING_RULES) writes its data to stdout
   byte for byte as with them off: the log goes to stderr only. jsoc-sim's own log does the same.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SOURCE_FOLDERS = ["model", "network", "ui", "app", os.path.join("tests", "sim")]

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)), flush=True)


def declared_categories():
    """{name: (folder relative to ROOT, default level or None)} from every Q_LOGGING_CATEGORY."""
    pattern = re.compile(r'Q_LOGGING_CATEGORY\(\s*(\w+)\s*,\s*"([^"]+)"\s*(?:,\s*(\w+)\s*)?\)')
    found = {}
    duplicates = []
    for top in SOURCE_FOLDERS:
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if not name.endswith(".cpp"):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    for m in pattern.finditer(f.read()):
                        if m.group(2) in found:
                            duplicates.append(m.group(2))
                        found[m.group(2)] = (os.path.relpath(folder, ROOT), m.group(3))
    return found, duplicates


def library_folders():
    """Folders of every jsoc_library(target folder ...) target (jsoc-cli's category lives in the
    one its two executables share, app/cli/shared), plus the simulator's."""
    pattern = re.compile(r"^\s*jsoc_library\(\s*\w+\s+([\w/]+)", re.M)
    folders = {os.path.join("tests", "sim")}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in ("build", ".git") and not d.startswith("build")]
        if "CMakeLists.txt" in files:
            with open(os.path.join(folder, "CMakeLists.txt"), encoding="utf-8") as f:
                folders.update(os.path.normpath(m.group(1)) for m in pattern.finditer(f.read()))
    return folders


def readme_section():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## Logging\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return m.group(1) if m else ""


def documented_categories(section):
    """{name: folder} from table rows "| `jsoc.x` | `folder/` | what it tells |"."""
    rows = {}
    for m in re.finditer(r"^\|\s*`(jsoc\.[\w.]+)`\s*\|\s*`([\w/]+?)/?`\s*\|", section, re.M):
        rows[m.group(1)] = os.path.normpath(m.group(2))
    return rows


def docs_tests():
    declared, duplicates = declared_categories()
    check("no category is declared twice", not duplicates, duplicates)
    check("every category is named jsoc.*", all(n.startswith("jsoc.") for n in declared),
          sorted(n for n in declared if not n.startswith("jsoc.")))
    check("every category: debug off, warnings on by default (QtWarningMsg)",
          all(level == "QtWarningMsg" for _, level in declared.values()),
          sorted((n, level) for n, (_, level) in declared.items() if level != "QtWarningMsg"))
    folders = library_folders()
    have = {folder for folder, _ in declared.values()}
    check("every library, jsoc-cli and the simulator has a category", folders <= have and len(folders) >= 14,
          sorted(folders - have))

    section = readme_section()
    check("README has a Logging section", bool(section))
    documented = documented_categories(section)
    check("README's table lists every declared category", set(declared) <= set(documented),
          sorted(set(declared) - set(documented)))
    check("README's table lists no category the sources lack", set(documented) <= set(declared),
          sorted(set(documented) - set(declared)))
    wrong = sorted((n, documented[n], declared[n][0]) for n in set(declared) & set(documented)
                   if documented[n] != declared[n][0])
    check("README names the folder that declares each category", not wrong, wrong)
    check("README says how to turn them on (environment and ini file)",
          "QT_LOGGING_RULES" in section and "qtlogging.ini" in section, section[:200])


def start_sim(sim, log):
    env = dict(os.environ, QT_LOGGING_RULES="jsoc.*.debug=true")
    proc = subprocess.Popen([sim, "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=log, text=True, env=env)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit("jsoc-sim did not start: %r" % line)
    return proc, line[len("listening on "):]


def run_cli(cli, url, rules, *args):
    env = dict(os.environ)
    env.pop("QT_LOGGING_RULES", None)
    if rules:
        env["QT_LOGGING_RULES"] = rules
    # Qt's rules file in a fresh config folder: the developer's own cannot change the outcome.
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="jsoc-logging-config-")
    p = subprocess.run([cli, "--server", url] + list(args), capture_output=True, timeout=120, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def stdout_tests(cli, sim):
    with tempfile.TemporaryFile() as sim_log:
        proc, url = start_sim(sim, sim_log)
        try:
            for args in (["series", r"^hmi\.m_45s$"], ["count", "hmi.M_45s[2012.01.01_00:00:00_TAI/1h]"]):
                rc_off, out_off, err_off = run_cli(cli, url, None, *args)
                rc_on, out_on, err_on = run_cli(cli, url, "jsoc.*.debug=true", *args)
                what = " ".join(args[:1])
                check("%s: exits 0 with data on stdout" % what, rc_off == 0 and rc_on == 0 and out_off.strip(),
                      (rc_off, rc_on, out_off[:200], err_off[-500:]))
                check("%s: stdout identical with every debug line on" % what, out_on == out_off,
                      (out_off[:300], out_on[:300]))
                check("%s: no log line when off" % what, "jsoc." not in err_off, err_off[-500:])
                check("%s: the request's log lines are on stderr" % what,
                      re.search(r"^jsoc\.network: .*HTTP 200, \d+ bytes in \d+ ms from http://127\.0\.0\.1:\d+/cgi-bin/ajax/",
                                err_on, re.M) is not None, err_on[-800:])
        finally:
            proc.kill()
            proc.wait()
        sim_log.seek(0)
        served = sim_log.read().decode("utf-8", "replace")
        check("jsoc-sim logs each request served on stderr",
              len(re.findall(r"^jsoc\.sim: GET /cgi-bin/ajax/.+: HTTP 200, \d+ bytes$", served, re.M)) >= 4,
              served[-800:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim")
    ap.add_argument("--cli")
    a, _ = ap.parse_known_args()
    docs_tests()
    if a.cli and a.sim:
        stdout_tests(a.cli, a.sim)
    else:
        print("(no --cli/--sim: the stdout check is skipped)")
    passed = sum(1 for r in results if r)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) and results else 1


if __name__ == "__main__":
    sys.exit(main())
