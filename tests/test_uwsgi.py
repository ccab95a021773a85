"""uWSGI as ``uwsgi.ini`` and ``uwsgi2.ini`` run it: the faults of issue 9, as tests.

Every server here is a real uWSGI on free loopback ports, started from a copy of
the ini file that changes only its addresses (``tests.servers.ini_copy``) and
stopped by its own PID.

- a traceback written to ``wsgi.errors`` reaches the log at once: uWSGI buffers
  the stream, and PEP 3333 says to flush it;
- uWSGI stops without "Fatal Python error" (left-over sub-interpreters);
- a request that uWSGI's ``http-socket`` hands over without ``REQUEST_METHOD``
  gets a 400, not a 500 with an empty reply;
- clients that send their headers a byte a second do not take the HTTP port
  offline, and chunked bodies still reach the apps through its HTTP router.
"""

from __future__ import annotations

import http.client
import json
import re
import select
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import Client, EnvironBuilder

from tests.casekit import _response_checker
from tests.servers import (
    VENV_BIN,
    free_port,
    http_request,
    ini_copy,
    raw_request,
    running,
    stop,
    uwsgi_argv,
)

pytestmark = pytest.mark.server

UWSGI = str(VENV_BIN / "uwsgi")
BOOM = "wsgikit: error in GET /kit/errors/boom:"


