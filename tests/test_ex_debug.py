"""debug: each form with debug mode on, loopback and other clients, and the real commands.

The case table (tests/cases/debug.py) holds debug off, the default.  Here each form
is built with debug on, for one test at a time and never through the environment
of the test process: the raw form's ``DEBUG`` is patched with ``monkeypatch``, the
kit form is ``build(True)``, and the Flask twin is what ``flask run --debug``
builds, ``app.debug`` true (``app.config`` patched) inside Werkzeug's
``DebuggedApplication(app, evalex=True)``.  ``WSGIKIT_DEBUG=1`` is given only to
the server processes started here.

Flask's differences with debug on are ``FlaskDiffers`` records below, asserted
like the case tables': Werkzeug's debugger checks no client address, so its HTML
traceback page, the planted secret in it, goes to a client on another machine too.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client

from tests.casekit import FORMS_PRESENT, Case, FlaskDiffers, Result, build_environ, check, expected
from tests.cases._flask import as_html
from tests.cases.debug import GENERIC, HTML, INDEX_ON, SECRET, TEXT
from tests.cases.debug import LEAKS as LEAKS_OFF
from tests.servers import (
    ROOT,
    VENV_BIN,
    free_port,
    http_request,
    running,
    serve_argv,
    stop,
    wait_for_port,
)
from wsgikit import Mount

RAISED = f"RuntimeError: cannot reach the database with password '{SECRET}'"
FLASK_RAISED = f"RuntimeError: cannot reach the database with password &#39;{SECRET}&#39;"
TRACEBACK = "Traceback (most recent call last):\n"

#: Werkzeug's debugger page, for whoever asked
DEBUGGER_PAGE = FlaskDiffers(
    reason="Werkzeug's debugger checks no client address: its HTML traceback page, the "
    "exception's text and a console for every frame, goes to every client",
    matters="security",
    content_type=HTML,
    contains=(FLASK_RAISED, "Traceback <em>(most recent call last)</em>", "Werkzeug Debugger"),
)

#: requests from this machine (REMOTE_ADDR 127.0.0.1 or ::1)
LOOPBACK_CASES = [
    Case("index", "/", text=INDEX_ON, content_type=TEXT, flask=as_html(INDEX_ON)),
    Case("boom", "/boom", status=500, content_type=TEXT, contains=(TRACEBACK, RAISED, "debug.py"),
         body_pattern=r"Traceback \(most recent call last\):\n.*\n" + re.escape(RAISED) + r"\n",
         flask=DEBUGGER_PAGE),
    Case("boom-head", "/boom", "HEAD", status=500, text=""),
    Case("unknown", "/nope", status=404),
]

#: requests from another machine (REMOTE_ADDR 10.1.2.3 or 2001:db8::1)
REMOTE_CASES = [
    LOOPBACK_CASES[0],
    Case("boom", "/boom", status=500, text=GENERIC, content_type=TEXT, flask=DEBUGGER_PAGE),
    Case("boom-forwarded-for-loopback", "/boom", status=500, text=GENERIC, content_type=TEXT,
         headers={"X-Forwarded-For": "127.0.0.1", "Host": "127.0.0.1"}, flask=DEBUGGER_PAGE),
    Case("boom-head", "/boom", "HEAD", status=500, text=""),
    Case("console", "/console", status=404,
         flask=FlaskDiffers(
             reason="Werkzeug's debugger serves a Python console at /console to any client "
             "whose Host header names localhost; the PIN is its only lock",
             matters="security", status=200, content_type=HTML,
             contains=("Interactive Console", "CONSOLE_MODE = true"))),
]

LOOPBACK = ["127.0.0.1", "::1"]
REMOTE = ["10.1.2.3", "2001:db8::1"]


@pytest.fixture
def debug_on(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Any]:
    """``debug_on(form)``: that form's app with debug mode on, for this test only."""

    def make(form: str) -> Any:
        if form == "raw":
            from examples.raw import debug as raw

            monkeypatch.setattr(raw, "DEBUG", True)
            return raw.application
        if form == "kit":
            from examples.kit import debug as kit

            return kit.build(True)
        return debugged_flask("debug", monkeypatch)

    return make


