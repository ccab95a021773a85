"""The seed's gunicorn (002) for real: ``gunicorn wsgi:app`` in ``examples/gunicorn``.

Every gunicorn here runs the repository's ``gunicorn.conf.py`` on a free port of
127.0.0.1 (``GUNICORN_CMD_ARGS="--bind ..."``, gunicorn's own override), with its
log files, pidfile and control socket in the test's temporary directory
(``WSGIKIT_GUNICORN_DIR``), and is stopped by the PID in its pidfile:

- ``gunicorn wsgi:app``, literally, from the folder: the app answers, the access
  log has a line per request, the error log the boot lines and the line that
  ``wsgi.py`` prints (``capture_output``), and TERM stops master and workers;
- ``scripts/gunicorn-start.sh`` leaves a daemon and its pidfile, and
  ``scripts/gunicorn-stop.sh`` stops exactly that PID, not a process named gunicorn;
- ``--reload`` restarts the worker when ``wsgi.py`` changes (a copy, in the
  temporary directory).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.servers import ROOT, VENV_BIN, free_port, http_request, stop, wait_for_port

SITE = ROOT / "examples" / "gunicorn"
GUNICORN = VENV_BIN / "gunicorn"
START = ROOT / "scripts" / "gunicorn-start.sh"
STOP = ROOT / "scripts" / "gunicorn-stop.sh"

pytestmark = [
    pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed in the venv"),
    pytest.mark.skipif(sys.platform != "linux", reason="reads process states from /proc"),
]

#: (method, path, status): the gallery's index, two exercises and a miss
REQUESTS = [
    ("GET", "/", 200),
    ("GET", "/raw/hello/", 200),
    ("POST", "/kit/hello/bad", 200),
    ("GET", "/no-such-page", 404),
]


def alive(pid: int) -> bool:
    """True while ``pid`` runs; a zombie (exited, not yet reaped) counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.05)


def text(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


def read_pid(pidfile: Path) -> int:
    wait_until(lambda: text(pidfile).strip().isdigit(), f"a PID in {pidfile}")
    return int(text(pidfile))


def worker_pids(errorlog: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", text(errorlog))]


def gunicorn_env(tmp: Path, port: int | None = None) -> dict[str, str]:
    """Files in ``tmp``, the port on the command line; nothing else from outside."""
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "WEB_CONCURRENCY")}
    env.update(WSGIKIT_GUNICORN_DIR=str(tmp), GUNICORN=str(GUNICORN), GUNICORN_CMD_ARGS="")
    if port is not None:
        env["GUNICORN_CMD_ARGS"] = f"--bind 127.0.0.1:{port}"
    return env


def send_all(port: int) -> None:
    for method, path, status in REQUESTS:
        got, _, body = http_request(port, method, path, body=b"" if method == "POST" else None)
        assert got == status, (method, path, body[:200])


