"""The gallery on real servers: ``python -m wsgikit.serve`` and ``uwsgi --ini uwsgi.ini``.

One server of each kind per module (127.0.0.1, free ports, stopped by its own
PID): its pages and assets answer, a request with ``Wsgikit-Trace: 1`` comes
back as the envelope with the app's own status, and that answer passes the
gallery's ``POST /_gallery/check`` on the same server.  The in-process tests
of the same things are in ``tests/test_gallery.py``.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from examples.catalog import FORMS, by_slug
from tests.casekit import Case, Result, expected, load_cases
from tests.servers import (
    VENV_BIN,
    free_port,
    http_case,
    http_request,
    ini_copy,
    running,
    serve_argv,
)
from wsgikit.trace import ENVELOPE_HEADER, HEADER

pytestmark = pytest.mark.server

UWSGI = VENV_BIN / "uwsgi"
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 wsgikit-gallery-test"}


@pytest.fixture(scope="module", params=["wsgikit.serve", "uwsgi"])
def port(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The HTTP port of a gallery served by ``python -m wsgikit.serve`` or by uWSGI."""
    tmp = tmp_path_factory.mktemp(request.param)
    port = free_port()
    if request.param == "uwsgi":
        if not UWSGI.exists():
            pytest.skip("uWSGI is not installed in the venv (make install-dev)")
        copy = ini_copy("uwsgi.ini", tmp, http=port, socket=free_port())
        argv, sig = [str(UWSGI), "--ini", str(copy)], signal.SIGTERM
    else:
        argv, sig = serve_argv("--port", str(port)), signal.SIGINT
    with running(argv, port, sig=sig, log=tmp / "server.log"):
        yield port


@pytest.mark.parametrize(("path", "content_type", "needle"), [
    ("/", "text/html; charset=utf-8", '<a class="exercise" href="/exercises/hello/">'),
    ("/exercises/greet/", "text/html; charset=utf-8", 'id="gallery-data"'),
    ("/_gallery/gallery.css", "text/css; charset=utf-8", ".columns"),
    ("/_gallery/gallery.js", "text/javascript; charset=utf-8", "Wsgikit-Trace"),
])
def test_the_pages_and_assets_answer(port: int, path: str, content_type: str,
                                     needle: str) -> None:
    status, headers, body = http_request(port, "GET", path, headers=BROWSER)
    assert (status, headers["content-type"]) == (200, content_type), body[:300]
    assert needle in body.decode("utf-8")


def the_case(slug: str, case_id: str) -> Case:
    return next(case for case in load_cases(by_slug(slug).module) if case.id == case_id)


def traced(port: int, case: Case, form: str, slug: str) -> dict[str, Any]:
    """The envelope the server's gallery answers to ``case`` with the trace header."""
    result: Result = http_case(port, replace(case, headers={**case.headers, HEADER: "1"}),
                               f"/{form}/{slug}")
    assert result.status == 200, result.body[:300]
    assert result.headers["content-type"] == "application/json"
    body = result.body
    if case.method == "HEAD":  # no body on a HEAD: the envelope comes as a header
        assert body == b""
        body = result.headers[ENVELOPE_HEADER.lower()].encode("ascii")
    envelope: dict[str, Any] = json.loads(body)
    return envelope


def checked(port: int, slug: str, case: Case, form: str, answer: dict[str, Any]) -> Any:
    payload = json.dumps({"slug": slug, "case": case.id, "form": form, "answer": answer})
    status, headers, body = http_request(port, "POST", "/_gallery/check", payload.encode(),
                                         {"Content-Type": "application/json"})
    assert (status, headers["content-type"]) == (200, "application/json"), body[:300]
    return json.loads(body)


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize(("slug", "case_id"), [
    ("hello", "good-post"),            # a 405 with Allow
    ("greet", "korean"),               # UTF-8 in PATH_INFO, as the server hands it over
    ("template", "escaped"),           # HTML, escaped
    ("url-building", "index"),         # URLs under the form's mount point
    ("static", "style"),               # a file with ETag and Last-Modified
    ("status", "head"),                # HEAD: the envelope travels as a header
    ("json-echo", "key1-korean"),      # a JSON body, and Flask's recorded difference
])
def test_a_traced_answer_has_the_apps_status_and_passes_the_check(
        port: int, form: str, slug: str, case_id: str) -> None:
    case = the_case(slug, case_id)
    answer = traced(port, case, form, slug)
    assert int(answer["status"].split()[0]) == expected(case, form).status, answer["status"]
    assert answer["exception"] is None
    names = [layer["name"] for layer in answer["trace"]["layers"]]
    assert "Mount" in names, names
    assert answer["trace"]["environ"]["REQUEST_METHOD"] == case.method
    verdict = checked(port, slug, case, form, answer)
    assert verdict == {"ok": True, "problem": ""}, verdict
    tampered = {**answer, "status": "299 Tampered"}
    assert checked(port, slug, case, form, tampered)["ok"] is False


def test_a_traced_kit_request_shows_the_mount_and_the_route(port: int) -> None:
    answer = traced(port, the_case("greet", "ascii"), "kit", "greet")
    layers = {layer["name"]: layer for layer in answer["trace"]["layers"]}
    assert layers["Mount"]["changed"]["SCRIPT_NAME"] == ["", "/kit/greet"]
    assert layers["Mount"]["changed"]["PATH_INFO"] == ["/kit/greet/Hello/World", "/Hello/World"]
    assert {"wsgiorg.routing_args", "wsgikit.route"} <= set(layers["Router"]["added"])


def test_a_traced_flask_request_notes_the_script_root(port: int) -> None:
    answer = traced(port, the_case("hello", "good"), "flask", "hello")
    assert (answer["status"], answer["body"]) == ("200 OK", "Good World!")
    notes = {key.rpartition(" · ")[2]: value for key, value in answer["trace"]["notes"].items()}
    assert notes["request.script_root"] == "/flask/hello"


def test_a_traced_json_post_to_the_kit_form(port: int) -> None:
    """json-echo's kit form is a Router whose handler reads ``request.json``: no
    ``JSONBody`` layer to show, so the trace is checked for what the server handed over."""
    case = the_case("json-echo", "name")
    answer = traced(port, case, "kit", "json-echo")
    assert answer["status"] == "200 OK"
    assert json.loads(answer["body"]) == case.json
    environ = answer["trace"]["environ"]
    assert environ["CONTENT_TYPE"] == "application/json"
    assert environ["CONTENT_LENGTH"] == str(len(case.body))
    assert environ["QUERY_STRING"] == "name=Arthur"
    assert environ["HTTP_WSGIKIT_TRACE"] == "1"
    assert [layer["name"] for layer in answer["trace"]["layers"]][-2:] == [
        "Router", "examples.kit.json_echo.index"]
    assert checked(port, "json-echo", case, "kit", answer)["ok"] is True


def test_without_the_header_the_server_answers_as_the_app_does(port: int) -> None:
    status, headers, body = http_request(port, "GET", "/kit/greet/Hello/World", headers=BROWSER)
    assert (status, headers["content-type"], body) == (
        200, "text/plain; charset=utf-8", b"Hello, World!")
    assert ENVELOPE_HEADER.lower() not in headers
