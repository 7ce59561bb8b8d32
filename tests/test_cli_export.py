#!/usr/bin/python3
"""jsoc-cli export against jsoc-sim over loopback: submit, wait, download; kill -9 recovery.

Every downloaded file is compared (SHA-256) with the bytes the simulator serves for the URL that
its own exp_status reply names, fetched here with urllib, never through jsoc-cli. The export
queue database lives in a temporary XDG_DATA_HOME, so runs are isolated.
"""
import argparse
import concurrent.futures
import glob
import hashlib
import io
import tarfile
import http.server
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

results = []
EMAIL = "cli-test@example.com"


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[:2000]), flush=True)


def start_sim(sim, *extra):
    registry = ["--register", EMAIL, "--register", "probe@example.com"]  # JSOC knows only registered addresses
    proc = subprocess.Popen([sim, "--host", "127.0.0.1", "--port", "0"] + registry + list(extra), stdout=subprocess.PIPE,
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


def fetch(url, attempts=30, timeout=3):
    last = None
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:
                return r.read()
        except Exception as e:  # stalled or dropped by an injected fault: fetch again
            last = e
    raise RuntimeError("cannot fetch %s: %s" % (url, last))


def server_hashes(url, request_id, timeout=3):
    """name -> sha256 of what the simulator serves for the files of `request_id`."""
    q = urllib.parse.urlencode({"op": "exp_status", "requestid": request_id})
    status = json.loads(fetch(url + "/cgi-bin/ajax/jsoc_fetch?" + q, timeout=timeout).decode("latin-1"))
    if str(status.get("status")) != "0":
        raise RuntimeError("export not complete: %r" % status)
    if status.get("tarfile"):
        paths = [status["tarfile"]]
    else:
        paths = [status["dir"] + "/" + d["filename"] for d in status["data"] if d["filename"] != "NoDataFile"]
    # All at once: a file held back by an injected latency or stall then costs its wait once, not
    # once per file in turn.
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(paths))) as pool:
        digests = pool.map(lambda p: hashlib.sha256(fetch(url + p, timeout=timeout)).hexdigest(), paths)
        return {os.path.basename(p): d for p, d in zip(paths, digests)}


def server_tar_members(url, request_id, timeout=3):
    """name -> sha256 of the data members of the tar the simulator serves for `request_id` (its
    packing lists, which the unpacker reads but does not write, left out)."""
    q = urllib.parse.urlencode({"op": "exp_status", "requestid": request_id})
    status = json.loads(fetch(url + "/cgi-bin/ajax/jsoc_fetch?" + q, timeout=timeout).decode("latin-1"))
    data = fetch(url + status["tarfile"], timeout=timeout)
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for m in tar.getmembers():
            name = os.path.basename(m.name)
            if m.isfile() and name not in ("index.json", "index.txt", "index.html"):
                out[name] = hashlib.sha256(tar.extractfile(m).read()).hexdigest()
    return out


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
    ap.add_argument("--only", help="run just the test of this name (e.g. test_two_runs_one_folder)")
    ap.add_argument("--part", default="1/1",
                    help="K/N: run every Nth test starting with the Kth, so ctest can run the parts side by side "
                         "(the tests mostly wait on the simulator's scripted delays)")
    a = ap.parse_args()
    part, parts = (int(x) for x in a.part.split("/"))
    tests = (test_basic, test_kill_during_polling, test_kill_during_download, test_failures,
             test_folder_checked_before_submit, test_complete_without_usable_files, test_fewer_files_than_announced,
             test_status7_after_poll, test_garbled_status, test_download_failures_exit_codes,
             test_queue_database_full, test_download_folder_too_small, test_two_runs_one_folder,
             test_file_deadline_and_export_cap, test_refused_name_is_not_promised_a_resume,
             test_download_by_request_id, test_exports_list_cancel_remove, test_jsoc_reason_on_failure,
             test_process_and_stage_only, test_abandoned_export_blocks_then_cancelled,
             test_kill_while_request_is_sent, test_kill_after_done_before_downloads, test_stage_only_followed_again)
    for index, test in enumerate(tests):
        if a.only and test.__name__ != a.only:
            continue
        if not a.only and index % parts != part - 1:
            continue
        try:
            test(a.sim, a.cli)
        except Exception as e:  # a crashed test is a failed test, the others still run
            check(test.__name__ + " raised", False, repr(e))
    passed = sum(1 for r in results if r)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) and results else 1