def debugged_flask(module: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What ``flask --app examples.flask_twins.<module> run --debug`` serves."""
    import importlib

    from werkzeug.debug import DebuggedApplication

    app = importlib.import_module(f"examples.flask_twins.{module}").app
    monkeypatch.setitem(app.config, "DEBUG", True)  # app.debug, as FLASK_DEBUG=1 sets it
    return DebuggedApplication(app, evalex=True)


def run_case(app: Any, case: Case, remote_addr: str, prefix: str = "") -> tuple[Result, str]:
    """``case`` from ``remote_addr``: what came back, and what went to wsgi.errors."""
    environ = build_environ(case, prefix)
    environ["REMOTE_ADDR"] = remote_addr
    environ["wsgi.errors"] = errors = io.StringIO()
    app_iter, status, headers = Client(validator(app)).run_wsgi_app(environ, buffered=True)
    lowered = {name.lower(): value for name, value in headers.items()}
    return Result(int(status.split()[0]), lowered, b"".join(app_iter)), errors.getvalue()


def _params(cases: list[Case], addresses: list[str]) -> list[Any]:
    return [
        pytest.param(form, case, address, where, id=f"{form}-{case.id}-{address}-{where}")
        for form in FORMS_PRESENT
        for case in cases
        for address in addresses
        for where in ("root", "mounted")
    ]


def _answer(debug_on: Callable[[str], Any], form: str, case: Case, address: str,
            where: str) -> tuple[Result, str, str]:
    app, prefix = debug_on(form), ""
    if where == "mounted":
        prefix = f"/{form}/debug"
        app = Mount(lambda environ, start_response: [], {prefix: app})
    result, logged = run_case(app, case, address, prefix)
    check(expected(case, form), result, prefix)
    return result, logged, prefix


@pytest.mark.parametrize(("form", "case", "address", "where"),
                         _params(LOOPBACK_CASES, LOOPBACK))
def test_debug_on_from_this_machine(debug_on: Any, form: str, case: Case, address: str,
                                    where: str) -> None:
    _answer(debug_on, form, case, address, where)


@pytest.mark.parametrize(("form", "case", "address", "where"), _params(REMOTE_CASES, REMOTE))
def test_debug_on_from_another_machine(debug_on: Any, form: str, case: Case, address: str,
                                       where: str) -> None:
    result, _, _ = _answer(debug_on, form, case, address, where)
    if form == "flask" and case.id.startswith("boom") and case.method == "GET":
        # the security difference, spelled out: a stranger reads the planted secret
        assert SECRET.encode() in result.body, "Flask's debugger page holds the secret"
    elif case.method == "GET":
        assert SECRET.encode() not in result.body


@pytest.mark.parametrize("form", [f for f in FORMS_PRESENT if f != "flask"])
@pytest.mark.parametrize("address", LOOPBACK + REMOTE)
def test_debug_on_logs_every_traceback(debug_on: Any, form: str, address: str) -> None:
    result, logged = run_case(debug_on(form), Case("boom", "/boom"), address)
    assert result.status == 500
    assert TRACEBACK in logged and RAISED in logged


def test_debug_off_is_what_the_case_table_sees() -> None:
    """The patches of one test do not outlive it: the module-level apps stay off."""
    from examples.kit import debug as kit
    from examples.raw import debug as raw

    assert raw.DEBUG is False and kit.application is kit.router
    for app in (raw.application, kit.application):
        result, logged = run_case(app, Case("boom", "/boom"), "127.0.0.1")
        assert (result.status, result.body) == (500, GENERIC.encode())
        assert all(leak.encode() not in result.body for leak in LEAKS_OFF)
        assert RAISED in logged


def test_flask_debug_off_logs_the_traceback(caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("flask")
    from examples.flask_twins.debug import app

    result, _ = run_case(app, Case("boom", "/boom"), "127.0.0.1")
    assert result.status == 500 and SECRET.encode() not in result.body
    records = [r for r in caplog.records if r.name == app.logger.name and r.exc_info]
    assert len(records) == 1 and SECRET in str(records[0].exc_info[1])  # type: ignore[index]


# -- Werkzeug's interactive debugger: what a client on another machine can do ---------


def test_flask_debugger_console_runs_code_for_a_remote_client_with_the_pin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Remote code execution: from 10.1.2.3, the page gives the debugger's secret and a
    frame id; with the PIN (printed on the server's console) the frame runs any code."""
    pytest.importorskip("flask")
    debugged = debugged_flask("debug", monkeypatch)
    client = Client(debugged)
    remote = {"REMOTE_ADDR": "10.1.2.3", "wsgi.errors": io.StringIO()}
    page = client.get("/boom", environ_overrides=remote).get_data(as_text=True)
    secret = re.search(r'SECRET = "([^"]+)"', page)
    frames = re.findall(r'id="frame-(\d+)"', page)
    assert secret is not None and secret.group(1) == debugged.secret, "the page holds the key"
    assert frames, "and the ids of the frames it keeps in this process's memory"
    key = secret.group(1)

    def command(**args: str) -> str:
        query = {"__debugger__": "yes", "s": key, **args}
        response = client.get("/", query_string=query, environ_overrides=remote)
        return response.get_data(as_text=True)

    assert SECRET not in command(cmd="password", frm=frames[-1])  # no PIN, no code
    assert '"auth": true' in command(cmd="pinauth", pin=debugged.pin)
    assert SECRET in command(cmd="password", frm=frames[-1])  # the view's local variable
    assert str(os.getpid()) in command(cmd="__import__('os').getpid()", frm=frames[-1])


@pytest.mark.parametrize("address", LOOPBACK + REMOTE)
def test_errors_twin_under_flask_run_debug_sends_its_secret(
    monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    """examples/flask_twins/errors.py says its 500 sends nothing of the exception: true
    with debug off; under ``flask run --debug`` the page has the traceback and the
    password, for any client."""
    pytest.importorskip("flask")
    result, _ = run_case(debugged_flask("errors", monkeypatch), Case("boom", "/boom"), address)
    assert result.status == 500
    assert result.headers["content-type"] == HTML
    assert b"the database password is hunter2" in result.body, (
        "Flask's debug mode sends the errors twin's traceback, secret included")


# -- real processes --------------------------------------------------------------------


@pytest.mark.server
def test_serve_debug_shows_the_traceback_to_this_machine(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    argv = serve_argv("examples.kit.debug", "--debug", "--port", str(port))
    with running(argv, port, log=log) as proc:
        status, headers, body = http_request(port, "GET", "/")
        assert (status, body.decode()) == (200, INDEX_ON.replace("{prefix}", ""))
        status, headers, body = http_request(port, "GET", "/boom")
        assert status == 500 and headers["content-type"] == TEXT
        assert body.decode().startswith(TRACEBACK) and RAISED in body.decode()
    assert proc.returncode == 0
    text = log.read_text("utf-8")
    assert "--debug: a failing request from this machine gets its traceback" in text
    assert "wsgikit.debug: error in GET '/boom':" in text  # and the server's log has it


@pytest.mark.server
@pytest.mark.parametrize("module", ["examples.raw.debug", "examples.kit.debug"])
@pytest.mark.parametrize("flag", ["1", "0"])
def test_wsgikit_debug_is_read_when_the_module_is_imported(module: str, flag: str) -> None:
    """The server's environment, read once at import: WSGIKIT_DEBUG=1 and nothing else."""
    port = free_port()
    argv = serve_argv(module, "--port", str(port))
    with running(argv, port, env={"WSGIKIT_DEBUG": flag}) as proc:
        status, _, body = http_request(port, "GET", "/boom")
    assert proc.returncode == 0 and status == 500
    if flag == "1":
        assert body.decode().startswith(TRACEBACK) and SECRET in body.decode()
    else:
        assert body == GENERIC.encode()


@pytest.mark.server
@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "::"])
def test_serve_debug_refuses_an_address_that_is_not_loopback(host: str) -> None:
    port = free_port()
    started = time.monotonic()
    result = subprocess.run(serve_argv("examples.kit.debug", "--debug", "--host", host,
                                       "--port", str(port)),
                            cwd=ROOT, capture_output=True, text=True, timeout=20)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "wsgikit.serve: error: --debug sends tracebacks, and the secrets in them, to the "
        f"client: it binds to a loopback address only, not {host}"
    ]
    assert "serving" not in result.stdout + result.stderr
    assert time.monotonic() - started < 10  # no reloader, no child: it never bound


