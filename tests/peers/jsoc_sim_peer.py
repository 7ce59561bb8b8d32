"""pytest plugin: the drms and sunpy remote-data suites, unedited, against jsoc-sim instead of JSOC.

Loaded with `-p jsoc_sim_peer` (tests/peers on PYTHONPATH). It starts jsoc-sim (JSOC_SIM: its path)
on a free loopback port, registers it as drms's "jsoc" server (so drms.Client("jsoc") and sunpy's
JSOCClient reach it and nothing else), registers the suites' e-mail addresses with the simulator,
and supplies the fixtures drms's own conftest would (Debian ships the tests without it).
"""
import os
import select
import subprocess
import tempfile

import pytest

# The addresses the suites use as "registered": drms's `email` fixture and sunpy's jsoc_test_email.
REGISTERED = ["jsoc@sunpy.org"]

_sim = {}


def _start_simulator():
    path = os.environ.get("JSOC_SIM")
    if not path:
        raise pytest.UsageError("JSOC_SIM must name the jsoc-sim executable")
    tmp = tempfile.TemporaryDirectory(prefix="jsoc-peers-")
    env = dict(os.environ, TMPDIR=tmp.name)
    args = [path, "--port", "0"]
    if os.environ.get("JSOC_SIM_NO_REGISTER") != "1":
        for address in REGISTERED:
            args += ["--register", address]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    line = proc.stdout.readline().decode("utf-8", "replace").strip() if ready else ""
    prefix = "listening on "
    if not line.startswith(prefix):
        proc.kill()
        raise pytest.UsageError(f"jsoc-sim did not start: {line!r}")
    _sim.update(proc=proc, tmp=tmp, base=line[len(prefix):].rstrip("/"))


def _point_drms_at_simulator(base):
    import drms
    import drms.config

    from simulator_server import server_config

    drms.config._server_configs["jsoc"] = server_config(drms, base, name="JSOC",
                                                        ftp_download_baseurl="ftp://127.0.0.1:1/export/")


def pytest_configure(config):
    for marker in ("jsoc", "export", "kis"):
        config.addinivalue_line("markers", f"{marker}: drms test marker")
    _start_simulator()
    _point_drms_at_simulator(_sim["base"])


def pytest_unconfigure(config):
    proc = _sim.get("proc")
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    if _sim.get("tmp"):
        _sim["tmp"].cleanup()


@pytest.fixture
def email():
    return REGISTERED[0]


@pytest.fixture
def jsoc_client():
    import drms
    return drms.Client("jsoc")


@pytest.fixture
def jsoc_client_export(email):
    import drms
    return drms.Client("jsoc", email=email)
