"""``wsgikit.trace``: free when unused, unseen by the apps, a faithful and secret-free record."""

from __future__ import annotations

import base64
import io
import json
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client, TestResponse

from wsgikit import (
    JSONBody,
    Mount,
    Request,
    Router,
    TraceLayer,
    UWSGIChunkedInput,
    handler,
    instrument,
    note,
)
from wsgikit.trace import ENVELOPE_HEADER, HEADER, TRACE_KEY

COOKIE_SECRET = "cookie-value-that-must-not-leak"
AUTH_SECRET = "Bearer auth-value-that-must-not-leak"
MESSAGE_SECRET = "message-that-must-not-leak"


def text_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """A leaf that fails the test if it ever sees the opt-in header."""
    assert TRACE_KEY not in environ, "the trace header reached the app"
    body = f"{environ.get('SCRIPT_NAME')}|{environ.get('PATH_INFO')}".encode()
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8"),
                                     ("Content-Length", str(len(body)))])
    return [body]


def make_router() -> Router:
    router = Router()

    @router.route("/items/<int:item_id>", methods=("POST",), name="item")
    @handler
    def item(request: Request, item_id: int) -> tuple[dict[str, Any], int, dict[str, str]]:
        assert TRACE_KEY not in request.environ, "the trace header reached the handler"
        return {"id": item_id, "json": request.json}, 201, {"X-Inner": "yes"}

    @router.route("/dir/")
    @handler
    def directory(request: Request) -> str:
        return "a directory"

    return router


def stack() -> Mount:
    return Mount(text_app, {"/api": JSONBody(make_router())})