def _children(pid: int) -> list[int]:
    """The PIDs of ``pid``'s children (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


@contextmanager
def flask_run_debug(module: str, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``flask --app <module> run --debug --port P``, as a learner types it.

    ``--debug`` brings Werkzeug's reloader: the process started here binds the port and
    runs the server in a child, and on SIGTERM it exits without stopping that child.  So
    the child is found by its parent's PID and stopped by its own PID first.
    """
    argv = [str(VENV_BIN / "flask"), "--app", module, "run", "--debug", "--port", str(port)]
    children: list[int] = []
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, proc)
            deadline = time.monotonic() + 20
            while not children and time.monotonic() < deadline:
                children = _children(proc.pid)
                time.sleep(0.05)
            assert children, "the reloader started no child"
            yield proc
        finally:
            children = children or _children(proc.pid)
            for child in children:
                _stop_pid(child)
            stop(proc, signal.SIGTERM)


def _stop_pid(pid: int, timeout: float = 10.0) -> None:
    """SIGTERM to ``pid``, SIGKILL if it is still there after ``timeout`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            if "Z" in _state(pid):
                return  # exited; its parent has yet to reap it
            time.sleep(0.05)
        if not Path(f"/proc/{pid}").exists():
            return


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


@pytest.mark.server
@pytest.mark.parametrize(
    ("module", "secret"),
    [
        pytest.param("examples.flask_twins.debug", SECRET, id="debug"),
        pytest.param("examples.flask_twins.errors", "the database password is hunter2",
                     id="errors"),
    ],
)
def test_flask_run_debug_sends_the_html_traceback(module: str, secret: str,
                                                  tmp_path: Path) -> None:
    pytest.importorskip("flask")
    port = free_port()
    log = tmp_path / "flask.log"
    with flask_run_debug(module, port, log) as proc:
        status, headers, body = http_request(port, "GET", "/boom")
        children = _children(proc.pid)
    page = body.decode("utf-8")
    assert status == 500 and headers["content-type"] == HTML
    assert "Werkzeug Debugger" in page and "Traceback <em>(most recent call last)</em>" in page
    assert secret in page.replace("&#39;", "'"), f"{module}: the secret goes to the client"
    text = log.read_text("utf-8")
    assert "Debugger is active!" in text
    assert re.search(r"Debugger PIN: \d{3}-\d{3}-\d{3}", text), text
    assert all(_state(child) in ("gone", "Z") for child in children)
