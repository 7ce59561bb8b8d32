#!/usr/bin/python3
"""jsoc-cli export against jsoc-sim over loopback: submit, wait, download; kill -9 recovery.

Every downloaded file is compared (SHA-256) with the bytes the simulator serves for the URL that
its own exp_status reply names, fetched here with urllib, never through jsoc-cli. The export
queue database lives in a temporary XDG_DATA_HOME, so runs are isolated.
"""
import argparse
import glob
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

results = []
EMAIL = "cli-test@example.com"


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[:2000]), flush=True)


def start_sim(sim, *extra):
    proc = subprocess.Popen([sim, "--host", "127.0.0.1", "--port", "0"] + list(extra), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit("jsoc-sim did not start: %r" % line)
    return proc, line[len("listening on "):]


class Env:
    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="jsoc-cli-export-")
        self.env = dict(os.environ)
        self.env["HOME"] = self.tmp.name
        self.env["XDG_DATA_HOME"] = os.path.join(self.tmp.name, "data")
        self.env["XDG_CONFIG_HOME"] = os.path.join(self.tmp.name, "config")
        self.env.pop("JSOC_SERVER", None)

    def db(self):
        found = glob.glob(os.path.join(self.env["XDG_DATA_HOME"], "**", "exports.sqlite"), recursive=True)
        return found[0] if found else None

    def rows(self, sql):
        path = self.db()
        if not path:
            return []
        con = sqlite3.connect(path, timeout=10)
        try:
            return con.execute(sql).fetchall()
        except sqlite3.OperationalError:  # the CLI has not created its tables yet
            return []
        finally:
            con.close()


def cli_args(cli, url, ds, out, *extra):
    return [cli, "--server", url, "export", ds, "--email", EMAIL, "--out", out, "--poll-ms", "100"] + list(extra)


def run(env, args, timeout=180):
    p = subprocess.run(args, capture_output=True, timeout=timeout, env=env.env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def fetch(url, attempts=30):
    last = None
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=3) as r:
                return r.read()
        except Exception as e:  # stalled or dropped by an injected fault: fetch again
            last = e
    raise RuntimeError("cannot fetch %s: %s" % (url, last))


def server_hashes(url, request_id):
    """name -> sha256 of what the simulator serves for the files of `request_id`."""
    q = urllib.parse.urlencode({"op": "exp_status", "requestid": request_id})
    status = json.loads(fetch(url + "/cgi-bin/ajax/jsoc_fetch?" + q).decode("latin-1"))
    if str(status.get("status")) != "0":
        raise RuntimeError("export not complete: %r" % status)
    if status.get("tarfile"):
        paths = [status["tarfile"]]
    else:
        paths = [status["dir"] + "/" + d["filename"] for d in status["data"] if d["filename"] != "NoDataFile"]
    return {os.path.basename(p): hashlib.sha256(fetch(url + p)).hexdigest() for p in paths}


def local_hashes(paths):
    out = {}
    for p in paths:
        with open(p, "rb") as f:
            out[os.path.basename(p)] = hashlib.sha256(f.read()).hexdigest()
    return out


def wait_until(predicate, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)  # polling another process's files; nothing to wait on directly
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    for test in (test_basic, test_kill_during_polling, test_kill_during_download, test_failures):
        try:
            test(a.sim, a.cli)
        except Exception as e:  # a crashed test is a failed test, the others still run
            check(test.__name__ + " raised", False, repr(e))
    passed = sum(1 for r in results if r)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) and results else 1


def test_basic(sim, cli):
    proc, url = start_sim(sim, "--export-queued-ms", "300", "--export-processing-ms", "300")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/3m]", out,
                                               "--method", "url", "--protocol", "fits"))
        paths = stdout.splitlines()
        check("export url/fits exits 0", rc == 0, stderr)
        check("one stdout line per file, all inside --out", len(paths) == 4 and all(
            os.path.dirname(p) == os.path.realpath(out) or os.path.dirname(p) == out for p in paths), stdout)
        check("no .part files left", not glob.glob(os.path.join(out, "*.part")), os.listdir(out) if os.path.isdir(out) else "")
        rid = env.rows("SELECT request_id FROM exports")[0][0]
        check("request id stored in the queue database", rid.startswith("JSOC_"), rid)
        check("files byte-identical to the server's (SHA-256)", local_hashes(paths) == server_hashes(url, rid))
        check("progress and status in words on stderr", "Queued at JSOC" in stderr or "queued" in stderr.lower(), stderr)

        # Running the same command again: nothing is fetched again, the paths are printed.
        rc2, stdout2, stderr2 = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/3m]", out,
                                                  "--method", "url", "--protocol", "fits"))
        check("re-run of a finished export exits 0 with the same paths", rc2 == 0 and sorted(stdout2.splitlines()) == sorted(paths),
              stdout2 + stderr2)
        check("re-run submits nothing new", len(env.rows("SELECT id FROM exports")) == 1)

        # url-tar: one tar file.
        out_tar = os.path.join(env.tmp.name, "tar")
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_01:00:00_TAI/2m]", out_tar,
                                               "--method", "url-tar", "--protocol", "fits"))
        paths = stdout.splitlines()
        check("url-tar exits 0 with one .tar file", rc == 0 and len(paths) == 1 and paths[0].endswith(".tar"), stdout + stderr)
        if rc == 0 and paths:
            rid = env.rows("SELECT request_id FROM exports ORDER BY id DESC LIMIT 1")[0][0]
            check("tar byte-identical to the server's", local_hashes(paths) == server_hashes(url, rid))

        # Default url_quick / as-is: the quick path (status 0 at once, no request id).
        out_q = os.path.join(env.tmp.name, "quick")
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_02:00:00_TAI/2m]", out_q, "--connections", "2"))
        check("quick export exits 0 with files", rc == 0 and len(stdout.splitlines()) == 3, stdout + stderr)
    finally:
        proc.kill()
        proc.wait()