@contextmanager
def foreground(
    argv: list[str], cwd: Path, tmp: Path, port: int
) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn as a child of the test; on the way out TERM (KILL after 15 s) by its PID."""
    with open(tmp / "console.txt", "wb") as console:
        proc = subprocess.Popen(argv, cwd=cwd, env=gunicorn_env(tmp, port),
                                stdout=console, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, proc)
            yield proc
        finally:
            stop(proc, signal.SIGTERM)


@pytest.mark.server
def test_gunicorn_wsgi_app_serves_the_gallery_and_logs_as_the_seed_says(tmp_path: Path) -> None:
    port = free_port()
    access, errors, pidfile = (tmp_path / n for n in ("access.log", "error.log", "gunicorn.pid"))
    with foreground([str(GUNICORN), "wsgi:app"], SITE, tmp_path, port) as proc:
        pid = read_pid(pidfile)
        assert pid == proc.pid, "the pidfile names the master: the process we started"
        send_all(port)

        # a worker writes the access line after the response has gone out
        lines = [f'"{method} {path} HTTP/1.1" {status} ' for method, path, status in REQUESTS]
        wait_until(lambda: all(line in text(access) for line in lines), "an access line each")
        for line in lines:
            assert text(access).count(line) == 1, line

        log = text(errors)
        assert re.search(r"\[INFO\] Starting gunicorn \d", log)
        assert f"[INFO] Listening at: http://127.0.0.1:{port} ({pid})" in log
        assert "[INFO] Using worker: sync" in log
        assert "[DEBUG]" not in log, "loglevel is info"
        (worker,) = worker_pids(errors)  # workers = 1
        # wsgi.py's print() reached error.log through capture_output
        assert f"wsgi.py: the gallery, loaded from {SITE / 'wsgi.py'} in worker {worker}" in log
        control = f"Control socket listening at {tmp_path / 'gunicorn.ctl'}"
        wait_until(lambda: control in text(errors), "the control socket in the run dir")

        os.kill(pid, signal.SIGTERM)  # by the pidfile's PID; stop() is the fallback
        assert proc.wait(30) == 0
    log = text(errors)
    assert "[INFO] Handling signal: term" in log
    assert f"Worker exiting (pid: {worker})" in log
    assert "[INFO] Shutting down: Master" in log
    assert not alive(worker), "TERM to the master stops its workers too"
    assert not pidfile.exists(), "a graceful stop removes the pidfile"


@pytest.mark.server
def test_start_script_daemonizes_and_stop_script_stops_only_that_pid(tmp_path: Path) -> None:
    port = free_port()
    env = gunicorn_env(tmp_path, port)
    pidfile, errors = tmp_path / "gunicorn.pid", tmp_path / "error.log"
    # A process that `pkill gunicorn` would kill too: its name is gunicorn.
    decoy_exe = tmp_path / "decoy" / "gunicorn"
    decoy_exe.parent.mkdir()
    decoy_exe.symlink_to(shutil.which("sleep") or "/bin/sleep")
    decoy = subprocess.Popen([str(decoy_exe), "60"])
    master = 0
    try:
        wait_until(lambda: text(Path(f"/proc/{decoy.pid}/comm")) == "gunicorn\n", "the decoy")
        started = subprocess.run(["bash", str(START)], env=env, capture_output=True,
                                 text=True, timeout=60)
        assert started.returncode == 0, started.stdout + started.stderr
        master = read_pid(pidfile)
        assert f"master PID {master}, http://127.0.0.1:{port}/" in started.stdout
        assert alive(master), "the master runs on after the script has exited"
        assert os.getsid(master) != os.getsid(0), "--daemon: a session of its own"
        send_all(port)
        wait_until(lambda: "Reloader is on" in text(errors), "--reload's warning")

        again = subprocess.run(["bash", str(START)], env=env, capture_output=True, text=True,
                               timeout=60)
        assert again.returncode == 1 and f"already running as PID {master}" in again.stderr

        workers = worker_pids(errors)
        stopped = subprocess.run(["bash", str(STOP)], env=env, capture_output=True, text=True,
                                 timeout=60)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        assert f"master PID {master}) with TERM" in stopped.stdout
        assert not alive(master) and not any(alive(pid) for pid in workers)
        assert not pidfile.exists()
        assert "[INFO] Shutting down: Master" in text(errors)
        assert decoy.poll() is None, "the stop script signalled a process by its name"
    finally:
        if master and alive(master):
            os.kill(master, signal.SIGKILL)
        stop(decoy, signal.SIGKILL)


@pytest.mark.server
def test_stop_script_kills_a_master_that_does_not_stop_in_time(tmp_path: Path) -> None:
    """SIGSTOP holds the master's TERM pending: KILL, to it and its workers, ends it."""
    env = {**gunicorn_env(tmp_path, free_port()), "WSGIKIT_GUNICORN_STOP_TIMEOUT": "1"}
    pidfile, errors = tmp_path / "gunicorn.pid", tmp_path / "error.log"
    started = subprocess.run(["bash", str(START)], env=env, capture_output=True, timeout=60)
    assert started.returncode == 0, started
    master = read_pid(pidfile)
    try:
        wait_until(lambda: bool(worker_pids(errors)), "a worker")
        workers = worker_pids(errors)
        # gunicorn opens its control socket some time after boot: note whether it had
        control = (tmp_path / "gunicorn.ctl").exists()
        os.kill(master, signal.SIGSTOP)
        stopped = subprocess.run(["bash", str(STOP)], env=env, capture_output=True, text=True,
                                 timeout=60)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        assert "still running after 1s: sending KILL" in stopped.stderr
        assert not alive(master) and not any(alive(pid) for pid in workers)
        assert not pidfile.exists(), "the script removes the pidfile gunicorn could not"
        # a KILL leaves no time to clean up: what was there is still there
        assert (tmp_path / "gunicorn.ctl").exists() == control, "nobody cleans up after a KILL"
        assert "Shutting down: Master" not in text(errors)
    finally:
        if alive(master):
            os.kill(master, signal.SIGKILL)