def size_said_matches(stderr, path):
    """The "done NAME (SIZE)" line of a file names its size on disk, to the one decimal shown."""
    m = re.search(r"^done " + re.escape(os.path.basename(path)) + r" \((\d+) bytes?\)$|^done "
                  + re.escape(os.path.basename(path)) + r" \((\d+\.\d) (kB|MB|GB)\)$", stderr, re.M)
    if not m:
        return False
    size = os.path.getsize(path)
    if m.group(1):
        return int(m.group(1)) == size
    unit = {"kB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3}[m.group(3)]
    return abs(float(m.group(2)) * unit - size) <= 0.05 * unit


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
        check("each file's size said in powers of 1000 (kB, MB), as JSOC states sizes",
              all(size_said_matches(stderr, p) for p in paths), stderr[-1500:])

        # Running the same command again: nothing is fetched again, the paths are printed.
        rc2, stdout2, stderr2 = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/3m]", out,
                                                  "--method", "url", "--protocol", "fits"))
        check("re-run of a finished export exits 0 with the same paths", rc2 == 0 and sorted(stdout2.splitlines()) == sorted(paths),
              stdout2 + stderr2)
        check("re-run submits nothing new", len(env.rows("SELECT id FROM exports")) == 1)

        # url-tar: one tar, unpacked safely into the folder; the members are what stdout lists.
        out_tar = os.path.join(env.tmp.name, "tar")
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_01:00:00_TAI/2m]", out_tar,
                                               "--method", "url-tar", "--protocol", "fits"))
        paths = stdout.splitlines()
        check("url-tar exits 0 listing the unpacked files, the tar deleted",
              rc == 0 and len(paths) >= 2 and not any(p.endswith(".tar") for p in paths)
              and not any(f.endswith(".tar") for f in os.listdir(out_tar)), stdout + stderr)
        if rc == 0 and paths:
            rid = env.rows("SELECT request_id FROM exports ORDER BY id DESC LIMIT 1")[0][0]
            members = server_tar_members(url, rid)
            check("every data member of the server's tar unpacked byte-identical, nothing else",
                  local_hashes(paths) == members and sorted(os.listdir(out_tar)) == sorted(members),
                  (sorted(local_hashes(paths)), sorted(members), sorted(os.listdir(out_tar))))
            rc3, stdout3, stderr3 = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.01_01:00:00_TAI/2m]", out_tar,
                                                      "--method", "url-tar", "--protocol", "fits"))
            check("url-tar re-run: exit 0, the tar neither fetched nor unpacked again",
                  rc3 == 0 and not any(f.endswith(".tar") for f in os.listdir(out_tar))
                  and "Unpacked" in stderr3, stdout3 + stderr3)

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
        # Refused here, by the same checks as the GUI's dialog, before anything reaches JSOC.
        check("bad record set: exit 1, refused in words before sending", rc == 1 and "cannot be read" in stderr
              and "Nothing was sent to JSOC" in stderr, stderr)
    finally:
        proc.kill()
        proc.wait()


class StubJsoc:
    """A loopback JSOC whose every answer the test writes: `routes` maps "exp_request",
    "exp_status" or a file path to (status, content type, body); every request is recorded."""

    def __init__(self, routes):
        self.routes = routes
        self.seen = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                parsed = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(parsed.query)
                key = query.get("op", [parsed.path])[0] if parsed.path.endswith("jsoc_fetch") else parsed.path
                stub.seen.append(key)
                route = stub.routes.get(key, (404, "text/plain", b"not here\n"))
                if callable(route):  # writes its own answer (drips, endless bodies)
                    try:
                        route(self)
                    except OSError:
                        pass  # the client hung up
                    return
                code, ctype, body = route
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def json_route(obj):
    return (200, "application/json", (json.dumps(obj) + "\n").encode())


def stub_export(env, stub, out, *extra):
    return run(env, [CLI[0], "--server", stub.url, "export", "x.y[1]", "--email", EMAIL, "--out", out,
                     "--method", "url", "--protocol", "fits", "--poll-ms", "100"] + list(extra), timeout=120)


CLI = [None]
PENDING = {"status": 2, "requestid": "JSOC_20260101_021", "method": "url", "protocol": "fits", "wait": 0, "rcount": 3,
           "size": 1}


def test_folder_checked_before_submit(sim, cli):
    CLI[0] = cli
    stub = StubJsoc({"exp_request": json_route(PENDING)})
    env = Env()
    try:
        blocker = os.path.join(env.tmp.name, "plainfile")
        open(blocker, "w").close()
        rc, stdout, stderr = stub_export(env, stub, os.path.join(blocker, "sub"))
        check("folder below a file: exit 1 in words", rc == 1 and "is a file, not a folder" in stderr, stderr)
        rc2, _, stderr2 = stub_export(env, stub, blocker)
        check("--out names a file: exit 1 in words", rc2 == 1 and "is a file, not a folder" in stderr2, stderr2)
        check("nothing was sent to JSOC for a bad folder", stub.seen == [] and "Nothing was sent to JSOC" in stderr,
              (stub.seen, stderr))
        check("nothing queued for a bad folder", env.rows("SELECT id FROM exports") == [])
    finally:
        stub.close()


def test_complete_without_usable_files(sim, cli):
    CLI[0] = cli
    done = {"status": "0", "requestid": "JSOC_20260101_022", "method": "url", "protocol": "fits", "count": "3",
            "dir": "/SUM1/D2/S00000", "data": [{"record": "r%d" % i, "filename": "NoDataFile"} for i in range(3)]}
    stub = StubJsoc({"exp_request": json_route(done)})
    env = Env()
    try:
        rc, stdout, stderr = stub_export(env, stub, os.path.join(env.tmp.name, "out"))
        check("status 0 with 3 x NoDataFile: exit 1", rc == 1, stderr)
        check("says what JSOC listed",
              "JSOC announced 3 files but listed 0 usable ones (3 \u00d7 NoDataFile: offline or no data)" in stderr, stderr)
        check("never '0 of 0 files complete'", "0 of 0" not in stderr and stdout == "", stderr)
    finally:
        stub.close()


def test_fewer_files_than_announced(sim, cli):
    CLI[0] = cli
    done = {"status": "0", "requestid": "JSOC_20260101_023", "method": "url", "protocol": "fits", "count": "3",
            "dir": "/SUM1/D2/S00000",
            "data": [{"record": "r1", "filename": "a.txt"}, {"record": "r2", "filename": "NoDataFile"},
                     {"record": "r3", "filename": "c.txt"}]}
    stub = StubJsoc({"exp_request": json_route(done),
                     "/SUM1/D2/S00000/a.txt": (200, "text/plain", b"alpha\n"),
                     "/SUM1/D2/S00000/c.txt": (200, "text/plain", b"gamma\n")})
    env = Env()
    try:
        rc, stdout, stderr = stub_export(env, stub, os.path.join(env.tmp.name, "out"))
        check("2 of 3 announced files: both usable ones downloaded", len(stdout.splitlines()) == 2, stdout + stderr)
        check("2 of 3 announced files: exit 1", rc == 1, stderr)
        check("says JSOC listed fewer files", "JSOC announced 3 files but listed 2 usable ones" in stderr, stderr)
        check("the summary is printed once", stderr.count("files complete") == 1, stderr)
    finally:
        stub.close()


