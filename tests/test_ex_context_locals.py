"""context_locals: requests that overlap each read their own name, and no request means an error.

Two ways to overlap requests, for every form.  In process, the 0.3 seconds
``greeting()`` sleeps become a wait (``InTurn``): no request may read its name
until all of them are inside ``greeting()`` at once, each with its own request
set, so they overlap for certain.  Over HTTP, ``python -m wsgikit.serve`` serves each
request in its own thread, and the requests are sent together; no time is
measured.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from examples.catalog import FORMS
from tests.casekit import FORMS_PRESENT, Case, call_wsgi, load_app
from tests.servers import ROOT, free_port, http_request, running, serve_argv

NAMES = ["Arthur", "Guinevere", "김철수", "Lancelot"]
QUOTED = {"김철수": "%EA%B9%80%EC%B2%A0%EC%88%98"}


def module_of(form: str) -> Any:
    return importlib.import_module(f"{FORMS[form][0]}.context_locals")


def together(count: int, call: Any) -> list[Any]:
    """``call(i)`` for i in range(count), each in its own thread, all started together."""
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(call, range(count)))


class InTurn:
    """A stand-in for ``time.sleep`` in ``greeting()``: wait until every request is in
    there at once, then let them read their names one by one, in the order they came.

    The order matters for the proof: the first request in reads while every other has
    set its own request since, so a module global would give it the last one's name.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self.arrived: list[int] = []  # thread idents, in the order they reached greeting()
        self.finished = 0
        self.turn = threading.Condition()

    def sleep(self, seconds: float) -> None:
        me = threading.get_ident()
        with self.turn:
            self.arrived.append(me)
            self.turn.notify_all()
            in_turn = self.turn.wait_for(
                lambda: len(self.arrived) == self.count and self.arrived[self.finished] == me,
                timeout=10,
            )
        assert in_turn, "the requests were never all inside greeting() at once"

    def done(self) -> None:
        with self.turn:
            self.finished += 1
            self.turn.notify_all()


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_overlapping_requests_each_read_their_own_name(
    form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = load_app(form, "context_locals")
    clock = InTurn(len(NAMES))
    monkeypatch.setattr(module_of(form), "time", SimpleNamespace(sleep=clock.sleep))

    def ask(i: int) -> tuple[int, bytes]:
        name = QUOTED.get(NAMES[i], NAMES[i])
        try:
            result = call_wsgi(app, Case("slow", f"/slow?name={name}"))
        finally:
            clock.done()
        return result.status, result.body

    answers = together(len(NAMES), ask)
    assert answers == [(200, f"Hello, {name}!".encode()) for name in NAMES]


@pytest.mark.server
@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_a_threaded_server_keeps_overlapping_requests_apart(form: str) -> None:
    port = free_port()
    start = threading.Barrier(len(NAMES))

    def ask(i: int) -> tuple[int, bytes]:
        start.wait(timeout=10)
        status, _, body = http_request(port, "GET", f"/slow?name={QUOTED.get(NAMES[i], NAMES[i])}")
        return status, body

    with running(serve_argv(f"{FORMS[form][0]}.context_locals", "--port", str(port)), port):
        answers = together(len(NAMES), ask)
    assert answers == [(200, f"Hello, {name}!".encode()) for name in NAMES]


def test_the_raw_proxy_outside_a_request_raises() -> None:
    raw = module_of("raw")
    with pytest.raises(RuntimeError, match="outside a request"):
        raw.request.args  # noqa: B018
    with pytest.raises(RuntimeError, match="outside a request"):
        raw.greeting(0)


def test_the_raw_middleware_leaves_no_request_behind() -> None:
    raw = module_of("raw")
    assert call_wsgi(raw.application, Case("name", "/?name=Arthur")).body == b"Hello, Arthur!"
    # the thread that served it is outside a request again
    assert raw.current_environ.get(None) is None


def test_raw_request_context_is_test_request_context() -> None:
    raw = module_of("raw")
    environ: dict[str, Any] = {"QUERY_STRING": "name=John%20Doe"}
    setup_testing_defaults(environ)
    with raw.request_context(environ):
        assert raw.greeting(0) == "Hello, John Doe!"
    assert raw.current_environ.get(None) is None


def test_flask_request_outside_a_request_raises() -> None:
    if "flask" not in FORMS_PRESENT:
        pytest.skip("no flask form")
    twin = module_of("flask")
    with pytest.raises(RuntimeError, match="Working outside of request context"):
        twin.greeting()


def test_the_kit_helper_needs_only_a_request() -> None:
    from wsgikit import Request

    kit = module_of("kit")
    assert kit.greeting(Request({"QUERY_STRING": "name=John+Doe"})) == "Hello, John Doe!"
    assert kit.greeting(Request({})) == "Hello, World!"


def test_the_kit_builds_urls_outside_any_request() -> None:
    kit = module_of("kit")
    assert kit.built_urls("/myapplication") == {
        "index": "/",
        "slow": "/slow?name=John+Doe",
        "mounted": "/myapplication/slow?name=John+Doe",
    }
    # and the URL leads to the page
    body = call_wsgi(kit.application, Case("built", kit.built_urls()["slow"])).body
    assert body == b"Hello, John Doe!"


SCRIPT_OUTPUT = (
    "/\n"
    "/slow?name=John+Doe\n"
    "Hello, John Doe!\n"
    "/myapplication/slow?name=John+Doe\n"
    "outside a request: Working outside of request context.\n"
)


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["-m", "examples.flask_twins.context_locals_script"], id="module"),
        pytest.param([str(ROOT / "examples/flask_twins/context_locals_script.py")], id="file"),
    ],
)
def test_the_twin_script_builds_urls_in_a_test_request_context(argv: list[str]) -> None:
    if "flask" not in FORMS_PRESENT:
        pytest.skip("no flask form")
    done = subprocess.run(
        [sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == SCRIPT_OUTPUT
