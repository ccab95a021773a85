"""``wsgikit.DebugTracebacks``: the traceback to a loopback client, a bare 500 to any other.

Tiny inline apps, each wrapped in ``wsgiref.validate.validator``.  Most run
through werkzeug's ``Client`` (which sets no ``REMOTE_ADDR`` of its own: each
test sets it); where the app has called ``start_response`` before it fails,
they run under wsgiref's own ``SimpleHandler``, a real PEP 3333 server that
replaces headers it has not sent and re-raises once it has (werkzeug's
``Client`` re-raises any ``exc_info``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any
from wsgiref.handlers import SimpleHandler
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client, EnvironBuilder

from wsgikit import DebugTracebacks, NotFound, Request, Router, handler
from wsgikit.debug import from_loopback

SECRET = "hunter2-test-0451"
GENERIC = b"500 Internal Server Error"
TEXT = "text/plain; charset=utf-8"

LOOPBACK = ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]
OTHERS = ["10.1.2.3", "192.0.2.1", "2001:db8::1", "::ffff:10.0.0.1", "0.0.0.0", "::",
          "", "localhost", "not an address", None]


class Errors(io.StringIO):
    """``wsgi.errors`` that counts its flushes."""

    flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def run(app: Any, remote_addr: str | None = "127.0.0.1", path: str = "/boom",
        method: str = "GET", headers: dict[str, str] | None = None
        ) -> tuple[int, dict[str, str], bytes, Errors]:
    header_list = list((headers or {}).items())
    environ = EnvironBuilder(path=path, method=method, headers=header_list).get_environ()
    if remote_addr is not None:
        environ["REMOTE_ADDR"] = remote_addr
    errors = Errors()
    environ["wsgi.errors"] = errors
    app_iter, status, got = Client(validator(app)).run_wsgi_app(environ, buffered=True)
    lowered = {name.lower(): value for name, value in got.items()}
    return int(status.split()[0]), lowered, b"".join(app_iter), errors


def ignore(status: str, headers: Any, exc_info: Any = None) -> Any:
    """A start_response that sends nothing."""


def fails_at_call(environ: Any, start_response: Any) -> Iterable[bytes]:
    password = SECRET
    raise RuntimeError(f"the password is {password}")


def fails_in_body(environ: Any, start_response: Any) -> Iterator[bytes]:
    """A generator: start_response is called at the first next(), then the body fails."""
    start_response("200 OK", [("Content-Type", TEXT)])
    raise RuntimeError(f"the password is {SECRET}")
    yield b"never"  # a generator, for the line above to run during iteration


class ClosingBody:
    """A body that fails on its first item (or never) and notes its close()."""

    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.closed = 0

    def __iter__(self) -> Iterator[bytes]:
        if self.fail:
            raise RuntimeError(f"the password is {SECRET}")
        yield b"fine"

    def close(self) -> None:
        self.closed += 1


def app_with(body: ClosingBody, *, start: bool) -> Any:
    def app(environ: Any, start_response: Any) -> Iterable[bytes]:
        if start:
            start_response("200 OK", [("Content-Type", TEXT)])
        return body

    return app


def fails_in_iteration() -> Any:
    """An app whose body fails before it has called start_response."""
    return app_with(ClosingBody(fail=True), start=False)


FAILING = [pytest.param(lambda: fails_at_call, id="at-call"),
           pytest.param(fails_in_iteration, id="in-body")]


# -- who gets the traceback -------------------------------------------------------


@pytest.mark.parametrize("address", LOOPBACK)
@pytest.mark.parametrize("make_app", FAILING)
def test_a_loopback_client_gets_the_traceback(make_app: Any, address: str) -> None:
    status, headers, body, _ = run(DebugTracebacks(make_app()), address)
    assert status == 500
    assert headers["content-type"] == TEXT
    assert headers["content-length"] == str(len(body))
    text = body.decode("utf-8")
    assert text.startswith("Traceback (most recent call last):\n")
    assert f"RuntimeError: the password is {SECRET}" in text
    assert "test_debug.py" in text


@pytest.mark.parametrize("address", OTHERS)
@pytest.mark.parametrize("make_app", FAILING)
def test_any_other_client_gets_the_bare_500(make_app: Any, address: str | None) -> None:
    status, headers, body, errors = run(DebugTracebacks(make_app()), address)
    assert (status, body) == (500, GENERIC)
    assert headers["content-type"] == TEXT
    assert headers["content-length"] == str(len(GENERIC))
    assert SECRET.encode() not in body
    assert SECRET in errors.getvalue()  # ... while the log has it all


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"X-Forwarded-For": "127.0.0.1"}, id="x-forwarded-for"),
        pytest.param({"X-Real-IP": "::1", "Forwarded": "for=127.0.0.1"}, id="x-real-ip"),
        pytest.param({"Host": "127.0.0.1:8000"}, id="host"),
        pytest.param({"Host": "localhost"}, id="host-localhost"),
    ],
)
def test_headers_the_client_writes_do_not_make_it_local(headers: dict[str, str]) -> None:
    status, _, body, _ = run(DebugTracebacks(fails_at_call), "10.1.2.3", headers=headers)
    assert (status, body) == (500, GENERIC)


@pytest.mark.parametrize(
    ("address", "local"),
    [*((a, True) for a in LOOPBACK), *((a, False) for a in OTHERS)],
)
def test_from_loopback(address: str | None, local: bool) -> None:
    environ = {} if address is None else {"REMOTE_ADDR": address}
    assert from_loopback(environ) is local


def test_head_gets_the_length_and_no_body() -> None:
    status, headers, body, _ = run(DebugTracebacks(fails_at_call), method="HEAD")
    assert (status, body) == (500, b"")
    assert int(headers["content-length"]) > len(GENERIC)  # the traceback's length


# -- the log --------------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3"])
def test_the_traceback_is_logged_and_flushed_for_every_client(address: str) -> None:
    _, _, _, errors = run(DebugTracebacks(fails_at_call), address)
    logged = errors.getvalue()
    assert logged.startswith("wsgikit.debug: error in GET '/boom':\nTraceback")
    assert f"RuntimeError: the password is {SECRET}" in logged
    assert errors.flushes >= 1


def test_a_newline_in_the_path_cannot_forge_a_log_line() -> None:
    _, _, _, errors = run(DebugTracebacks(fails_at_call), path="/x%0AERROR forged")
    first = errors.getvalue().splitlines()[0]
    assert first == "wsgikit.debug: error in GET '/x\\nERROR forged':"


def test_a_request_that_works_is_passed_through() -> None:
    body = [b"fine"]

    def app(environ: Any, start_response: Any) -> list[bytes]:
        assert environ["wsgikit.debug"] is True
        start_response("200 OK", [("Content-Type", TEXT), ("Content-Length", "4")])
        return body

    assert DebugTracebacks(app)({"REQUEST_METHOD": "GET"}, ignore) is body
    status, _, got, errors = run(DebugTracebacks(app), path="/")
    assert (status, got, errors.getvalue()) == (200, b"fine", "")


def test_base_exceptions_are_not_caught() -> None:
    def app(environ: Any, start_response: Any) -> Iterable[bytes]:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        DebugTracebacks(app)({"REQUEST_METHOD": "GET", "wsgi.errors": Errors()}, ignore)


# -- close() ----------------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3"])
def test_close_is_called_on_a_body_that_fails(address: str) -> None:
    body = ClosingBody(fail=True)
    status, _, got, _ = run(DebugTracebacks(app_with(body, start=False)), address)
    assert status == 500 and got.startswith(b"Traceback" if address == "127.0.0.1" else GENERIC)
    assert body.closed == 1


def test_close_is_called_on_a_body_that_works() -> None:
    body = ClosingBody(fail=False)
    status, _, got, _ = run(DebugTracebacks(app_with(body, start=True)), path="/")
    assert (status, got, body.closed) == (200, b"fine", 1)


# -- start_response called before the failure: a real PEP 3333 server ------------


def serve_once(app: Any, remote_addr: str) -> tuple[bytes, str]:
    """One GET /boom through wsgiref's SimpleHandler: the bytes sent, and its error log."""
    environ = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": "/boom", "QUERY_STRING": "",
        "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": remote_addr,
    }
    stdout, stderr = io.BytesIO(), io.StringIO()
    SimpleHandler(io.BytesIO(), stdout, stderr, environ, multithread=False).run(validator(app))
    return stdout.getvalue(), stderr.getvalue()