def test_refused_name_is_not_promised_a_resume(sim, cli):
    CLI[0] = cli
    done = {"status": "0", "requestid": "JSOC_20260101_024", "method": "url", "protocol": "fits", "count": "2",
            "dir": "/SUM1/D2/S00000",
            "data": [{"record": "r1", "filename": "a.txt"}, {"record": "r2", "filename": "../../escape.txt"}]}
    stub = StubJsoc({"exp_request": json_route(done),
                     "/SUM1/D2/S00000/a.txt": (200, "text/plain", b"alpha\n")})
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        rc, stdout, stderr = stub_export(env, stub, out)
        check("refused server name: exit 1, the good file downloaded", rc == 1 and len(stdout.splitlines()) == 1,
              stdout + stderr)
        check("refused server name: said in words", "Refused the server file name" in stderr, stderr)
        check("refused server name: no promise that running again helps",
              "1 of 2 files complete; the reasons are above." in stderr and "run the same command again" not in stderr,
              stderr)
        check("nothing written outside the folder", not os.path.exists(os.path.join(env.tmp.name, "escape.txt")))
    finally:
        stub.close()


def test_status7_after_poll(sim, cli):
    CLI[0] = cli
    stub = StubJsoc({"exp_request": json_route(PENDING),
                     "exp_status": json_route({"status": 7, "requestid": PENDING["requestid"],
                                               "error": "Too many pending requests for this user"})})
    env = Env()
    try:
        rc, stdout, stderr = stub_export(env, stub, os.path.join(env.tmp.name, "out"))
        check("status 7 from exp_status: exit 1", rc == 1, stderr)
        check("status 7 from exp_status is a refusal, not 'waits in our queue'",
              "waits in our queue" not in stderr and "Nothing to do" not in stderr.split("status 7")[-1], stderr)
        check("JSOC's own words reach stderr", "Too many pending requests for this user" in stderr, stderr)
    finally:
        stub.close()


def test_garbled_status(sim, cli):
    CLI[0] = cli
    stub = StubJsoc({"exp_request": json_route(PENDING),
                     "exp_status": (200, "application/json", b'{"status": "garbled-beyond-repair\\n')})
    env = Env()
    try:
        rc, stdout, stderr = stub_export(env, stub, os.path.join(env.tmp.name, "out"))
        last = stderr.strip().splitlines()[-3:] if stderr.strip() else []
        check("garbled exp_status: exit 1 (JSOC answered)", rc == 1, stderr[-1500:])
        check("garbled exp_status is not 'could not be reached'",
              "could not be reached" not in stderr and "its answer could not be read" in stderr, stderr[-1500:])
        check("garbled exp_status quotes what JSOC sent", "garbled" in "\n".join(last), last)
        check("no GUI advice in CLI output", "Use Retry" not in stderr and "Use Re-export" not in stderr, stderr[-1500:])
        check("CLI advice names the request to follow", "Run the same command again" in stderr, last)
        # JSOC answers properly again: the same command follows the same request, sends nothing new.
        stub.routes["exp_status"] = json_route({
            "status": "0", "requestid": PENDING["requestid"], "method": "url", "protocol": "fits", "count": "1",
            "dir": "/SUM1/D2/S00000", "data": [{"record": "r1", "filename": "a.txt"}]})
        stub.routes["/SUM1/D2/S00000/a.txt"] = (200, "text/plain", b"alpha\n")
        rc2, stdout2, stderr2 = stub_export(env, stub, os.path.join(env.tmp.name, "out"))
        check("re-run after the failure follows the same request id to the end",
              rc2 == 0 and len(stdout2.splitlines()) == 1 and stub.seen.count("exp_request") == 1, (stub.seen, stderr2[-800:]))
    finally:
        stub.close()


def test_download_failures_exit_codes(sim, cli):
    CLI[0] = cli
    done = {"status": "0", "requestid": "JSOC_20260101_024", "method": "url", "protocol": "fits", "count": "1",
            "dir": "/SUM1/D2/S00000", "data": [{"record": "r1", "filename": "gone.txt"}]}
    stub = StubJsoc({"exp_request": json_route(done)})  # the file itself answers 404
    env = Env()
    try:
        rc, stdout, stderr = stub_export(env, stub, os.path.join(env.tmp.name, "out"), "--timeout", "2")
        check("file server refuses the file (HTTP 404): exit 3", rc == 3, stderr[-1500:])
        check("says the file is not complete", "not complete: gone.txt" in stderr, stderr[-1500:])
    finally:
        stub.close()


def drip_route(total, chunk, interval_s):
    """A file of `total` bytes announced honestly, sent `chunk` bytes every `interval_s`."""
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(total))
        handler.end_headers()
        sent = 0
        while sent < total:
            handler.wfile.write(b"d" * chunk)
            handler.wfile.flush()
            sent += chunk
            time.sleep(interval_s)  # the drip itself, not synchronisation
    return answer