def test_kill_during_polling(sim, cli):
    proc, url = start_sim(sim, "--export-queued-ms", "2500", "--export-processing-ms", "500")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        args = cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]", out, "--method", "url", "--protocol", "fits")
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env)
        rid = wait_until(lambda: env.db() and [r[0] for r in env.rows(
            "SELECT request_id FROM exports WHERE state='pending' AND request_id != ''")])
        os.kill(p.pid, signal.SIGKILL)
        p.communicate()
        check("killed while pending: request id is in the database", bool(rid), rid)
        rc, stdout, stderr = run(env, args)
        rows = env.rows("SELECT request_id, state FROM exports")
        check("restart exits 0", rc == 0, stderr)
        check("restart resumed the same request, nothing submitted twice",
              rid and len(rows) == 1 and rows[0][0] == rid[0] and "Resuming export" in stderr, (rows, stderr))
        paths = stdout.splitlines()
        check("restart downloaded every file, byte-identical",
              rid and len(paths) == 3 and local_hashes(paths) == server_hashes(url, rid[0]), stdout)
    finally:
        proc.kill()
        proc.wait()


def test_kill_during_download(sim, cli):
    # Half of all file requests stall after 20000 body bytes (seeded): the CLI gives up on a
    # stalled transfer after --timeout 1 s and resumes it with a Range request.
    proc, url = start_sim(sim, "--export-queued-ms", "100", "--export-processing-ms", "100",
                          "--fault", "stall:20000:0.5:/SUM", "--seed", "7")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        args = cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/4m]", out, "--method", "url", "--protocol", "fits",
                        "--timeout", "1")
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env)
        part = wait_until(lambda: [f for f in glob.glob(os.path.join(out, "*.part")) if os.path.getsize(f) >= 20000])
        os.kill(p.pid, signal.SIGKILL)
        p.communicate()
        check("killed mid-download with a partial file", bool(part), os.listdir(out) if os.path.isdir(out) else "")
        if part:
            final = part[0][:-len(".part")]
            check("no half file under the final name", not os.path.exists(final), final)
        downloads = env.rows("SELECT state FROM downloads")
        rid = env.rows("SELECT request_id FROM exports")
        expected = server_hashes(url, rid[0][0]) if rid else {}
        check("download rows persisted before the kill", expected and len(downloads) == len(expected), downloads)
        rc, stdout, stderr = run(env, args)
        paths = stdout.splitlines()
        check("restart after kill exits 0", rc == 0, stderr[-1500:])
        check("restart: one export, every file complete and byte-identical",
              len(rid) == 1 and len(paths) == len(expected) and local_hashes(paths) == expected,
              (rid, stdout))
        check("restart: no .part left", not glob.glob(os.path.join(out, "*.part")))
        states = [r[0] for r in env.rows("SELECT state FROM downloads")]
        check("every download row done", states == ["done"] * len(expected), states)
    finally:
        proc.kill()
        proc.wait()


def test_failures(sim, cli):
    proc, url = start_sim(sim, "--export-queued-ms", "100", "--export-processing-ms", "100")
    env = Env()
    try:
        # A "folder" below a regular file cannot be created even by root.
        blocker = os.path.join(env.tmp.name, "plainfile")
        open(blocker, "w").close()
        bad_out = os.path.join(blocker, "sub")
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/1m]", bad_out,
                                               "--method", "url", "--protocol", "fits"))
        check("unwritable folder: exit 1, message, no stdout", rc == 1 and stdout == "" and "download folder" in stderr, stderr)
        rc, stdout, stderr = run(env, [cli, "--server", url, "export", "hmi.M_45s[2012.01.01_00:00:00_TAI/1m]",
                                       "--email", "unknown@example.com", "--out", os.path.join(env.tmp.name, "o2"),
                                       "--method", "url", "--protocol", "fits", "--poll-ms", "100"])
        check("unregistered e-mail: exit 1 with JSOC's reason", rc == 1 and "status 4" in stderr, stderr)
        rc, stdout, stderr = run(env, [cli, "--server", url, "export", "hmi.M_45s[$]"])
        check("missing --email: usage error 2", rc == 2 and "--email" in stderr, stderr)
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/1h", os.path.join(env.tmp.name, "o3"),
                                               "--method", "url", "--protocol", "fits"))
        check("bad record set: exit 1", rc == 1 and "status 4" in stderr, stderr)
    finally:
        proc.kill()
        proc.wait()


if __name__ == "__main__":
    sys.exit(main())
