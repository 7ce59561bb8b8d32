#!/usr/bin/python3
"""Nothing from outside reaches the user's terminal raw (issue 11, item 13).

A hostile loopback server (this script's own http.server) puts terminal control sequences into
everything jsoc-cli prints from it: JSOC error texts (stderr), series names and descriptions
(stdout), keyword values of a query printed to a terminal; a FITS file carries them in its header
cards. jsoc-cli must print none of those bytes raw, and must still show the text around them,
with the control characters as visible escapes.
"""
import argparse
import http.server
import json
import os
import pty
import select
import subprocess
import sys
import tempfile
import threading
import urllib.parse

results = []

# Clear the screen, set the window title (OSC ... BEL), 8-bit CSI (C1 U+009B), a right-to-left
# override, and a carriage return that would let the line overwrite itself.
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\u009b31m\u202eevil\rX"
RAW_BYTES = [b"\x1b", b"\x07", b"\xc2\x9b", b"\xe2\x80\xae", b"\r"]


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + repr(detail)[:1500]), flush=True)


def raw_controls(data):
    return [b for b in RAW_BYTES if b in data]


class Hostile(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, obj):
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path.endswith("/showextseries"):
            self.answer({"seriesList": [{"hmi.evil" + HOSTILE: {"description": "desc " + HOSTILE}}]})
        elif url.path.endswith("/jsoc_info") and q.get("op") == "rs_summary":
            self.answer({"status": 1, "error": "no such series " + HOSTILE})
        elif url.path.endswith("/jsoc_info") and q.get("op") == "rs_list":
            self.answer({"keywords": [{"name": "T_REC", "values": ["2014.01.01_TAI" + HOSTILE]}],
                         "count": 1, "runtime": 0.01, "status": 0})
        elif url.path.endswith("/jsoc_info") and q.get("op") == "series_struct":
            self.answer({"status": 4, "error": "bad series " + HOSTILE})
        else:
            self.answer({"status": 4, "error": "unknown request " + HOSTILE})


def fits_with_hostile_card(path):
    cards = ["SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0",
             "OBJECT  = '" + "\x1b[2J\x1b]0;t\x07 sun" + "'", "HISTORY \x1b[31mred\x1b[0m history", "END"]
    block = b"".join(c.encode("latin-1").ljust(80, b" ") for c in cards)
    with open(path, "wb") as f:
        f.write(block.ljust(2880, b" "))