def endless_route(handler):
    """No Content-Length, a body that never ends (HTTP/1.0: it would end when the server closes)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/octet-stream")
    handler.end_headers()
    block = b"z" * 65536
    while True:
        handler.wfile.write(block)


def test_file_deadline_and_export_cap(sim, cli):
    """Issue 11: a file that drips fast enough for the minimum speed still ends at --file-deadline;
    a body without end stops at what the export's announced size can hold."""
    CLI[0] = cli
    done = {"status": "0", "requestid": "JSOC_20260101_025", "method": "url", "protocol": "fits", "count": "1",
            "size": "1", "dir": "/SUM1/D2/S00000", "data": [{"record": "r1", "filename": "drip.txt"}]}
    stub = StubJsoc({"exp_request": json_route(done),
                     "/SUM1/D2/S00000/drip.txt": drip_route(10 * 1000 * 1000, 20000, 0.1)})
    env = Env()
    try:
        start = time.monotonic()
        rc, stdout, stderr = stub_export(env, stub, os.path.join(env.tmp.name, "out"), "--file-deadline", "2")
        took = time.monotonic() - start
        check("--file-deadline: a dripping file fails with exit 3", rc == 3, (rc, stderr[-1500:]))
        check("--file-deadline: says so in words", "per-file deadline" in stderr, stderr[-1500:])
        check("--file-deadline: ends soon after the deadline, not after the drip (500 s)", took < 30, took)
        rc, _, stderr = run(env, [cli, "--server", stub.url, "export", "x.y[1]", "--file-deadline", "0"])
        check("--file-deadline 0: usage error", rc == 2 and "--file-deadline" in stderr, stderr)
        rc, _, stderr = run(env, [cli, "export", "--help"])
        check("usage names --file-deadline", "--file-deadline SECONDS" in stderr + _, stderr)
    finally:
        stub.close()

    done = dict(done, requestid="JSOC_20260101_026", data=[{"record": "r1", "filename": "endless.txt"}])
    stub = StubJsoc({"exp_request": json_route(done), "/SUM1/D2/S00000/endless.txt": endless_route})
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        rc, stdout, stderr = stub_export(env, stub, out)
        check("endless body: not exit 0", rc != 0, (rc, stderr[-1500:]))
        check("endless body: stopped at what the 1 MB export can hold, in words",
              "more than what this export's 1 MB can hold" in stderr, stderr[-1500:])
        left = os.listdir(out) if os.path.isdir(out) else []
        check("endless body: nothing kept", all(os.path.getsize(os.path.join(out, f)) == 0 for f in left)
              and "endless.txt" not in left, left)
    finally:
        stub.close()


def test_queue_database_full(sim, cli):
    """The export queue on a full disk while a request is pending: exit 1 in words, request id named."""
    if os.getuid() != 0:
        print("SKIP test_queue_database_full: needs root to mount a small tmpfs")
        return
    proc, url = start_sim(sim, "--export-queued-ms", "3000", "--export-processing-ms", "500")
    env = Env()
    data = env.env["XDG_DATA_HOME"]
    os.makedirs(data)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", data], capture_output=True).returncode != 0:
        print("SKIP test_queue_database_full: cannot mount a tmpfs")
        proc.kill()
        proc.wait()
        return
    try:
        out = os.path.join(env.tmp.name, "out")
        args = cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]", out, "--method", "url", "--protocol", "fits")
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env)
        rid = wait_until(lambda: env.db() and [r[0] for r in env.rows(
            "SELECT request_id FROM exports WHERE state='pending' AND request_id != ''")])
        try:
            with open(os.path.join(data, "filler"), "wb") as f:
                while True:
                    f.write(b"x" * 4096)
                    f.flush()
        except OSError:
            pass
        try:
            stdout, stderr = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            stdout, stderr = p.communicate()
            check("full queue database: jsoc-cli stops instead of waiting forever", False, stderr.decode()[-1500:])
            return
        stderr = stderr.decode("utf-8", "replace")
        check("full queue database: exit 1", p.returncode == 1, (p.returncode, stderr[-1500:]))
        check("full queue database: says so in words",
              "Cannot write the export queue" in stderr and "database or disk is full" in stderr, stderr[-1500:])
        check("full queue database: names the request id, nothing lost",
              bool(rid) and rid[0] in stderr.split("Cannot write")[-1] and "Nothing was lost" in stderr, (rid, stderr[-1500:]))
    finally:
        subprocess.run(["umount", "-l", data])
        proc.kill()
        proc.wait()


def test_download_folder_too_small(sim, cli):
    """JSOC says 50 MB, the folder has 512 KB: stop before downloading, request id named."""
    CLI[0] = cli
    if os.getuid() != 0:
        print("SKIP test_download_folder_too_small: needs root to mount a small tmpfs")
        return
    big = dict(PENDING, size=50, requestid="JSOC_20260101_025")
    stub = StubJsoc({"exp_request": json_route(big), "exp_status": json_route(big)})
    env = Env()
    out = os.path.join(env.tmp.name, "small")
    os.makedirs(out)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", out], capture_output=True).returncode != 0:
        print("SKIP test_download_folder_too_small: cannot mount a tmpfs")
        stub.close()
        return
    try:
        rc, stdout, stderr = stub_export(env, stub, out)
        check("too little room for JSOC's size: exit 1", rc == 1, stderr[-1500:])
        check("too little room: says so with the request id",
              "needs about 50" in stderr and "JSOC_20260101_025 is still pending" in stderr, stderr[-1500:])
    finally:
        subprocess.run(["umount", "-l", out])
        stub.close()


