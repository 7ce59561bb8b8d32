#!/usr/bin/python3
"""jsoc-cli follows the command-line conventions of issue 18, through the real binary and jsoc-sim:

--version (the project version from CMakeLists.txt, plus the git revision in a checkout; the same
text as jsoc-browser --version), --help for every command, -o FILE / -o - where a file is written,
no colour ever (NO_COLOR holds), --quiet, and the bash completion of commands, options and series
names read from the offline catalogue (`series --names-only --cached`).
"""
import argparse
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
COMPLETION = os.path.join(SOURCE, "packaging", "bash-completion", "jsoc-cli")
COMMANDS = ["series", "info", "count", "query", "export", "download", "exports", "preview", "header"]
SGR = re.compile(rb"\x1b\[[0-9;]*m")  # a colour or text attribute
EMAIL = "cli-test@example.com"

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + repr(detail)[:1500]), flush=True)


def start_sim(sim, *extra):
    proc = subprocess.Popen([sim, "--host", "127.0.0.1", "--port", "0", "--register", EMAIL] + list(extra),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit("jsoc-sim did not start: %r" % line)
    return proc, line[len("listening on "):]


def isolated_env(tmp):
    """The catalogue cache, settings and export queue in a folder of this test, never the user's."""
    env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, "data"),
               XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_CACHE_HOME=os.path.join(tmp, "cache"))
    env.pop("JSOC_SERVER", None)
    env.pop("NO_COLOR", None)
    return env