class RewriteHeaders:
    """An outer middleware: adds ``X-Outer`` and drops ``X-Inner``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        def rewrite(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(n, v) for n, v in headers if n != "X-Inner"]
            return start_response(status, [*kept, ("X-Outer", "1")], exc_info)

        return self.app(environ, rewrite)


def call(app: Any, path: str = "/", *, traced: bool = True, **kw: Any) -> TestResponse:
    headers = {**kw.pop("headers", {}), **({HEADER: "1"} if traced else {})}
    client = Client(validator(app), use_cookies=False)
    return client.open(path, headers=headers, buffered=True, **kw)


def envelope(app: Any, path: str = "/", **kw: Any) -> dict[str, Any]:
    response = call(app, path, **kw)
    assert response.status == "200 OK"
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Length"] == str(len(response.data))
    result: dict[str, Any] = response.get_json()
    return result


def post_item(app: Any, **kw: Any) -> dict[str, Any]:
    return envelope(app, "/api/items/7", method="POST", json={"key": "value"}, **kw)


# -- untraced requests -------------------------------------------------------


def test_untraced_call_is_the_bare_call() -> None:
    seen: dict[str, Any] = {}
    result = [b"ok"]

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ=environ, start_response=start_response)
        return result

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        return None

    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    assert TraceLayer(app, "app")(environ, start_response) is result
    assert seen["environ"] is environ
    assert seen["start_response"] is start_response


def test_untraced_request_answers_and_sees_as_without_layers() -> None:
    seen: list[dict[str, Any]] = []

    def spy(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append({k: v for k, v in environ.items() if isinstance(v, str)})
        return text_app(environ, start_response)

    bare = call(JSONBody(spy), "/x", traced=False, method="POST", json=[1])
    traced = call(instrument(JSONBody(spy)), "/x", traced=False, method="POST", json=[1])
    assert (traced.status, traced.headers, traced.data) == (bare.status, bare.headers, bare.data)
    assert seen[0] == seen[1]


# -- the envelope ----------------------------------------------------------------


@pytest.mark.parametrize(("path", "kw"), [
    pytest.param("/api/items/7", {"method": "POST", "json": {"a": 1}}, id="json-post-201"),
    pytest.param("/api/dir", {}, id="redirect-308"),
    pytest.param("/api/nothing", {}, id="router-404"),
    pytest.param("/api/items/7", {"method": "POST", "data": b"{", "content_type":
                                  "application/json"}, id="jsonbody-400"),
    pytest.param("/elsewhere", {}, id="fallback"),
])
def test_envelope_holds_what_the_bare_app_answers(path: str, kw: dict[str, Any]) -> None:
    bare = call(stack(), path, traced=False, **kw)
    answer = envelope(instrument(stack()), path, **kw)
    assert answer["status"] == bare.status
    assert answer["headers"] == [list(h) for h in bare.headers.to_wsgi_list()]
    assert answer["body"] == bare.get_data(as_text=True)
    assert answer["encoding"] == "utf-8"
    assert answer["exception"] is None


def test_a_head_requests_envelope_travels_in_a_header() -> None:
    bare = call(stack(), "/api/dir", traced=False, method="HEAD")
    response = call(instrument(stack()), "/api/dir", method="HEAD")
    assert response.status == "200 OK"
    assert response.data == b""
    assert response.headers["Content-Length"] == "0"
    answer = json.loads(response.headers[ENVELOPE_HEADER])
    assert answer["status"] == bare.status == "308 Permanent Redirect"
    assert answer["body"] == ""
    assert answer["trace"]["environ"]["REQUEST_METHOD"] == "HEAD"


def test_server_environ_keeps_the_header_and_the_apps_never_see_it() -> None:
    answer = post_item(instrument(stack()))  # text_app and the handler assert it
    assert answer["status"] == "201 Created"
    assert answer["trace"]["environ"][TRACE_KEY] == "1"
    for layer in answer["trace"]["layers"]:
        assert TRACE_KEY not in layer["removed"]  # gone before the first layer


def test_layers_of_a_real_stack() -> None:
    trace = post_item(instrument(stack()))["trace"]
    mount, body, router, view = trace["layers"]
    assert [mount["name"], body["name"], router["name"]] == ["Mount", "JSONBody", "Router"]
    assert view["name"] == "tests.test_trace.make_router.<locals>.item"  # the route's target
    assert mount["changed"] == {"SCRIPT_NAME": ["", "/api"], "PATH_INFO": ["/api/items/7",
                                                                          "/items/7"]}
    assert mount["added"] == {} and mount["removed"] == []
    assert body["added"]["wsgikit.json"] == "{'key': 'value'}"
    assert "SCRIPT_NAME" not in body["changed"]
    assert router["added"]["wsgiorg.routing_args"] == "((), {'item_id': 7})"
    assert router["added"]["wsgikit.route"].startswith("<Route '/items/<int:item_id>'")
    assert router["removed"] == []


def test_response_travels_innermost_first_with_header_changes() -> None:
    app = TraceLayer(RewriteHeaders(instrument(stack())), "RewriteHeaders")
    answer = post_item(app)
    names = [entry["name"] for entry in answer["trace"]["response"]]
    assert names == ["tests.test_trace.make_router.<locals>.item", "Router", "JSONBody", "Mount",
                     "RewriteHeaders"]
    router, *_, outer = answer["trace"]["response"]
    assert router["status"] == "201 Created"
    assert ["X-Inner", "yes"] in router["headers"]
    assert router["added"] == router["removed"] == []
    assert outer["added"] == [["X-Outer", "1"]]
    assert outer["removed"] == [["X-Inner", "yes"]]
    assert answer["headers"] == outer["headers"]


def test_a_layer_that_answers_itself_is_the_innermost() -> None:
    answer = envelope(instrument(stack()), "/api/items/7", method="POST", data=b"{",
                      content_type="application/json")
    assert [layer["name"] for layer in answer["trace"]["layers"]] == ["Mount", "JSONBody"]
    (entry, mount) = answer["trace"]["response"]
    assert (entry["name"], entry["status"]) == ("JSONBody", "400 Bad Request")
    assert mount["added"] == mount["removed"] == []


def test_leaves_are_named_by_function_or_class() -> None:
    answer = envelope(instrument(stack()), "/elsewhere")
    assert [layer["name"] for layer in answer["trace"]["layers"]] == [
        "Mount", "tests.test_trace.text_app"]
    assert answer["body"] == "|/elsewhere"
    assert envelope(instrument(make_router(), "api"), "/x")["trace"]["layers"][0]["name"] == "api"


# -- how values are shown ------------------------------------------------------


def test_secrets_are_hidden_but_named() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        note("api_token", "token-that-must-not-leak")
        return text_app(environ, start_response)

    headers = {"Cookie": COOKIE_SECRET, "Authorization": AUTH_SECRET, "X-Session-Id": "s3ss10n"}
    response = call(instrument(app), headers=headers)
    text = response.get_data(as_text=True)
    for secret in (COOKIE_SECRET, AUTH_SECRET, "s3ss10n", "token-that-must-not-leak"):
        assert secret not in text
    environ = response.get_json()["trace"]["environ"]
    assert environ["HTTP_COOKIE"] == f"<str, {len(COOKIE_SECRET)} characters, hidden>"
    assert environ["HTTP_AUTHORIZATION"] == f"<str, {len(AUTH_SECRET)} characters, hidden>"
    assert environ["HTTP_X_SESSION_ID"] == "<str, 7 characters, hidden>"


def test_values_are_described_json_safe() -> None:
    def explode() -> None:
        raise AssertionError("a described callable was called")

    class Thing:
        pass

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        for key, value in [("text", "x" * 2000), ("args", ((), {"name": "x"})), ("n", 3),
                           ("flag", True), ("none", None), ("ratio", 1.5), ("nan", float("nan")),
                           ("view", explode), ("cls", Thing), ("stream", io.BytesIO())]:
            note(key, value)
        return text_app(environ, start_response)

    answer = envelope(instrument(app))
    notes, environ = answer["trace"]["notes"], answer["trace"]["environ"]
    assert notes["text"].startswith("x" * 500) and notes["text"].endswith("(2000 characters)")
    assert len(notes["text"]) < 600
    assert notes["args"] == "((), {'name': 'x'})"
    assert (notes["n"], notes["flag"], notes["none"], notes["ratio"]) == (3, True, None, 1.5)
    assert notes["nan"] == "nan"
    assert notes["view"].startswith("<function ") and "explode" in notes["view"]
    assert notes["cls"].startswith("<type ") and "Thing" in notes["cls"]
    assert notes["stream"] == "<BytesIO>"
    assert environ["wsgi.input"] == "<InputWrapper>"  # the validator's stream, by type
    assert environ["wsgi.errors"] == "<ErrorWrapper>"


def test_note_outside_a_trace_does_nothing() -> None:
    note("stray", "value")  # no error, and no record to land in
    assert envelope(instrument(text_app))["trace"]["notes"] == {}


# -- bodies and failures ---------------------------------------------------------


def test_binary_body_is_base64() -> None:
    data = bytes(range(256))

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return [data[:100], data[100:]]

    answer = envelope(instrument(app))
    assert answer["encoding"] == "base64"
    assert base64.b64decode(answer["body"]) == data


def test_write_callable_data_is_in_the_body() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        write = start_response("200 OK", [("Content-Type", "text/plain")])
        write(b"written, ")
        return [b"returned"]

    assert envelope(instrument(app))["body"] == "written, returned"


def raise_at_call(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    raise ValueError(MESSAGE_SECRET)


def raise_in_body(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield b"partial"
    raise KeyError(MESSAGE_SECRET)


@pytest.mark.parametrize(("app", "status", "name"), [
    pytest.param(raise_at_call, None, "ValueError", id="at-call"),
    pytest.param(raise_in_body, "200 OK", "KeyError", id="in-body"),
])
def test_exception_is_named_and_logged_not_told(app: Any, status: str | None, name: str) -> None:
    errors = io.StringIO()
    response = call(instrument(app), environ_overrides={"wsgi.errors": errors})
    answer = response.get_json()
    assert (answer["status"], answer["exception"]) == (status, name)
    assert MESSAGE_SECRET not in response.get_data(as_text=True)
    assert "Traceback" in errors.getvalue() and MESSAGE_SECRET in errors.getvalue()


def test_start_response_again_with_exc_info_wins() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        try:
            raise RuntimeError("late failure")
        except RuntimeError:
            start_response("500 Internal Server Error", [("Content-Type", "text/plain"),
                                                         ("Content-Length", "4")], sys.exc_info())
        return [b"oops"]

    answer = envelope(instrument(app))
    assert answer["status"] == "500 Internal Server Error"
    assert answer["headers"] == [["Content-Type", "text/plain"], ["Content-Length", "4"]]
    assert answer["trace"]["response"][0]["status"] == "500 Internal Server Error"


# -- instrument, threads, the WSGI contract -----------------------------------------


def test_instrument_leaves_the_originals_alone() -> None:
    router = make_router()
    body = JSONBody(router, max_bytes=100)
    chunked = UWSGIChunkedInput(body)
    mount = Mount(text_app, {"/api": chunked})
    mounts = mount.mounts
    traced = instrument(mount)
    assert isinstance(traced, TraceLayer) and traced.app is not mount
    assert mount.app is text_app and mount.mounts is mounts and mounts["/api"] is chunked
    assert chunked.app is body and body.app is router and body.max_bytes == 100
    names = [layer["name"] for layer in post_item(traced)["trace"]["layers"]]
    assert names == ["Mount", "UWSGIChunkedInput", "JSONBody", "Router",
                     "tests.test_trace.make_router.<locals>.item"]
    assert mount.app is text_app and mounts == {"/api": chunked} and chunked.app is body


def test_concurrent_traces_are_separate() -> None:
    barrier = threading.Barrier(2, timeout=10)

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        barrier.wait()  # both requests are inside their traces at once
        note("path", environ["PATH_INFO"])
        barrier.wait()
        return text_app(environ, start_response)

    traced = instrument(Mount(app, {"/a": app}))
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda path: envelope(traced, path), ["/a/one", "/two"])
    assert first["trace"]["notes"] == {"path": "/one"} and first["body"] == "/a|/one"
    assert second["trace"]["notes"] == {"path": "/two"} and second["body"] == "|/two"
    assert len(first["trace"]["layers"]) == len(second["trace"]["layers"]) == 2
    assert first["trace"]["layers"][0]["changed"]["PATH_INFO"] == ["/a/one", "/one"]
    assert second["trace"]["layers"][0]["changed"] == {}


def test_inner_apps_keep_the_wsgi_contract() -> None:
    inner = Mount(validator(text_app), {"/api": JSONBody(validator(make_router()))})
    answer = post_item(instrument(inner))  # validators outside and inside the trace
    assert answer["status"] == "201 Created"
    assert json.loads(answer["body"]) == {"id": 7, "json": {"key": "value"}}
    assert envelope(instrument(inner), "/x")["body"] == "|/x"


def test_a_routers_targets_are_layers_after_it() -> None:
    router = Router()
    router.add("/items/<int:n>", JSONBody(text_app), methods=["POST"], name="item")
    traced = instrument(router)
    answer = envelope(traced, "/items/3", method="POST", json={"k": 1})
    names = [layer["name"] for layer in answer["trace"]["layers"]]
    assert names == ["Router", "JSONBody", "tests.test_trace.text_app"]
    router_layer, json_layer, _ = answer["trace"]["layers"]
    assert {"wsgiorg.routing_args", "wsgikit.route"} <= set(router_layer["added"])
    assert "wsgikit.json" in json_layer["added"]
    # the copy keeps the rules and names; the original router is untouched
    assert traced.app.url_for("item", n=4) == router.url_for("item", n=4) == "/items/4"
    assert router.routes[0].app.app is text_app