def test_two_runs_one_folder(sim, cli):
    # Issue 11, finding 1, with real processes: the same export run twice at once into one folder
    # (two terminals). Each file has one owner at a time; the second run waits for the first, says
    # so once per file, and neither destroys the other's files.
    proc, url = start_sim(sim, "--export-queued-ms", "100", "--export-processing-ms", "100",
                          "--fault", "latency:400:1:/SUM")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        args = cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/4m]", out, "--method", "url", "--protocol", "fits")
        first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env)

        # The overlap is forced, not hoped for (a loaded machine may start the second run late):
        # once the first run holds a file's lock the simulator is stopped, so the first run cannot
        # finish that file; the second starts and must wait for it; then the simulator goes on.
        def first_holds_a_lock():
            for lock in glob.glob(os.path.join(out, "*.part.lock")):
                try:
                    with open(lock, encoding="utf-8", errors="replace") as f:
                        if f.readline().strip() == str(first.pid):
                            return lock
                except OSError:
                    pass  # released meanwhile
            return None

        locked = wait_until(first_holds_a_lock)
        os.kill(proc.pid, signal.SIGSTOP)
        err2_path = os.path.join(env.tmp.name, "second.err")
        try:
            # Between two files the first run holds no lock for a moment: wait until it is stuck
            # holding one (its request cannot be answered now).
            held = wait_until(first_holds_a_lock, timeout=30) if locked and first.poll() is None else None
            with open(err2_path, "wb") as err2_file:
                second = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err2_file, env=env.env)
            overlapped = held and wait_until(
                lambda: "waiting: " in open(err2_path, encoding="utf-8", errors="replace").read(), timeout=60)
        finally:
            os.kill(proc.pid, signal.SIGCONT)
        out1, err1 = first.communicate(timeout=180)
        out2, _ = second.communicate(timeout=180)
        with open(err2_path, encoding="utf-8", errors="replace") as f:
            err2 = f.read()
        err1 = err1.decode("utf-8", "replace")
        check("two runs: the first was downloading when the second started, and the second waited for it",
              bool(overlapped), err2[-1500:])
        check("two runs: the first exits 0", first.returncode == 0, err1[-1500:])
        check("two runs: the second exits 0", second.returncode == 0, err2[-1500:])
        rid = env.rows("SELECT request_id FROM exports")
        expected = server_hashes(url, rid[0][0]) if len(rid) == 1 else {}
        check("two runs: one export in the queue", len(rid) == 1, rid)
        files = sorted(os.listdir(out)) if os.path.isdir(out) else []
        check("two runs: the folder holds exactly the export's files, nothing left behind",
              expected and files == sorted(expected), files)
        check("two runs: every file byte-identical to what the simulator serves",
              expected and local_hashes([os.path.join(out, f) for f in files]) == expected)
        for name, stdout in (("first", out1), ("second", out2)):
            paths = stdout.decode().splitlines()
            check("two runs: the %s lists every file" % name,
                  sorted(os.path.basename(p) for p in paths) == sorted(expected), paths)
        waits = [l for l in err2.splitlines() if l.startswith("waiting: ")]
        holder = "is being downloaded by jsoc-cli (pid %d on " % first.pid
        check("two runs: the second says it waits for the first, naming it",
              waits and all(holder in l and l.endswith("; will start when it finishes") for l in waits), err2[-1500:])
        named = [l.split(" ")[1] for l in waits]
        check("two runs: once per file", len(named) == len(set(named)), waits)
        check("two runs: waiting is not called a retry", "attempt 0" not in err1 + err2, err2[-1500:])
        states = [r[0] for r in env.rows("SELECT state FROM downloads")]
        check("two runs: every download row done", states == ["done"] * len(expected), states)
    finally:
        proc.kill()
        proc.wait()


def sim_request_raw(url, params, timeout=3):
    q = urllib.parse.urlencode(dict(params, op="exp_request"))
    return json.loads(fetch(url + "/cgi-bin/ajax/jsoc_fetch?" + q, timeout=timeout).decode("latin-1"))


def sim_request(url, ds, email=EMAIL, method="url", protocol="fits"):
    """An export made by another program: a plain HTTP GET of jsoc_fetch exp_request."""
    return sim_request_raw(url, {"ds": ds, "notify": email, "method": method, "protocol": protocol})


def sim_status(url, request_id):
    q = urllib.parse.urlencode({"op": "exp_status", "requestid": request_id})
    return json.loads(fetch(url + "/cgi-bin/ajax/jsoc_fetch?" + q).decode("latin-1"))


def id_number(request_id):
    return int(request_id.rsplit("_", 1)[1])


def ids_issued_since(url, request_id, timeout=3):
    """How many request ids the simulator issued from `request_id` on (itself included): the next
    id it gives a record set nobody asked for before is numbered one past the last one issued."""
    probe = sim_request_raw(url, {"ds": "hmi.M_45s[2013.06.01_00:00:00_TAI/1m]", "notify": "probe@example.com",
                                  "method": "url", "protocol": "fits"}, timeout=timeout)
    return id_number(probe["requestid"]) - id_number(request_id)