@contextmanager
def serving_ini(name: str, tmp: Path,
                log: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """uWSGI with a copy of the ini file ``name``; yields its HTTP port and process."""
    port = free_port()
    argv = [UWSGI, "--ini", str(ini_copy(name, tmp, http=port, socket=free_port()))]
    with running(argv, port, log=log, sig=signal.SIGTERM) as proc:
        yield port, proc


def wait_for_text(log: Path, found: Callable[[str], bool], timeout: float = 5.0) -> str:
    """The log's text once ``found(text)`` holds, or as it is after ``timeout``."""
    deadline = time.monotonic() + timeout
    text = log.read_text(errors="replace")
    while not found(text) and time.monotonic() < deadline:
        time.sleep(0.1)
        text = log.read_text(errors="replace")
    return text


@pytest.fixture(scope="module")
def ini_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """One uWSGI with ``uwsgi.ini`` for the tests that do not stop it; (port, log)."""
    tmp = tmp_path_factory.mktemp("uwsgi-ini")
    log = tmp / "uwsgi.log"
    with serving_ini("uwsgi.ini", tmp, log) as (port, _):
        yield port, log


# -- wsgi.errors is flushed ---------------------------------------------------------


def test_tracebacks_reach_the_log_at_once(ini_server: tuple[int, Path]) -> None:
    port, log = ini_server
    for _ in range(4):
        status, _, body = http_request(port, "GET", "/kit/errors/boom")
        assert status == 500 and b"hunter2" not in body
    text = wait_for_text(log, lambda text: text.count(BOOM) >= 4)
    assert text.count(BOOM) == 4, text[-3000:]
    assert text.count("RuntimeError: the database password is hunter2") == 4


def test_request_lines_reach_the_log_at_once(ini_server: tuple[int, Path]) -> None:
    port, log = ini_server
    for n in range(4):  # the wsgi-environ exercise writes one line per request
        assert http_request(port, "GET", f"/kit/wsgi-environ/flush-probe-{n}")[0] == 200
    lines = re.compile(r"^GET /flush-probe-\d$", re.MULTILINE)
    text = wait_for_text(log, lambda text: len(lines.findall(text)) >= 4)
    assert len(lines.findall(text)) == 4, text[-3000:]


# -- a clean stop -------------------------------------------------------------------


@pytest.mark.parametrize(("ini", "apps", "sig"), [
    pytest.param("uwsgi.ini", 1, signal.SIGTERM, id="uwsgi.ini-SIGTERM"),
    pytest.param("uwsgi2.ini", 2, signal.SIGTERM, id="uwsgi2.ini-SIGTERM"),
    pytest.param("uwsgi2.ini", 2, signal.SIGINT, id="uwsgi2.ini-SIGINT"),
])
def test_stops_cleanly(ini: str, apps: int, sig: int, tmp_path: Path) -> None:
    log = tmp_path / "uwsgi.log"
    with serving_ini(ini, tmp_path, log) as (port, proc):
        # lazy-apps: each of the 2 workers imports its apps after the fork; stop
        # once all have, as a deployment would be stopped.
        wait_for_text(log, lambda text: text.count(") ready in ") >= 2 * apps, timeout=20)
        assert http_request(port, "GET", "/kit/hello/")[0] == 200
        if ini == "uwsgi2.ini":  # the app uWSGI mounts itself, as the seed's uwsgi2.ini
            data, json_type = b'{"name": "x"}', {"Content-Type": "application/json"}
            # the bare mount point, the seed's URL: a 308 to it with a slash, as Flask answers
            status, headers, _ = http_request(port, "POST", "/60162176", data, json_type)
            assert (status, headers.get("location")) == (308, "/60162176/")
            status, _, body = http_request(port, "POST", "/60162176/", data, json_type)
            assert (status, body) == (200, b"Hello World x")
        returncode = stop(proc, sig)
    text = log.read_text(errors="replace")
    assert "Fatal" not in text, text[-3000:]
    assert "goodbye to uWSGI" in text and returncode == 0, (returncode, text[-3000:])


# -- a request without REQUEST_METHOD -----------------------------------------------


def _no_method_environ(path: str) -> dict[str, Any]:
    environ: dict[str, Any] = EnvironBuilder(path=path).get_environ()
    del environ["REQUEST_METHOD"]
    return environ


def _app(name: str) -> Any:
    if name == "gallery":
        from examples.gallery import application
    elif name == "kit-hello":
        from examples.kit.hello import application
    else:
        from wsgikit import Router, text_response

        application = Router()
        application.add("/", text_response("home"))
    return application


@pytest.mark.parametrize(("name", "path"), [
    ("gallery", "/"), ("gallery", "/kit/hello/"), ("kit-hello", "/"), ("router", "/"),
])
def test_no_request_method_is_a_400(name: str, path: str) -> None:
    # wsgiref's validator refuses such an environ before the app runs: check the response.
    checked = _response_checker(_app(name))
    app_iter, status, headers = Client(checked).run_wsgi_app(_no_method_environ(path),
                                                             buffered=True)
    body = b"".join(app_iter)
    assert status.startswith("400 "), (status, body)
    assert b"method" in body
    assert headers["Content-Length"] == str(len(body))


PROXY_V2 = b"\r\n\r\n\x00\r\nQUIT\n\x21\x11\x00\x0c\x7f\x00\x00\x01\x7f\x00\x00\x01\x30\x39\x00\x50"
#: request lines that uWSGI's http-socket passes on without REQUEST_METHOD (nor PATH_INFO)
MALFORMED = [
    pytest.param(b"\r\n\r\nGET /kit/hello/ HTTP/1.1\r\nHost: x\r\n\r\n", id="two-leading-crlf"),
    pytest.param(b"GET\n/kit/hello/\nHTTP/1.1\r\n\r\n", id="lf-separated"),
    pytest.param(PROXY_V2 + b"GET /kit/hello/ HTTP/1.1\r\nHost: x\r\n\r\n", id="proxy-v2-prefix"),
]


@pytest.fixture(scope="module", params=["examples.gallery", "examples.kit.hello"])
def http_socket(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """An app under ``uwsgi --http-socket``, as the parity matrix and the README run it."""
    port = free_port()
    log = tmp_path_factory.mktemp("uwsgi-http-socket") / "uwsgi.log"
    argv = uwsgi_argv("--master", "--threads", "2", "--http-socket", f"127.0.0.1:{port}",
                      "--module", f"{request.param}:application")
    with running(argv, port, log=log, sig=signal.SIGTERM):
        yield port


@pytest.mark.parametrize("data", MALFORMED)
def test_malformed_request_line_over_http_socket(http_socket: int, data: bytes) -> None:
    reply = raw_request(http_socket, data)
    assert reply.startswith(b"HTTP/1."), f"no HTTP response: {reply[:200]!r}"
    status = int(reply.split(b" ", 2)[1])
    assert 400 <= status < 500 and b"method" in reply, reply[:300]


@pytest.mark.parametrize("data", MALFORMED)
def test_malformed_request_line_through_the_http_router(ini_server: tuple[int, Path],
                                                        data: bytes) -> None:
    # uWSGI's HTTP router refuses these itself: it closes the connection without an
    # answer (it has no error page) and without calling the app.  It must stay up.
    port, log = ini_server
    reply = raw_request(port, data)
    assert reply == b"" or reply.startswith(b"HTTP/1.1 400 "), reply[:300]
    assert http_request(port, "GET", "/kit/hello/")[0] == 200
    assert "REQUEST_METHOD" not in log.read_text(errors="replace")


# -- slow clients -------------------------------------------------------------------


@contextmanager
def trickling(port: int, clients: int) -> Iterator[Callable[[], None]]:
    """``clients`` connections that send a request's headers one byte per call of the
    function yielded, never finishing them; all closed on the way out."""
    head = b"GET /kit/hello/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"s" * 1000
    socks = []
    sent = 0
    try:
        for _ in range(clients):
            sock = socket.socket()
            socks.append(sock)
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", port))
        # Let the connections complete (a server that accepts nothing leaves them in
        # its backlog, or unanswered past it: go on after a bound either way).
        pending = list(socks)
        deadline = time.monotonic() + 3.0
        while pending and time.monotonic() < deadline:
            _, ready, _ = select.select([], pending, [], 0.1)
            pending = [sock for sock in pending if sock not in ready]

        def send_one_byte() -> None:
            nonlocal sent
            for sock in socks:
                try:
                    sock.send(head[sent : sent + 1])
                except OSError:
                    pass  # not connected (yet), or dropped by the server
            sent += 1

        yield send_one_byte
    finally:
        for sock in socks:
            sock.close()


def test_slow_clients_leave_the_http_port_serving(ini_server: tuple[int, Path]) -> None:
    port, _ = ini_server
    with trickling(port, 200) as send_one_byte:
        for second in range(5):
            started = time.monotonic()
            send_one_byte()
            try:  # the liveness bound: served within a second
                status, _, body = http_request(port, "GET", "/kit/hello/", timeout=1.0)
            except OSError as exc:
                pytest.fail(f"second {second} of the trickle: no answer within 1 s ({exc!r})")
            assert (status, body) == (200, b"Hello, World!")
            time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


# -- request bodies through the HTTP router -----------------------------------------


@pytest.mark.parametrize("size", [pytest.param(100, id="small"),
                                  pytest.param(200_000, id="past-post-buffering")])
@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length"])
def test_json_post_through_the_http_port(ini_server: tuple[int, Path], chunked: bool,
                                         size: int) -> None:
    port, _ = ini_server
    body = json.dumps({"key1": "v" * size}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("POST", "/kit/json-echo/")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("User-Agent", "curl/8.5.0")
        if chunked:
            conn.putheader("Transfer-Encoding", "chunked")
            chunks = [body[i : i + 1000] for i in range(0, len(body), 1000)]
            conn.endheaders(iter(chunks), encode_chunked=True)
        else:
            conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
        response = conn.getresponse()
        status, answer = response.status, response.read()
    finally:
        conn.close()
    assert status == 200, answer[:300]
    assert json.loads(answer)["key1"] == "v" * size
