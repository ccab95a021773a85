"""``python -m wsgikit.serve`` as a user runs it: a real process on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port, http_request, running, serve_argv, stop, wait_for_port
from wsgikit.serve import main

pytestmark = pytest.mark.server


def run_to_exit(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        serve_argv(*args), cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_gallery_over_http_with_access_log(tmp_path: Path, sig: int) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with running(serve_argv("--port", str(port)), port, sig=sig, log=log) as proc:
        status, headers, body = http_request(port, "GET", "/")
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        assert b'href="/raw/hello/"' in body
        assert http_request(port, "GET", "/raw/hello/")[2] == b"Hello, World!"
        korean = "/raw/greet/%EC%95%88%EB%85%95/%EC%84%B8%EA%B3%84"
        status, _, body = http_request(port, "GET", korean)
        assert (status, body.decode()) == (200, "안녕, 세계!")
        assert http_request(port, "POST", "/raw/hello/good", b"")[0] == 405
        assert http_request(port, "GET", "/raw/greet/%FF/x")[0] == 400
    assert proc.returncode == 0
    lines = log.read_text("utf-8").splitlines()
    access = [line for line in lines if "wsgikit.access" in line]
    assert len(access) == 5, lines
    assert any('"GET /raw/hello/" 200 13 ' in line for line in access), access
    assert any('"GET /raw/greet/안녕/세계" 200 ' in line for line in access), access
    assert any('"POST /raw/hello/good" 405 ' in line for line in access), access
    assert all(line.endswith("ms") for line in access)
    assert all(" INFO wsgikit.access 127.0.0.1 " in line for line in access), access
    assert "stopped" in lines[-1]


def test_app_argument_and_mount(tmp_path: Path) -> None:
    port = free_port()
    argv = serve_argv("examples.raw.hello", "--port", str(port), "--mount", "/g=examples.raw.greet")
    with running(argv, port) as proc:
        assert http_request(port, "GET", "/")[2] == b"Hello, World!"
        assert http_request(port, "GET", "/g/Hi/you")[2] == b"Hi, you!"
        assert http_request(port, "GET", "/g")[0] == 404
    assert proc.returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["no_such_module"], "no module named 'no_such_module'", id="module"),
        pytest.param(["examples.raw.hello:nope"], "has no attribute 'nope'", id="attribute"),
        pytest.param(["examples.raw.no_such"], "no module named 'examples.raw.no_such'",
                     id="submodule"),
        pytest.param(["examples.catalog"], "has no attribute 'application' or 'app'",
                     id="no-default-attribute"),
        pytest.param(["--mount", "g=examples.raw.greet"], "must be a str starting with '/'",
                     id="prefix"),
        pytest.param(["--mount", "/g"], "write PREFIX=module:attr", id="mount-syntax"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run_to_exit(*args, "--port", str(free_port()))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("wsgikit.serve: error: ") and message in lines[0], lines[0]


def test_no_app_outside_a_checkout_says_what_to_do(tmp_path: Path) -> None:
    """Without APP it serves the gallery, which only a checkout has."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        serve_argv("--port", str(free_port())),
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=20,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("wsgikit.serve: error: ")
    assert "give an APP (module:attr)" in lines[0] and "wsgikit checkout" in lines[0], lines[0]


def test_port_in_use_exits_2() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_to_exit("--port", str(port))
    assert result.returncode == 2
    message = f"wsgikit.serve: error: port {port} on 127.0.0.1 is already in use"
    assert result.stderr.strip() == message


def test_main_is_callable_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no_such_module", "--port", "0"]) == 2
    assert "no module named 'no_such_module'" in capsys.readouterr().err


def test_slow_client_does_not_stall_others() -> None:
    port = free_port()
    with running(serve_argv("examples.raw.hello", "--port", str(port)), port):
        slow = socket.create_connection(("127.0.0.1", port))
        try:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # headers never finished
            time.sleep(0.2)
            results: list[int] = []
            worker = threading.Thread(
                target=lambda: results.append(http_request(port, "GET", "/good", timeout=5)[0])
            )
            worker.start()
            worker.join(10)
            assert results == [200]
        finally:
            slow.close()


def test_silent_client_is_dropped_after_timeout() -> None:
    port = free_port()
    argv = serve_argv("examples.raw.hello", "--port", str(port), "--timeout", "1")
    with running(argv, port):
        silent = socket.create_connection(("127.0.0.1", port))
        silent.settimeout(10)
        try:
            silent.sendall(b"POST /bad HTTP/1.1\r\nHost: x\r\n")
            assert silent.recv(100) == b""  # the server hung up on us
        finally:
            silent.close()