def run(cli, args, env, timeout=120):
    p = subprocess.run([cli] + args, capture_output=True, timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr


def run_stderr_on_tty(cli, args, env):
    """stderr on a pseudo-terminal (where progress and notes go); returns rc, the terminal's bytes, stdout."""
    master, slave = pty.openpty()
    p = subprocess.Popen([cli] + args, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    got = b""
    while True:
        r, _, _ = select.select([master], [], [], 120)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        got += chunk
    out = p.stdout.read()
    p.wait(timeout=60)
    os.close(master)
    return p.returncode, got.replace(b"\r\n", b"\n"), out


def project_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        m = re.search(r"project\(\s*\S+\s+VERSION\s+([0-9.]+)", f.read())
    return m.group(1)


def is_commit(rev):
    return subprocess.run(["git", "-c", "safe.directory=*", "-C", SOURCE, "cat-file", "-e", rev + "^{commit}"],
                          capture_output=True).returncode == 0


def check_version(cli, env):
    rc, out, err = run(cli, ["--version"], env)
    text = out.decode().strip()
    m = re.fullmatch(r"jsoc-cli (\S+)(?: \(git ([0-9a-f]+)(-dirty)?\))?", text)
    check("--version: 'jsoc-cli VERSION [(git REV)]' on stdout, exit 0", rc == 0 and m and not err, (rc, out, err))
    if not m:
        return
    check("--version: the version is CMake's project version", m.group(1) == project_version(),
          (m.group(1), project_version()))
    from_git = os.path.isdir(os.path.join(SOURCE, ".git")) and shutil.which("git")
    if from_git:
        check("--version: built from git, it names a commit of this repository",
              m.group(2) and is_commit(m.group(2)), text)
    rc, short, _ = run(cli, ["-V"], env)
    check("-V is --version", rc == 0 and short == out, short)

    browser = os.path.join(os.path.dirname(cli), "jsoc-browser")
    genv = dict(env, QT_QPA_PLATFORM="offscreen")
    rc, gout, gerr = run(browser, ["--version"], genv)
    g = re.fullmatch(r"jsoc-browser (\S+)(?: \(git ([0-9a-f]+)(-dirty)?\))?", gout.decode().strip())
    # The same text when both were built from one commit (CI); on a shared checkout another commit
    # may land between the two links, so then each must still name a commit of this repository.
    same = g and (g.group(0)[len("jsoc-browser "):] == text[len("jsoc-cli "):]
                  or (g.group(1) == m.group(1) and from_git and g.group(2) and is_commit(g.group(2))))
    check("jsoc-browser --version: the same version as jsoc-cli", rc == 0 and same, (rc, gout, text))


def check_help(cli, env):
    for command in COMMANDS:
        for place in (["--help"], ["-h"], ["somearg", "--help"]):
            rc, out, err = run(cli, [command] + place, env)
            check("%s %s: its own usage on stdout, exit 0, nothing on stderr" % (command, " ".join(place)),
                  rc == 0 and out.startswith(("usage: jsoc-cli %s" % command).encode()) and not err,
                  (rc, out[:200], err[:300]))
    rc, out, err = run(cli, ["--help"], env)
    check("--help: the overview names every command", rc == 0 and all(c.encode() in out for c in COMMANDS), out)


def check_output_option(cli, url, env, tmp):
    rs = "hmi.M_45s[2012.01.01_00:00:00_TAI/10m]"
    base = ["--server", url, "query", rs, "--keys", "T_REC,DATAMEAN"]
    rc, stdout_rows, err = run(cli, base, env)
    check("query to stdout: rows", rc == 0 and stdout_rows.count(b"\n") > 5, (rc, err))
    target = os.path.join(tmp, "rows.csv")
    rc, out, err = run(cli, base + ["-o", target], env)
    with open(target, "rb") as f:
        written = f.read()
    check("query -o FILE: the same bytes in FILE, nothing on stdout", rc == 0 and written == stdout_rows and not out,
          (rc, written[:200], out[:200], err))
    rc, out, err = run(cli, base + ["--output", "-"], env)
    check("query --output -: the rows on stdout", rc == 0 and out == stdout_rows, (rc, out[:200], err))

    # A query that fails leaves FILE as it was: no partial table under its name.
    with open(target, "wb") as f:
        f.write(b"kept\n")
    rc, out, err = run(cli, ["--server", url, "query", "hmi.no_such_series[2012.01.01/1h]", "-o", target], env)
    with open(target, "rb") as f:
        after = f.read()
    check("query -o FILE that fails: an error, FILE untouched", rc != 0 and err and after == b"kept\n", (rc, after, err))
    leftovers = [n for n in os.listdir(tmp) if n.startswith("rows.csv") and n != "rows.csv"]
    check("query -o FILE that fails: no temporary file left", not leftovers, leftovers)
    rc, out, err = run(cli, ["--server", url, "query", rs, "-o", os.path.join(tmp, "no", "such", "dir", "x.csv")], env)
    check("query -o into a missing folder: exit 1 in words", rc == 1 and b"cannot write" in err, (rc, err))


def check_preview_to_stdout(cli, env, tmp):
    # A small 8-bit image: 2880-byte header, 16 x 16 pixels, padded to 2880.
    cards = ["SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    2",
             "NAXIS1  =                   16", "NAXIS2  =                   16", "END"]
    fits = os.path.join(tmp, "ramp.fits")
    with open(fits, "wb") as f:
        f.write(b"".join(c.encode().ljust(80) for c in cards).ljust(2880))
        f.write(bytes(range(256)).ljust(2880, b"\0"))
    rc, out, err = run(cli, ["preview", fits, "-o", "-"], env)
    check("preview -o -: a PNG on stdout, nothing else", rc == 0 and out.startswith(b"\x89PNG\r\n\x1a\n"), (rc, out[:40], err))
    png = os.path.join(tmp, "ramp.png")
    rc, out, err = run(cli, ["preview", fits, "-o", png], env)
    with open(png, "rb") as f:
        check("preview -o FILE is --out FILE", rc == 0 and f.read(8) == b"\x89PNG\r\n\x1a\n" and b"wrote" in out, (rc, err))

    master, slave = pty.openpty()
    p = subprocess.run([cli, "preview", fits, "-o", "-"], stdout=slave, stderr=subprocess.PIPE, env=env, timeout=60)
    os.close(slave)
    os.close(master)
    check("preview -o - refuses a terminal", p.returncode == 2 and b"terminal" in p.stderr, (p.returncode, p.stderr))


def export_args(url, tmp, folder, record_set):
    return ["--server", url, "export", record_set, "--email", EMAIL, "--out", os.path.join(tmp, folder),
            "--method", "url", "--protocol", "fits", "--poll-ms", "100"]


def check_quiet_and_colour(sim, cli, env, tmp):
    # Each file takes 1.5 s to start, so the 1-second progress tick is drawn while files download.
    proc, url = start_sim(sim, "--export-queued-ms", "100", "--export-processing-ms", "100",
                          "--fault", "latency:1500:1:/SUM")
    try:
        # A terminal, colour allowed: progress and notes, but no colour (there is none to turn off).
        rc, tty, out = run_stderr_on_tty(cli, export_args(url, tmp, "loud", "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]"), env)
        check("terminal: the export ends with its 3 files", rc == 0 and len(out.splitlines()) == 3, (rc, tty[-800:]))
        check("terminal: progress and notes are shown", b"downloading:" in tty and b"done " in tty, tty[-800:])
        check("terminal: no colour codes", not SGR.search(tty), SGR.findall(tty)[:5])

        nenv = dict(env, NO_COLOR="1")
        rc, tty, out = run_stderr_on_tty(cli, export_args(url, tmp, "nocolour", "hmi.M_45s[2012.01.01_01:00:00_TAI/2m]"),
                                         nenv)
        check("NO_COLOR: the export ends with its files, no colour codes",
              rc == 0 and len(out.splitlines()) == 3 and not SGR.search(tty), (rc, tty[-800:]))

        for quiet in (["--quiet"], ["-q"]):
            folder = "quiet" + quiet[0].strip("-")
            hour = "02" if quiet == ["--quiet"] else "03"
            args = quiet + export_args(url, tmp, folder, "hmi.M_45s[2012.01.01_%s:00:00_TAI/2m]" % hour)
            rc, tty, out = run_stderr_on_tty(cli, args, env)
            check("%s on a terminal: the files on stdout, exit 0" % quiet[0], rc == 0 and len(out.splitlines()) == 3,
                  (rc, out, tty[-800:]))
            check("%s on a terminal: no progress line and no notes at all" % quiet[0], tty == b"", tty[-800:])
        # --quiet after the command is the same.
        args = export_args(url, tmp, "quietlate", "hmi.M_45s[2012.01.01_04:00:00_TAI/2m]") + ["--quiet"]
        rc, tty, out = run_stderr_on_tty(cli, args, env)
        check("--quiet after the command: files only", rc == 0 and len(out.splitlines()) == 3 and tty == b"",
              (rc, tty[-800:]))
        # Errors still speak under --quiet.
        rc, out, err = run(cli, ["--quiet", "--server", url, "count", "hmi.no_such_series[2012.01.01/1h]"], env)
        check("--quiet: an error is still printed", rc == 1 and b"jsoc-cli:" in err, (rc, err))
    finally:
        proc.kill()
        proc.wait()


def complete(words, env, cli_dir):
    """What bash completion offers for the command line `words` (the last word is being typed)."""
    script = ('shopt -s extglob; source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); '
              'COMP_LINE="$*"; _jsoc_cli jsoc-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    cenv = dict(env, PATH=cli_dir + os.pathsep + env.get("PATH", ""))
    p = subprocess.run(["bash", "-c", script, "complete", COMPLETION] + words, capture_output=True, env=cenv,
                       timeout=60, text=True)
    return [w for w in p.stdout.split("\n") if w], p.stderr


def check_cached_names_and_completion(sim, cli, env):
    proc, url = start_sim(sim)
    cli_dir = os.path.dirname(cli)
    try:
        rc, out, err = run(cli, ["--server", url, "series", "--names-only", "--cached"], env)
        check("series --cached before any list was kept: exit 1, says so", rc == 1 and b"no cached series list" in err,
              (rc, out[:100], err))
        rc, full, err = run(cli, ["--server", url, "series"], env)
        names = [line.split(b"\t")[0].decode() for line in full.splitlines()]
        check("series: the whole list", rc == 0 and len(names) > 1000 and "hmi.M_45s" in names, (rc, len(names), err))
        rc, cached, err = run(cli, ["--server", url, "series", "--names-only", "--cached"], env)
        check("series --names-only --cached: the names of the list kept, in its order",
              rc == 0 and cached.decode().splitlines() == names, (rc, cached[:200], err))
        rc, live, err = run(cli, ["--server", url, "series", "--names-only", r"^hmi\.M_45s$"], env)
        check("series --names-only REGEX: names alone, from JSOC", rc == 0 and live == b"hmi.M_45s\n", (rc, live, err))
        rc, again, err = run(cli, ["--server", url, "series", "--names-only", "--cached"], env)
        check("series REGEX leaves the kept list whole", rc == 0 and again == cached, (rc, len(again)))

        words, err = complete(["jsoc-cli", "qu"], env, cli_dir)
        check("completion: a command", words == ["query"], (words, err))
        words, err = complete(["jsoc-cli", "--ver"], env, cli_dir)
        check("completion: a global option", words == ["--version"], (words, err))
        words, err = complete(["jsoc-cli", "query", "x", "--for"], env, cli_dir)
        check("completion: a command's option", words == ["--format"], (words, err))
        words, err = complete(["jsoc-cli", "query", "x", "--format", ""], env, cli_dir)
        check("completion: an option's choices", sorted(words) == ["csv", "json", "tsv"], (words, err))
        words, err = complete(["jsoc-cli", "--server", url, "info", "hmi.m_45"], env, cli_dir)
        expected = sorted(n for n in names if n.lower().startswith("hmi.m_45"))
        check("completion: series names from the kept list, case-blind, for --server's catalogue",
              expected and sorted(words) == expected, (words, expected, err))
        words, err = complete(["jsoc-cli", "info", "hmi.m_45"], dict(env, JSOC_SERVER=url), cli_dir)
        check("completion: series names for $JSOC_SERVER", sorted(words) == expected, (words, err))
    finally:
        proc.kill()
        proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="jsoc-cli-conventions-") as tmp:
        env = isolated_env(tmp)
        check_version(a.cli, env)
        check_help(a.cli, env)
        proc, url = start_sim(a.sim)
        try:
            check_output_option(a.cli, url, env, tmp)
        finally:
            proc.kill()
            proc.wait()
        check_preview_to_stdout(a.cli, env, tmp)
        check_quiet_and_colour(a.sim, a.cli, env, tmp)
        check_cached_names_and_completion(a.sim, a.cli, env)
    passed = sum(results)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if results and passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