@pytest.mark.parametrize(("content", "code", "says"), [
    pytest.param(None, 1, "no pidfile at", id="no-pidfile"),
    pytest.param("not a pid\n", 1, "does not hold a PID", id="garbage"),
    pytest.param("DEAD\n", 0, "removing the stale", id="stale"),
    pytest.param("SELF\n", 1, "is not gunicorn", id="another-process"),
])
def test_stop_script_signals_nothing_it_cannot_trust(
    tmp_path: Path, content: str | None, code: int, says: str
) -> None:
    pidfile = tmp_path / "gunicorn.pid"
    bystander = subprocess.Popen(["sleep", "60"])  # what "another process" points at
    try:
        if content is not None:
            dead = subprocess.Popen(["true"])
            dead.wait()
            content = content.replace("DEAD", str(dead.pid)).replace("SELF", str(bystander.pid))
            pidfile.write_text(content)
        result = subprocess.run(["bash", str(STOP)], env=gunicorn_env(tmp_path),
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == code, result.stdout + result.stderr
        assert says in result.stdout + result.stderr
        assert bystander.poll() is None
        assert pidfile.exists() == (content is not None and code == 1)
    finally:
        stop(bystander, signal.SIGKILL)


@pytest.mark.server
def test_reload_restarts_the_worker_when_wsgi_py_changes(tmp_path: Path) -> None:
    """In a copy of wsgi.py with the repository's config: `gunicorn --reload wsgi:app -c ...`."""
    site = tmp_path / "site"
    site.mkdir()
    module = site / "wsgi.py"
    shutil.copy(SITE / "wsgi.py", module)
    errors, port = tmp_path / "error.log", free_port()
    argv = [str(GUNICORN), "--reload", "wsgi:app", "-c", str(SITE / "gunicorn.conf.py")]
    with foreground(argv, site, tmp_path, port):
        assert http_request(port, "GET", "/raw/hello/")[0] == 200
        wait_until(lambda: f"loaded from {module} in worker" in text(errors), "the copy loaded")
        (first,) = worker_pids(errors)

        with module.open("a") as source:
            source.write('print("wsgi.py: edited", flush=True)\n')
        # The reloader polls once a second and compares with the mtime it saw first,
        # which may already be the edited file's: move the mtime on until a poll
        # reports the change (the new worker's first poll comes after, and sees the last).
        deadline, mtime = time.monotonic() + 20, time.time()
        while f"Worker reloading: {module} modified" not in text(errors):
            assert time.monotonic() < deadline, "the reloader never saw wsgi.py change"
            mtime += 1
            os.utime(module, (mtime, mtime))
            time.sleep(0.25)
        wait_until(lambda: "wsgi.py: edited" in text(errors), "the edited module loaded")
        # the last worker booted (an edit elsewhere in the repository restarts one too)
        second = worker_pids(errors)[-1]
        assert second != first and not alive(first)
        assert http_request(port, "GET", "/raw/hello/")[0] == 200
        wait_until(lambda: f"in worker {second}" in text(errors), "the new worker's load line")
