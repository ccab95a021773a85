"""hooks: the first-request hook runs once per app even when 16 threads race for it.

``make_app()`` builds a fresh app with its own state, so each test starts from
an app that has served nothing yet.
"""

from __future__ import annotations

import importlib
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from examples.catalog import FORMS
from tests.casekit import FORMS_PRESENT, Case, Result, call_wsgi

TIMING = re.compile(r"app;dur=([0-9]+\.[0-9]{3})")


def fresh_app(form: str) -> Any:
    return importlib.import_module(f"{FORMS[form][0]}.hooks").make_app()


def runs(result: Result) -> int:
    assert result.status == 200, result.body
    value: int = json.loads(result.body)["first_request_runs"]
    return value


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize("round", range(10))
def test_first_request_hook_runs_once_under_16_threads(form: str, round: int) -> None:
    app = fresh_app(form)
    barrier = threading.Barrier(16)

    def hit(_: int) -> Result:
        barrier.wait()  # all 16 threads send their first request at once
        return call_wsgi(app, Case("root", "/"))

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(hit, range(16)))
    assert [runs(result) for result in results] == [1] * 16
    assert runs(call_wsgi(app, Case("again", "/"))) == 1


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_each_app_has_its_own_state(form: str) -> None:
    first, second = fresh_app(form), fresh_app(form)
    assert runs(call_wsgi(first, Case("a", "/"))) == 1
    assert runs(call_wsgi(second, Case("b", "/"))) == 1
    assert runs(call_wsgi(first, Case("c", "/"))) == 1


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_a_404_as_first_request_runs_the_hook_too(form: str) -> None:
    app = fresh_app(form)
    assert call_wsgi(app, Case("missing", "/nope")).status == 404
    assert runs(call_wsgi(app, Case("root", "/"))) == 1


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize(
    "case",
    [
        Case("ok", "/"),
        Case("head", "/", "HEAD"),
        Case("options", "/", "OPTIONS"),
        Case("not-allowed", "/", "POST", status=405),
        Case("not-found", "/x", status=404),
    ],
    ids=lambda case: case.id,
)
def test_every_response_has_server_timing(form: str, case: Case) -> None:
    result = call_wsgi(fresh_app(form), case)
    assert result.status == case.status
    match = TIMING.fullmatch(result.headers.get("server-timing", ""))
    assert match, result.headers
    assert 0 <= float(match.group(1)) < 60_000


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_the_seeds_lines_are_printed_around_each_request(
    form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    app = fresh_app(form)
    for path in ("/", "/nope"):
        call_wsgi(app, Case("x", path))
    assert capsys.readouterr().out.splitlines() == [
        "HTTP request를 받음", "HTTP request에 대한 처리가 끝남"] * 2


@pytest.mark.server
def test_the_seeds_lines_reach_the_servers_log(tmp_path: Any) -> None:
    from tests.servers import free_port, http_request, running, serve_argv

    port, log = free_port(), tmp_path / "serve.log"
    with running(serve_argv("--port", str(port)), port, log=log):
        for form in FORMS_PRESENT:
            assert http_request(port, "GET", f"/{form}/hooks/")[0] == 200
        deadline = time.monotonic() + 5
        while log.read_text("utf-8").count("처리가 끝남") < len(FORMS_PRESENT):
            assert time.monotonic() < deadline, log.read_text("utf-8")
            time.sleep(0.05)
    lines = [line for line in log.read_text("utf-8").splitlines() if "HTTP request" in line]
    assert lines == ["HTTP request를 받음", "HTTP request에 대한 처리가 끝남"] * len(FORMS_PRESENT)