def test_non_loopback_bind_warns(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with running(serve_argv("examples.raw.hello", "--host", "0.0.0.0", "--port", str(port)),
                 port, log=log):
        assert http_request(port, "GET", "/")[0] == 200
    assert "reachable from other machines" in log.read_text()


def test_reload_restarts_on_change(tmp_path: Path) -> None:
    module = tmp_path / "reload_target.py"
    source = textwrap.dedent(
        """
        def application(environ, start_response):
            body = b"%s"
            start_response("200 OK", [("Content-Type", "text/plain"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        """
    )
    module.write_text(source % "one")
    port = free_port()
    proc = subprocess.Popen(
        serve_argv("reload_target", "--port", str(port), "--reload"),
        cwd=tmp_path, env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, proc)
        assert http_request(port, "GET", "/")[2] == b"one"
        time.sleep(1.1)  # a new mtime even on coarse file systems
        module.write_text(source % "two")
        deadline = time.monotonic() + 20
        body = b""
        while time.monotonic() < deadline and body != b"two":
            time.sleep(0.2)
            try:
                body = http_request(port, "GET", "/", timeout=2)[2]
            except OSError:
                pass  # between the old child and the new one
        assert body == b"two"
    finally:
        assert stop(proc, signal.SIGINT) == 0
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_reload_survives_a_syntax_error(tmp_path: Path) -> None:
    """An edit that breaks the app is reported; the next edit that fixes it is served."""
    module = tmp_path / "broken_target.py"
    source = (
        "def application(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'%s']\n"
    )
    module.write_text(source % "one")
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            serve_argv("broken_target", "--port", str(port), "--reload"),
            cwd=tmp_path, env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"},
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, proc)
        assert http_request(port, "GET", "/")[2] == b"one"
        time.sleep(1.1)  # a new mtime even on coarse file systems
        module.write_text("def application(environ, start_response):\n    return [b'\n")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "waiting for a change" not in log.read_text():
            assert proc.poll() is None, log.read_text()
            time.sleep(0.1)
        text = log.read_text()
        assert "waiting for a change" in text, text
        assert "error: importing 'broken_target' failed: SyntaxError: " in text, text
        assert "Traceback" not in text, text
        time.sleep(1.1)
        module.write_text(source % "two")
        deadline = time.monotonic() + 20
        body = b""
        while time.monotonic() < deadline and body != b"two":
            time.sleep(0.2)
            assert proc.poll() is None, log.read_text()
            try:
                body = http_request(port, "GET", "/", timeout=2)[2]
            except OSError:
                pass  # no child is listening until the app imports again
        assert body == b"two"
    finally:
        assert stop(proc, signal.SIGINT) == 0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stop_during_a_reload_is_clean(tmp_path: Path, sig: int) -> None:
    """A signal that reaches the reloader while the next child is still starting
    (here: importing an app that takes 3 s to import) stops everything, status 0."""
    module = tmp_path / "slow_target.py"
    app = (
        "def application(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'up']\n"
    )
    module.write_text(app)
    port = free_port()
    proc = subprocess.Popen(
        serve_argv("slow_target", "--port", str(port), "--reload"),
        cwd=tmp_path, env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, proc)
        time.sleep(1.1)  # a new mtime even on coarse file systems
        module.write_text("import time\ntime.sleep(3)\n" + app)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until the old child has let the port go
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            except OSError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the old child never stopped")
        time.sleep(0.3)  # the new child is importing the slow module now
    finally:
        status = stop(proc, sig)
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert status == 0, stderr
    assert "Traceback" not in stderr
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stop_before_the_next_child_has_started_python_is_clean(tmp_path: Path, sig: int) -> None:
    """A signal that reaches the reloader while the next child is still starting its
    interpreter (here: a ``sitecustomize`` that sleeps 2 s, before wsgikit is imported)
    waits in the child until its handler is in place: status 0, no traceback."""
    (tmp_path / "sitecustomize.py").write_text(
        "import os, time\n"
        "if os.environ.get('WSGIKIT_SERVE_CHILD') == 'restart':\n"
        "    open('starting', 'w').close()\n"
        "    time.sleep(2)\n"
    )
    module = tmp_path / "plain_target.py"
    app = (
        "def application(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'%s']\n"
    )
    module.write_text(app % "one")
    port = free_port()
    proc = subprocess.Popen(
        serve_argv("plain_target", "--port", str(port), "--reload"),
        cwd=tmp_path, env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, proc)
        time.sleep(1.1)  # a new mtime even on coarse file systems
        module.write_text(app % "two")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (tmp_path / "starting").exists():
            time.sleep(0.02)
        assert (tmp_path / "starting").exists(), "the next child never started"
    finally:
        status = stop(proc, sig)
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert status == 0, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_module_runs_as_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wsgikit.serve", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "--mount PREFIX=APP" in result.stdout