def status_line(sent: bytes) -> bytes:
    """The status line without its HTTP version (wsgiref's handler says HTTP/1.0)."""
    return sent.split(b"\r\n", 1)[0].split(b" ", 1)[1]


@pytest.mark.parametrize(("address", "want"), [("127.0.0.1", b"Traceback"), ("10.1.2.3", GENERIC)])
@pytest.mark.parametrize("generator", [False, True], ids=["iterable", "generator"])
def test_headers_held_but_not_sent_are_replaced(generator: bool, address: str, want: bytes) -> None:
    body = ClosingBody(fail=True)
    app = fails_in_body if generator else app_with(body, start=True)
    sent, log = serve_once(DebugTracebacks(app), address)
    assert status_line(sent) == b"500 Internal Server Error"
    head, _, got = sent.partition(b"\r\n\r\n")
    assert b"Content-Type: text/plain; charset=utf-8" in head
    assert got.startswith(want)
    assert (SECRET.encode() in got) is (address == "127.0.0.1")
    assert log.startswith("wsgikit.debug: error in GET '/boom':\nTraceback")
    assert body.closed == (0 if generator else 1)


def test_headers_already_sent_are_not_rewritten_and_the_server_drops_it() -> None:
    class Streams(ClosingBody):
        def __iter__(self) -> Iterator[bytes]:
            yield b"partial"
            raise RuntimeError(f"the password is {SECRET}")

    body = Streams(fail=True)
    sent, log = serve_once(DebugTracebacks(app_with(body, start=True)), "127.0.0.1")
    assert status_line(sent) == b"200 OK"
    assert sent.endswith(b"\r\n\r\npartial")  # then cut off: no traceback after the headers
    assert log.startswith("wsgikit.debug: error in GET '/boom':\nTraceback")
    assert body.closed == 1


