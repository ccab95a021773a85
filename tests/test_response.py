"""wsgikit.response, wsgikit.handler and the errors' headers, against their docstrings.

Every response goes through werkzeug's Client with the app under
``wsgiref.validate.validator``, so each one is also checked for being valid WSGI.
JSON bodies are compared with ``json.dumps`` given the same settings.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from wsgiref.validate import validator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import Client

from wsgikit import (
    Headers,
    HTTPError,
    MethodNotAllowed,
    Request,
    Response,
    Router,
    Unauthorized,
    abort,
    handler,
    html_response,
    json_response,
    make_response,
    redirect,
    text_response,
)


@dataclass
class Result:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    errors: str

    def header(self, name: str) -> str | None:
        found = [value for key, value in self.headers if key.lower() == name.lower()]
        assert len(found) <= 1, f"{name} sent {len(found)} times"
        return found[0] if found else None


def call(app: Callable[..., Any], method: str = "GET", path: str = "/") -> Result:
    errors = io.StringIO()
    client = Client(validator(app))
    response = client.open(path, method=method, buffered=True,
                           environ_overrides={"wsgi.errors": errors})
    return Result(response.status_code, list(response.headers.items()), response.get_data(),
                  errors.getvalue())


# -- Headers -------------------------------------------------------------------

BAD_HEADERS = [
    pytest.param("X-Evil", "a\r\nSet-Cookie: owned=1", "CR, LF or NUL", id="crlf-value"),
    pytest.param("X-Evil", "a\nb", "CR, LF or NUL", id="lf-value"),
    pytest.param("X-Evil", "a\x00b", "CR, LF or NUL", id="nul-value"),
    pytest.param("X-Name", "caf\u00e9 \u263a", "not latin-1", id="non-latin-1-value"),
    pytest.param("X-Count", 3, "must be a str", id="int-value"),
    pytest.param("X Evil", "a", "invalid header name", id="space-in-name"),
    pytest.param("X-Evil:", "a", "invalid header name", id="colon-in-name"),
    pytest.param("", "a", "invalid header name", id="empty-name"),
    pytest.param("X-\u00e9", "a", "invalid header name", id="non-ascii-name"),
    pytest.param("X-Evil\r\nSet-Cookie", "a", "invalid header name", id="crlf-name"),
    pytest.param(b"X-Bytes", "a", "invalid header name", id="bytes-name"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_HEADERS)
def test_bad_header_is_refused_wherever_it_is_set(name: Any, value: Any, message: str) -> None:
    ways: list[Callable[[], object]] = [
        lambda: Headers().add(name, value),
        lambda: Headers().__setitem__(name, value),
        lambda: Headers({name: value}),
        lambda: Headers([(name, value)]),
        lambda: Response("x", headers={name: value}),
        lambda: json_response({}, headers=[(name, value)]),
        lambda: redirect("/x", headers={name: value}),
        lambda: make_response(("x", 200, {name: value})),
    ]
    for way in ways:
        with pytest.raises(ValueError, match=message):
            way()


def test_latin_1_values_are_allowed() -> None:
    headers = Headers({"X-Name": "caf\u00e9"})
    assert headers["x-name"] == "caf\u00e9"
    result = call(Response("x", headers=headers))
    assert result.header("X-Name") == "caf\u00e9"


def test_headers_are_case_insensitive_and_ordered() -> None:
    headers = Headers([("Set-Cookie", "a=1"), ("X-One", "1")])
    headers.add("set-cookie", "b=2")
    assert headers.getlist("SET-COOKIE") == ["a=1", "b=2"]
    assert headers["set-cookie"] == "a=1"  # the first one
    assert "x-one" in headers and "X-Two" not in headers and 3 not in headers
    assert headers.get("x-two") is None and headers.get("x-two", "-") == "-"
    with pytest.raises(KeyError):
        headers["X-Two"]
    headers["SET-COOKIE"] = "c=3"  # replaces every one, goes to the end
    assert headers.items() == [("X-One", "1"), ("SET-COOKIE", "c=3")]
    del headers["x-one"]
    assert list(headers) == [("SET-COOKIE", "c=3")] and len(headers) == 1


def test_items_is_a_copy() -> None:
    headers = Headers({"X-One": "1"})
    headers.items().append(("X-Evil", "a\r\nb"))
    assert headers.items() == [("X-One", "1")]


# -- Response --------------------------------------------------------------------


def test_str_body_is_utf8_with_length_and_text_type() -> None:
    result = call(Response("h\u00e9llo \u263a"))
    assert result.status == 200
    assert result.body == "h\u00e9llo \u263a".encode()
    assert result.header("Content-Type") == "text/plain; charset=utf-8"
    assert result.header("Content-Length") == str(len(result.body))


@pytest.mark.parametrize(("make", "content_type"), [
    pytest.param(lambda: text_response("<b>"), "text/plain; charset=utf-8", id="text"),
    pytest.param(lambda: html_response("<b>"), "text/html; charset=utf-8", id="html"),
    pytest.param(lambda: Response(b"<b>", content_type="image/png"), "image/png", id="custom"),
    pytest.param(lambda: Response(b"<b>", headers={"content-type": "text/csv"}), "text/csv",
                 id="header-wins-over-default"),
])
def test_content_type(make: Callable[[], Response], content_type: str) -> None:
    result = call(make())
    assert result.header("Content-Type") == content_type
    assert result.body == b"<b>"


def test_no_content_type_when_none() -> None:
    """Not through the validator: it insists on a Content-Type."""
    sent: list[Any] = []
    body = Response(b"raw", content_type=None)({"REQUEST_METHOD": "GET"},
                                                lambda *args: sent.append(args))
    assert sent == [("200 OK", [("Content-Length", "3")])] and list(body) == [b"raw"]


def test_given_content_length_is_kept_once() -> None:
    result = call(Response(b"abc", headers={"Content-Length": "3"}))
    assert result.header("Content-Length") == "3" and result.body == b"abc"


class Chunks:
    """A streamed body that notes whether it was closed."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)

    def close(self) -> None:
        self.closed = True