def test_download_by_request_id(sim, cli):
    proc, url = start_sim(sim, "--export-queued-ms", "300", "--export-processing-ms", "300")
    env = Env()
    try:
        made = sim_request(url, "hmi.M_45s[2012.01.01_00:00:00_TAI/3m]")
        rid = made.get("requestid", "")
        out = os.path.join(env.tmp.name, "out")
        args = [cli, "--server", url, "download", rid, "--out", out, "--poll-ms", "100"]
        rc, stdout, stderr = run(env, args)
        paths = stdout.splitlines()
        check("download ID: exit 0", rc == 0, stderr[-1500:])
        check("download ID: every file path on stdout, byte-identical to the server's",
              len(paths) == 4 and local_hashes(paths) == server_hashes(url, rid), (paths, stderr[-800:]))
        mtimes = {p: os.stat(p).st_mtime_ns for p in paths}
        rc2, stdout2, stderr2 = run(env, args)
        check("download ID again: exit 0 with the same paths", rc2 == 0 and sorted(stdout2.splitlines()) == sorted(paths),
              stdout2 + stderr2[-800:])
        check("download ID again: one row in the queue, merged", env.rows("SELECT request_id FROM exports") == [(rid,)],
              env.rows("SELECT id, request_id FROM exports"))
        check("download ID again: nothing downloaded twice",
              all(os.stat(p).st_mtime_ns == m for p, m in mtimes.items()), stderr2[-800:])

        # Forgetting it leaves the downloaded files alone.
        rc, stdout, stderr = run(env, [cli, "--server", url, "exports", "--remove", rid])
        check("exports --remove ID: exit 0, the row is gone from the database",
              rc == 0 and env.rows("SELECT id FROM exports") == [], (rc, stderr))
        check("exports --remove ID: the downloaded files stay, unchanged", local_hashes(paths) == server_hashes(url, rid))

        rc, stdout, stderr = run(env, [cli, "--server", url, "download", "junk", "--out", out])
        check("download junk id: usage error 2", rc == 2 and "not a JSOC request id" in stderr, stderr)
        rc, stdout, stderr = run(env, [cli, "--server", url, "download", "JSOC_20120101_999", "--out", out])
        check("download unknown id: exit 1 with JSOC's words", rc == 1 and "invalid export DRMS record" in stderr
              and stdout == "", (rc, stderr))
    finally:
        proc.kill()
        proc.wait()
    # The simulator is gone: nothing listens on its port any more.
    rc, stdout, stderr = run(env, [cli, "--server", url, "download", "JSOC_20120101_001", "--out",
                                   os.path.join(env.tmp.name, "o2"), "--timeout", "2"])
    check("download from an unreachable server: exit 3", rc == 3, (rc, stderr))


def test_exports_list_cancel_remove(sim, cli):
    proc, url = start_sim(sim, "--export-stuck")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        args = cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]", out, "--method", "url", "--protocol", "fits")
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env)
        rid = wait_until(lambda: env.db() and [r[0] for r in env.rows(
            "SELECT request_id FROM exports WHERE state='pending' AND request_id != ''")])
        os.kill(p.pid, signal.SIGKILL)
        p.communicate()
        rid = rid[0] if rid else ""
        rc, stdout, stderr = run(env, [cli, "--server", url, "exports"])
        check("exports: lists the request id and its state", rc == 0 and rid and rid in stdout and "pending" in stdout.lower(),
              (rc, stdout, stderr))
        check("exports: JSOC's status in words", "JSOC status 2" in stdout, stdout)
        check("exports: names the record set", "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]" in stdout, stdout)

        rc, stdout, stderr = run(env, [cli, "--server", url, "exports", "--cancel", rid])
        check("exports --cancel of a stuck request: exit 0", rc == 0, (rc, stderr))
        check("exports --cancel: says JSOC cancelled it", ("JSOC cancelled " + rid) in stderr, stderr)
        status = sim_status(url, rid)
        check("exports --cancel: JSOC now answers status 4 for it", str(status.get("status")) == "4", status)
        again = sim_request(url, "hmi.M_45s[2012.01.01_02:00:00_TAI/1m]")
        check("exports --cancel: a new export from the address is not refused with status 7",
              str(again.get("status")) != "7", again)

        rc, stdout, stderr = run(env, [cli, "--server", url, "exports"])
        check("exports after cancel: the row says cancelled", "cancelled" in stdout.lower(), stdout)
        rc, stdout, stderr = run(env, [cli, "--server", url, "exports", "--remove", "#1"])
        check("exports --remove: exit 0", rc == 0, stderr)
        check("exports --remove: the row is gone from the database", env.rows("SELECT id FROM exports") == [],
              env.rows("SELECT id, request_id FROM exports"))
        rc, stdout, stderr = run(env, [cli, "--server", url, "exports", "--remove", "#1"])
        check("exports --remove of an unknown export: exit 1 in words", rc == 1 and "no export #1" in stderr, stderr)
        rc, stdout, stderr = run(env, [cli, "--server", url, "exports", "--cancel"])
        check("exports with a bad argument: usage error 2", rc == 2 and "usage" in stderr, stderr)
        rc, stdout, stderr = run(env, [cli, "--server", url, "exports", "--frobnicate", "1"])
        check("exports with an unknown option: usage error 2", rc == 2, stderr)
    finally:
        proc.kill()
        proc.wait()


def test_jsoc_reason_on_failure(sim, cli):
    proc, url = start_sim(sim, "--export-queued-ms", "100", "--export-processing-ms", "100")
    env = Env()
    try:
        rc, stdout, stderr = run(env, [cli, "--server", url, "export", "hmi.M_45s[2012.01.01_00:00:00_TAI/1m]",
                                       "--email", "unknown@example.com", "--out", os.path.join(env.tmp.name, "o1"),
                                       "--method", "url", "--protocol", "fits", "--poll-ms", "100"])
        check("unregistered address: exit 1 with JSOC's own words",
              rc == 1 and "neither validated nor registered" in stderr, stderr)
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.nosuch_45s[2012.01.01_00:00:00_TAI/1m]",
                                               os.path.join(env.tmp.name, "o2"), "--method", "url", "--protocol", "fits"))
        check("unknown series: exit 1 with JSOC's own words", rc == 1 and "hmi.nosuch_45s" in stderr
              and ("does not exist" in stderr or "unknown series" in stderr.lower()), stderr)
    finally:
        proc.kill()
        proc.wait()