def test_a_second_start_response_carries_exc_info() -> None:
    calls: list[tuple[str, Any]] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        calls.append((status, exc_info))
        return lambda data: None

    environ = {"REQUEST_METHOD": "GET", "REMOTE_ADDR": "127.0.0.1", "wsgi.errors": Errors()}
    app = DebugTracebacks(app_with(ClosingBody(fail=True), start=True))
    body = app(environ, start_response)
    b"".join(body)
    body.close()  # type: ignore[attr-defined]
    (first, none), (second, exc_info) = calls
    assert (first, none, second) == ("200 OK", None, "500 Internal Server Error")
    assert exc_info[0] is RuntimeError


def test_a_first_start_response_carries_none() -> None:
    calls: list[Any] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        calls.append(exc_info)

    environ = {"REQUEST_METHOD": "GET", "wsgi.errors": Errors()}
    DebugTracebacks(fails_at_call)(environ, start_response)
    assert calls == [None]


# -- under a Router --------------------------------------------------------------


def router_app() -> Router:
    router = Router()

    @router.route("/boom")
    @handler
    def boom(request: Request) -> str:
        raise RuntimeError(f"the password is {SECRET}")

    @router.route("/missing")
    @handler
    def missing(request: Request) -> str:
        raise NotFound("no such thing")

    @router.route("/")
    @handler
    def index(request: Request) -> str:
        return "debug" if request.environ.get("wsgikit.debug") else "plain"

    @router.error_handler(500)
    @handler
    def custom_500(request: Request) -> tuple[str, int]:
        return "the router's own 500", 500

    return router


def test_a_router_lets_the_exception_out_to_the_middleware() -> None:
    status, _, body, errors = run(DebugTracebacks(router_app()))
    assert status == 500 and SECRET.encode() in body
    assert errors.getvalue().count("Traceback") == 1  # logged once, by the middleware


def test_a_router_under_it_gives_others_the_bare_500() -> None:
    status, _, body, errors = run(DebugTracebacks(router_app()), "10.1.2.3")
    assert (status, body) == (500, GENERIC)
    assert errors.getvalue().count(SECRET) == 1


def test_a_router_without_it_is_unchanged() -> None:
    status, _, body, errors = run(router_app())
    assert (status, body) == (500, b"the router's own 500")
    assert re.search(r"^wsgikit: error in GET /boom:\nTraceback", errors.getvalue())


def test_http_errors_are_answers_not_failures() -> None:
    status, headers, body, errors = run(DebugTracebacks(router_app()), path="/missing")
    assert status == 404 and headers["content-type"] == "application/problem+json"
    assert errors.getvalue() == ""


def test_a_handler_can_tell_that_debug_mode_is_on() -> None:
    assert run(DebugTracebacks(router_app()), path="/")[2] == b"debug"
    assert run(router_app(), path="/")[2] == b"plain"