def test_iterable_body_streams_without_length() -> None:
    body = Chunks(b"one ", b"two")
    result = call(Response(body))
    assert result.body == b"one two" and result.header("Content-Length") is None
    assert body.closed


def test_head_has_get_headers_no_body_and_closes_a_stream() -> None:
    get = call(Response("hello"))
    head = call(Response("hello"), method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers == get.headers
    body = Chunks(b"x")
    assert call(Response(body), method="HEAD").body == b"" and body.closed


@pytest.mark.parametrize("status", [204, 304])
def test_no_body_statuses_drop_body_and_content_headers(status: int) -> None:
    result = call(Response("ignored", status=status, headers={"ETag": '"1"'}))
    assert result.status == status and result.body == b""
    assert result.header("Content-Type") is None and result.header("Content-Length") is None
    assert result.header("ETag") == '"1"'


@pytest.mark.parametrize("status", [0, 99, 299, 600, 1000])
def test_unknown_status_is_refused(status: int) -> None:
    with pytest.raises(ValueError, match="unknown HTTP status"):
        Response("x", status=status)


def test_status_line_and_repr() -> None:
    response = Response("x", status=418)
    assert response.status_line == "418 I'm a Teapot"
    assert call(response).status == 418 and "418" in repr(response)


def test_a_response_can_be_sent_twice() -> None:
    response = json_response({"a": 1})
    assert call(response).body == call(response).body == b'{"a":1}'
    assert call(response).header("Content-Length") == "7"


# -- JSON ---------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


def reference(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


@given(json_values)
def test_json_response_is_compact_utf8_json(value: Any) -> None:
    response = json_response(value)
    assert response.body == reference(value)
    assert response.headers["Content-Type"] == "application/json"


def test_json_keeps_non_ascii_and_escapes_what_json_must() -> None:
    body = json_response({"name": "J\u00fcrgen \u263a", "q": 'a"b\\c\n'}).body
    assert body == '{"name":"J\u00fcrgen \u263a","q":"a\\"b\\\\c\\n"}'.encode()


@pytest.mark.parametrize(("value", "error", "message"), [
    pytest.param(math.nan, ValueError, "not JSON compliant", id="nan"),
    pytest.param({"x": [math.inf]}, ValueError, "not JSON compliant", id="nested-inf"),
    pytest.param({"when": object()}, TypeError, "not JSON serializable", id="object"),
    pytest.param({1j: 1}, TypeError, "keys must be", id="complex-key"),
])
def test_json_refuses_what_is_not_json(value: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        json_response(value)


def test_json_of_a_value_that_contains_itself_is_a_recursion_error() -> None:
    """Documented: the encoder has no circular check, so RecursionError."""
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(RecursionError):
        json_response(loop)
    assert json_response([1]).body == b"[1]"  # and the encoder still works


def test_json_status_and_headers() -> None:
    result = call(json_response({"id": 7}, 201, {"Location": "/items/7"}))
    assert (result.status, result.body) == (201, b'{"id":7}')
    assert result.header("Location") == "/items/7"
    assert result.header("Content-Type") == "application/json"


# -- redirect -------------------------------------------------------------------------


@pytest.mark.parametrize(("location", "sent"), [
    pytest.param("/login", "/login", id="plain"),
    pytest.param("/caf\u00e9?q=\u00e9", "/caf%C3%A9?q=%C3%A9", id="non-ascii-escaped"),
    pytest.param("/a%20b", "/a%20b", id="escape-kept"),
    pytest.param("/x\r\nSet-Cookie: a=1", "/x%0D%0ASet-Cookie:%20a=1", id="crlf-escaped"),
    pytest.param("https://example.org/p#f", "https://example.org/p#f", id="absolute"),
])
def test_redirect_location(location: str, sent: str) -> None:
    result = call(redirect(location))
    assert result.status == 302 and result.header("Location") == sent
    assert result.header("Set-Cookie") is None


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_statuses(status: int) -> None:
    assert call(redirect("/x", status)).status == status


@pytest.mark.parametrize("status", [200, 300, 304, 404])
def test_redirect_refuses_other_statuses(status: int) -> None:
    with pytest.raises(ValueError, match="not a redirect status"):
        redirect("/x", status)


# -- @handler and make_response --------------------------------------------------------


def routed(func: Callable[..., Any], rule: str = "/") -> Router:
    router = Router()
    router.add(rule, handler(func))
    return router


def return_app(environ: Any, start_response: Any) -> list[bytes]:
    start_response("202 Accepted", [("Content-Type", "text/plain")])
    return [b"from a WSGI app"]


RETURNS = [
    pytest.param("h\u00e9", 200, "text/plain; charset=utf-8", "h\u00e9".encode(), id="str"),
    pytest.param(b"\x00\xff", 200, "application/octet-stream", b"\x00\xff", id="bytes"),
    pytest.param({"a": [1, None]}, 200, "application/json", b'{"a":[1,null]}', id="dict"),
    pytest.param([1, "\u00e9"], 200, "application/json", '[1,"\u00e9"]'.encode(), id="list"),
    pytest.param(("made", 201), 201, "text/plain; charset=utf-8", b"made", id="str-status"),
    pytest.param(({"ok": True}, 202), 202, "application/json", b'{"ok":true}', id="dict-status"),
    pytest.param((html_response("<p>"), 203), 203, "text/html; charset=utf-8", b"<p>",
                 id="response-status"),
    pytest.param(html_response("<i>", 206), 206, "text/html; charset=utf-8", b"<i>",
                 id="response"),
    pytest.param(return_app, 202, "text/plain", b"from a WSGI app", id="wsgi-app"),
    pytest.param(HTTPError("teapot", code=418), 418, "application/problem+json", None,
                 id="http-error-returned"),
]


@pytest.mark.parametrize(("value", "status", "content_type", "body"), RETURNS)
def test_what_a_handler_may_return(value: Any, status: int, content_type: str,
                                   body: bytes | None) -> None:
    result = call(routed(lambda request: value))
    assert result.status == status
    assert result.header("Content-Type") == content_type
    if body is not None:
        assert result.body == body
    head = call(routed(lambda request: value), method="HEAD")
    assert (head.status, head.body) == (status, b"")


def test_tuple_with_headers_adds_and_replaces() -> None:
    headers = {"Location": "/x", "Content-Type": "text/csv"}
    result = call(routed(lambda request: ("x", 201, headers)))
    assert result.status == 201 and result.header("Location") == "/x"
    assert result.header("Content-Type") == "text/csv"


@pytest.mark.parametrize(("value", "message"), [
    pytest.param(("x",), r"\(body, status\)", id="one-tuple"),
    pytest.param(("x", 200, {}, "more"), r"\(body, status\)", id="four-tuple"),
    pytest.param((return_app, 200), "a tuple's body must be", id="tuple-of-app"),
    pytest.param(("x", 999), "unknown HTTP status", id="bad-status"),
    pytest.param(42, "returned int", id="int"),
    pytest.param(None, "returned NoneType", id="none"),
])
def test_bad_returns_are_refused(value: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        make_response(value)


def test_bad_return_under_a_router_is_a_logged_500() -> None:
    result = call(routed(lambda request: 42))
    assert result.status == 500
    assert b"returned int" not in result.body and b"Traceback" not in result.body
    assert "returned int" in result.errors and "Traceback" in result.errors


def test_handler_gets_the_request_and_route_values() -> None:
    seen: list[Any] = []

    def show(request: Request, name: str, n: int) -> dict[str, Any]:
        seen.append(request)
        return {"name": name, "n": n, "method": request.method, "path": request.path}

    result = call(routed(show, "/hello/<name>/<int:n>"), path="/hello/bob/7")
    assert json.loads(result.body) == {"name": "bob", "n": 7, "method": "GET",
                                       "path": "/hello/bob/7"}
    assert isinstance(seen[0], Request)


def test_handler_without_a_router_gets_no_values() -> None:
    assert call(handler(lambda request: f"at {request.path}"), path="/a/b").body == b"at /a/b"


def test_handler_request_class() -> None:
    class Special(Request):
        max_body_bytes = 5

    @handler(request_class=Special)
    def kind(request: Request) -> str:
        return f"{type(request).__name__} {request.max_body_bytes}"

    assert call(kind).body == b"Special 5"


def test_handler_keeps_the_function_name() -> None:
    def greet(request: Request) -> str:
        """Say hello."""
        return "hi"

    app = handler(greet)
    assert app.__name__ == "greet" and app.__doc__ == "Say hello."


def test_abort_in_a_handler_is_a_problem() -> None:
    def taken(request: Request) -> str:
        abort(409, "that name is taken")

    result = call(routed(taken))
    assert result.status == 409 and result.header("Content-Type") == "application/problem+json"
    assert json.loads(result.body) == {"type": "about:blank", "title": "Conflict",
                                       "status": 409, "detail": "that name is taken"}


def test_a_generator_body_is_closed_and_the_request_with_it() -> None:
    closed: list[str] = []

    def stream() -> Iterator[bytes]:
        try:
            yield b"a"
            yield b"b"
        finally:
            closed.append("body")

    result = call(routed(lambda request: Response(stream())))
    assert result.body == b"ab" and closed == ["body"]


# -- the errors' own headers ---------------------------------------------------------


@pytest.mark.parametrize("code", [399, 499, 600, 200, 0])
def test_abort_refuses_what_is_not_a_known_error_status(code: int) -> None:
    with pytest.raises(ValueError, match="known error status"):
        abort(code)


def test_abort_with_a_status_without_a_class() -> None:
    with pytest.raises(HTTPError) as caught:
        abort(418)
    assert caught.value.code == 418 and caught.value.detail == "I'm a Teapot"
    with pytest.raises(MethodNotAllowed):
        abort(405)


def test_http_error_with_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown HTTP status 499"):
        HTTPError("x", code=499)


def test_error_headers_cannot_inject() -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        Unauthorized(www_authenticate='Basic realm="x"\r\nSet-Cookie: a=1')

    class Sneaky(HTTPError):
        code = 400

        def headers(self) -> list[tuple[str, str]]:
            return [("X-Why", "a\r\nSet-Cookie: owned=1")]

    with pytest.raises(ValueError, match="CR, LF or NUL"):
        Sneaky()({"REQUEST_METHOD": "GET"}, lambda status, headers: None)
    result = call(routed(lambda request: Sneaky()))
    assert result.status == 500 and result.header("Set-Cookie") is None
    assert "CR, LF or NUL" in result.errors


def test_unauthorized_challenge_is_sent() -> None:
    result = call(routed(lambda request: Unauthorized(www_authenticate='Basic realm="x"')))
    assert result.status == 401 and result.header("WWW-Authenticate") == 'Basic realm="x"'