def test_process_and_stage_only(sim, cli):
    proc, url = start_sim(sim, "--export-queued-ms", "200", "--export-processing-ms", "200")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        ds = "hmi.M_45s[2012.01.01_00:00:00_TAI/3m]"
        rc, stdout, stderr = run(env, cli_args(cli, url, ds, out, "--method", "url", "--protocol", "fits",
                                               "--process", "HmiB2ptr"))
        check("--process refused here (HmiB2ptr on hmi.M_45s): exit 1 in words, nothing sent",
              rc == 1 and "HmiB2ptr works on hmi.B_720s only" in stderr and "Nothing was sent to JSOC" in stderr, stderr)
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.sharp_720s[1][2012.01.01_00:00:00_TAI]", out, "--method",
                                               "url", "--protocol", "fits", "--process", "rebin,method=boxcar,scale=0.25"))
        check("--process on hmi.sharp_720s refused here: exit 1 in words, nothing sent",
              rc == 1 and "Nothing was sent to JSOC" in stderr and "hmi.sharp_720s" in stderr, stderr)
        check("refused chains: no row queued", env.rows("SELECT id FROM exports") == [])
        rc, stdout, stderr = run(env, cli_args(cli, url, ds, out, "--process", ""))
        check("--process with no chain: usage error 2", rc == 2 and "--process needs JSOC's processing chain" in stderr, stderr)

        chain = "rebin,method=boxcar,scale=0.25"
        rc, stdout, stderr = run(env, cli_args(cli, url, ds, out, "--method", "url", "--protocol", "fits",
                                               "--process", chain, "--stage-only"))
        rid = stdout.strip()
        check("--stage-only with an accepted chain: exit 0, the request id on stdout",
              rc == 0 and re.fullmatch(r"JSOC_\d{8}_\d+", rid), (rc, stdout, stderr[-1500:]))
        check("--stage-only: the id is the simulator's first, nothing was sent for the refused chains",
              rid and id_number(rid) == 1, rid)
        check("--stage-only: says how to fetch the files later", ("jsoc-cli download " + rid) in stderr, stderr[-800:])
        check("--stage-only: JSOC holds the export done", rid and str(sim_status(url, rid).get("status")) == "0")
        check("--stage-only: nothing downloaded", not os.path.isdir(out) or os.listdir(out) == [],
              os.listdir(out) if os.path.isdir(out) else "")
        check("--stage-only: no tar suggestion for 4 files", "url-tar" not in stderr, stderr)
        # JSOC gives the same id to the same request (quirk 12): the chain reached it as written.
        same = sim_request_raw(url, {"ds": ds, "notify": EMAIL, "method": "url", "protocol": "fits",
                                     "process=n": "0|" + chain})
        check("--process: JSOC got the chain as written", same.get("requestid") == rid, same)
        rc, stdout, stderr = run(env, [cli, "--server", url, "download", rid, "--out", out, "--poll-ms", "100"])
        paths = stdout.splitlines()
        check("staged export fetched later with download ID: exit 0, byte-identical",
              rc == 0 and len(paths) == 4 and rid and local_hashes(paths) == server_hashes(url, rid), stderr[-1500:])
        check("staged then downloaded: one row", len(env.rows("SELECT id FROM exports")) == 1,
              env.rows("SELECT id, request_id FROM exports"))

        # 100 files one by one: the advice to ask for one tar, once; not for url-tar itself.
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.02_00:00:00_TAI/75m]", out, "--method",
                                               "url", "--protocol", "fits", "--stage-only"))
        check("100 files with url: exit 0 and the tar suggestion once on stderr",
              rc == 0 and stderr.count("ask for one tar (url-tar)") == 1 and "100 files" in stderr, stderr[-1500:])
        check("the tar suggestion is not on stdout", "url-tar" not in stdout, stdout)
        rc, stdout, stderr = run(env, cli_args(cli, url, "hmi.M_45s[2012.01.03_00:00:00_TAI/75m]", out, "--method",
                                               "url-tar", "--protocol", "fits", "--stage-only"))
        check("100 files with url-tar: no tar suggestion", rc == 0 and "ask for one tar" not in stderr, stderr[-1500:])
    finally:
        proc.kill()
        proc.wait()