def run(cli, *args):
    p = subprocess.run([cli] + list(args), capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def run_on_tty(cli, *args):
    """Runs with stdout on a pseudo-terminal (as a user sees it); returns what the terminal got."""
    master, slave = pty.openpty()
    p = subprocess.Popen([cli] + list(args), stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    got = b""
    while True:
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    p.wait(timeout=30)
    os.close(master)
    return p.returncode, got.replace(b"\r\n", b"\n"), p.stderr.read()


def start_sim(sim, *extra):
    registry = ["--register", "cli-test@example.com"]  # JSOC knows only registered addresses
    proc = subprocess.Popen([sim, "--host", "127.0.0.1", "--port", "0"] + registry + list(extra), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit("jsoc-sim did not start: %r" % line)
    return proc, line[len("listening on "):]


def isolated_env(tmp):
    env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, "data"), XDG_CONFIG_HOME=os.path.join(tmp, "config"))
    env.pop("JSOC_SERVER", None)
    return env


def export_with_stderr_on_tty(cli, args, env):
    """Runs with stderr on a pseudo-terminal (where the progress line goes); returns the raw bytes
    the terminal got (the pty's own \n -> \r\n undone), stdout and the exit code."""
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


def check_progress_line(sim, cli):
    # Each file takes 1.5 s to start, so the 1-second progress tick is drawn while files download.
    proc, url = start_sim(sim, "--export-queued-ms", "100", "--export-processing-ms", "100",
                          "--fault", "latency:1500:1:/SUM")
    erase = b"\r\x1b[K"
    try:
        with tempfile.TemporaryDirectory(prefix="jsoc-cli-progress-") as tmp:
            env = isolated_env(tmp)
            args = ["--server", url, "export", "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]", "--email", "cli-test@example.com",
                    "--out", os.path.join(tmp, "out"), "--method", "url", "--protocol", "fits", "--poll-ms", "100"]
            rc, tty, out = export_with_stderr_on_tty(cli, args, env)
            check("progress: the export on a terminal exits 0 with its files", rc == 0 and len(out.splitlines()) == 3,
                  (rc, out, tty[-1500:]))
            ticks = [i for i in range(len(tty)) if tty.startswith(b"downloading:", i)]
            check("progress: a downloading: line is drawn on the terminal", ticks, tty[-1500:])
            check("progress: each draw starts with CR and erase-to-end-of-line",
                  ticks and all(tty[:i].endswith(erase) for i in ticks), tty[-1500:])
            # From each draw to the next erase: no newline, so ticks never scroll and an ordinary
            # line (done NAME, the summary) is printed only after the progress line is erased.
            unerased = [tty[i:tty.find(erase, i)] for i in ticks if tty.find(erase, i) < 0
                        or b"\n" in tty[i:tty.find(erase, i)]]
            check("progress: no newline per tick, erased before ordinary lines", ticks and not unerased, unerased[:3])
            check("progress: the ordinary lines are there too", b"3 of 3 files complete." in tty, tty[-800:])
            check("progress: nothing of it left on the last line", tty.endswith(b"\n"), tty[-200:])

            # The same kind of export with stderr into a pipe (another record set, another folder).
            piped = ["--server", url, "export", "hmi.M_45s[2012.01.01_01:00:00_TAI/2m]", "--email",
                     "cli-test@example.com", "--out", os.path.join(tmp, "piped"), "--method", "url", "--protocol",
                     "fits", "--poll-ms", "100"]
            p = subprocess.run([cli] + piped, capture_output=True, timeout=120, env=env)
            check("progress: into a pipe the export exits 0 with its files",
                  p.returncode == 0 and len(p.stdout.splitlines()) == 3, p.stderr[-1500:])
            check("progress: into a pipe no downloading: line and no terminal control at all",
                  p.returncode == 0 and b"downloading:" not in p.stderr and b"\x1b" not in p.stderr
                  and b"\r" not in p.stderr, p.stderr[-1500:])
    finally:
        proc.kill()
        proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    # `jsoc-cli series` keeps the whole list (here the hostile one) as the offline catalogue: in a
    # folder of this run's, never the user's cache.
    cache = tempfile.TemporaryDirectory(prefix="jsoc-cli-test-cache-")
    os.environ["XDG_CACHE_HOME"] = cache.name

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d" % server.server_address[1]

    try:
        rc, out, err = run(a.cli, "--server", url, "count", "hmi.m_45s[$]")
        check("count: JSOC's hostile error text is reported (non-zero exit)", rc != 0 and b"no such series" in err, err)
        check("count: no raw control bytes on stderr", not raw_controls(err), err)
        check("count: control bytes shown as visible escapes", b"\\x1b[2J" in err, err)

        rc, out, err = run(a.cli, "--server", url, "info", "hmi.m_45s")
        check("info: error reported, no raw control bytes", rc != 0 and not raw_controls(err) and b"bad series" in err, err)

        rc, out, err = run(a.cli, "--server", url, "series")
        check("series: the hostile name is listed", rc == 0 and b"hmi.evil" in out, (rc, out, err))
        check("series: no raw control bytes on stdout", not raw_controls(out), out)
        check("series: the description text around the escapes survives", b"desc \\x1b[2J" in out, out)

        rc, tty, err = run_on_tty(a.cli, "--server", url, "series")
        check("series on a terminal: no raw control bytes", rc == 0 and not raw_controls(tty), tty)

        query = ["--server", url, "query", "hmi.m_45s[2014.01.01_TAI]", "--keys", "T_REC", "--limit", "1"]
        rc, tty, err = run_on_tty(a.cli, *query)
        check("query on a terminal: the value is shown", rc == 0 and b"2014.01.01_TAI" in tty, (rc, tty, err))
        check("query on a terminal: no raw control bytes", not raw_controls(tty), tty)
        rc, out, err = run(a.cli, *query)
        # Piped or redirected, rows are data: they stay exactly as JSOC sent them (CSV-quoted).
        check("query into a pipe: the value is kept byte for byte", rc == 0 and b"\x1b[2J" in out, (rc, out, err))

        with tempfile.TemporaryDirectory(prefix="jsoc-cli-terminal-") as tmp:
            path = os.path.join(tmp, "hostile.fits")
            fits_with_hostile_card(path)
            rc, out, err = run(a.cli, "header", path)
            check("header: prints the cards", rc == 0 and b"OBJECT" in out and b"HISTORY" in out, (rc, out, err))
            check("header: no raw control bytes", not raw_controls(out) and not raw_controls(err), out)
    finally:
        server.shutdown()
    check_progress_line(a.sim, a.cli)

    failed = results.count(False)
    print("%d passed, %d failed" % (results.count(True), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