def test_abandoned_export_blocks_then_cancelled(sim, cli):
    # Requests stay queued 30 minutes of the simulator's clock, which the test moves itself.
    proc, url = start_sim(sim, "--export-queued-ms", "1800000", "--export-processing-ms", "100")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        first = cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]", out, "--method", "url", "--protocol", "fits")
        p = subprocess.Popen(first, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env)
        rid = wait_until(lambda: env.db() and [r[0] for r in env.rows(
            "SELECT request_id FROM exports WHERE state='pending' AND request_id != ''")])
        os.kill(p.pid, signal.SIGKILL)
        p.communicate()
        rid = rid[0] if rid else ""
        check("abandoned: the killed run's request is pending at JSOC", rid and str(sim_status(url, rid).get("status")) == "2",
              rid)

        second = cli_args(cli, url, "hmi.M_45s[2012.01.01_03:00:00_TAI/2m]", os.path.join(env.tmp.name, "out2"),
                          "--method", "url", "--protocol", "fits")
        err_path = os.path.join(env.tmp.name, "second.err")
        with open(err_path, "wb") as err_file:
            waiting = subprocess.Popen(second, stdout=subprocess.PIPE, stderr=err_file, env=env.env)

        def err_text():
            with open(err_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        said = wait_until(lambda: "Waiting behind export #1 (%s)" % rid in err_text(), timeout=60)
        check("a new export says it waits behind the abandoned one, naming it", rid and said, err_text()[-1500:])
        check("nothing was sent for the new export while it waits",
              env.rows("SELECT request_id FROM exports WHERE id = 2") == [("",)], env.rows("SELECT * FROM exports"))

        rc, stdout, stderr = run(env, [cli, "--server", url, "exports", "--cancel", "#1"])
        check("cancel of the abandoned export from a second process: exit 0, JSOC cancelled it",
              rc == 0 and ("JSOC cancelled " + rid) in stderr, (rc, stderr))
        sent = wait_until(lambda: [r[0] for r in env.rows("SELECT request_id FROM exports WHERE id = 2")
                                   if r[0] and r[0] != rid], timeout=60)
        check("the new export is sent once the abandoned one is cancelled", sent, env.rows("SELECT * FROM exports"))
        fetch(url + "/jsoc-sim/advance-clock?minutes=31")  # past the new request's 30 queued minutes
        try:
            stdout, _ = waiting.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            waiting.kill()
            stdout, _ = waiting.communicate()
        paths = stdout.decode().splitlines()
        check("the new export then finishes: exit 0", waiting.returncode == 0, err_text()[-1500:])
        check("the new export's files are byte-identical",
              sent and len(paths) == 3 and local_hashes(paths) == server_hashes(url, sent[0]), paths)
    finally:
        proc.kill()
        proc.wait()


def test_kill_while_request_is_sent(sim, cli):
    # JSOC takes 4 s to answer exp_request: the run is killed while the request is on the wire,
    # after JSOC got it and before its id reached the queue.
    proc, url = start_sim(sim, "--export-queued-ms", "200", "--export-processing-ms", "200",
                          "--fault", "latency:4000:1:op=exp_request")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        args = cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]", out, "--method", "url", "--protocol", "fits")
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env)
        sending = wait_until(lambda: env.rows("SELECT state FROM exports WHERE state='submitting'"))
        wait_until(lambda: p.poll() is not None, timeout=1.5)  # into the 4 s the request takes; the run goes on
        os.kill(p.pid, signal.SIGKILL)
        p.communicate()
        check("killed while the request was being sent", bool(sending) and env.rows(
            "SELECT request_id FROM exports") == [("",)], env.rows("SELECT state, request_id FROM exports"))
        rc, stdout, stderr = run(env, args)
        rows = env.rows("SELECT request_id FROM exports")
        check("rerun after a kill while sending: exit 0", rc == 0, stderr[-1500:])
        rid = rows[0][0] if len(rows) == 1 else ""
        check("rerun after a kill while sending: one row", len(rows) == 1, rows)
        check("rerun after a kill while sending: JSOC issued one request id for the record set",
              rid and ids_issued_since(url, rid, timeout=10) == 1, rid)
        paths = stdout.splitlines()
        check("rerun after a kill while sending: every file complete and byte-identical",
              rid and len(paths) == 3 and local_hashes(paths) == server_hashes(url, rid, timeout=10), stdout)
    finally:
        proc.kill()
        proc.wait()


def test_kill_after_done_before_downloads(sim, cli):
    # Every file takes 3 s to start: the run is killed once JSOC said done and the download rows
    # are written (found within 50 ms), before any file byte arrived.
    proc, url = start_sim(sim, "--export-queued-ms", "200", "--export-processing-ms", "200",
                          "--fault", "latency:3000:1:/SUM")
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        args = cli_args(cli, url, "hmi.M_45s[2012.01.01_00:00:00_TAI/2m]", out, "--method", "url", "--protocol", "fits")
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env.env)
        done = wait_until(lambda: env.rows("SELECT e.request_id FROM exports e JOIN downloads d ON d.export_id = e.id "
                                           "WHERE e.state='done'"))
        os.kill(p.pid, signal.SIGKILL)
        stdout, _ = p.communicate()
        check("killed after done, before any file finished", bool(done) and stdout == b"",
              env.rows("SELECT state FROM downloads"))
        rc, stdout, stderr = run(env, args)
        rows = env.rows("SELECT request_id FROM exports")
        rid = rows[0][0] if len(rows) == 1 else ""
        check("rerun after a kill after done: exit 0, the same request", rc == 0 and done and rid == done[0][0],
              (rows, stderr[-1500:]))
        check("rerun after a kill after done: nothing sent to JSOC again",
              rid and ids_issued_since(url, rid) == 1 and "Resuming export" in stderr, stderr[-800:])
        paths = stdout.splitlines()
        check("rerun after a kill after done: every file complete and byte-identical",
              rid and len(paths) == 3 and local_hashes(paths) == server_hashes(url, rid, timeout=10), stdout)
        states = [r[0] for r in env.rows("SELECT state FROM downloads")]
        check("rerun after a kill after done: every download row done, none twice", states == ["done"] * 3, states)
    finally:
        proc.kill()
        proc.wait()


def test_stage_only_followed_again(sim, cli):
    """A --stage-only run whose poll failed (an unreadable exp_status) is followed again by the same
    command: the same request id, nothing sent twice."""
    CLI[0] = cli
    stub = StubJsoc({"exp_request": json_route(PENDING),
                     "exp_status": (200, "application/json", b'{"status": "garbled-beyond-repair\\n')})
    env = Env()
    try:
        out = os.path.join(env.tmp.name, "out")
        rc, stdout, stderr = stub_export(env, stub, out, "--stage-only")
        check("--stage-only, unreadable exp_status: exit 1, nothing on stdout", rc == 1 and stdout == "", stderr[-1500:])
        stub.routes["exp_status"] = json_route({
            "status": "0", "requestid": PENDING["requestid"], "method": "url", "protocol": "fits", "count": "1",
            "dir": "/SUM1/D2/S00000", "data": [{"record": "r1", "filename": "a.txt"}]})
        rc2, stdout2, stderr2 = stub_export(env, stub, out, "--stage-only")
        check("--stage-only run again: follows the same request id to staged, exit 0",
              rc2 == 0 and stdout2.strip() == PENDING["requestid"] and stub.seen.count("exp_request") == 1,
              (stub.seen, stdout2, stderr2[-800:]))
        check("--stage-only run again: nothing downloaded", "/SUM1/D2/S00000/a.txt" not in stub.seen, stub.seen)
    finally:
        stub.close()


if __name__ == "__main__":
    sys.exit(main())
