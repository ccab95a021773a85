"""wsgikit.routing: the Router against the README's Router section, a linear reference
matcher, and werkzeug (tests/test_routing_werkzeug.py follows werkzeug's own tests).

Paths are written as a client sends them (percent-encoded); the server decodes
them into PATH_INFO, so ``%2F`` reaches the router as ``/`` and splits the path.
Every request goes through werkzeug's Client with the app under
``wsgiref.validate.validator``; the priority tables and the property tests ask
``Router.match`` directly, and compare it with a linear matcher written here.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from wsgiref.validate import validator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import MethodNotAllowed as WerkzeugMethodNotAllowed
from werkzeug.exceptions import NotFound as WerkzeugNotFound
from werkzeug.routing import Map, RequestRedirect, Rule
from werkzeug.test import Client, EnvironBuilder

from wsgikit import errors
from wsgikit.errors import HTTPError, MethodNotAllowed, NotFound
from wsgikit.routing import BuildError, Converter, Redirect, Route, Router

# -- helpers ------------------------------------------------------------------


@dataclass
class Result:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes
    errors: str = ""

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    app: Callable[..., Any],
    path: str = "/",
    method: str = "GET",
    *,
    script_name: str = "",
    query: str = "",
    raw_path: str | None = None,
    buffered: bool = True,
) -> Result:
    """Run one request through werkzeug's Client, the app under the validator.

    ``path`` is decoded as a server would; ``raw_path`` is put in PATH_INFO as it is.
    ``buffered=False`` keeps what the app gives ``write()`` (werkzeug drops it
    when buffering); the body is then closed here.
    """
    environ = EnvironBuilder(path="/", method=method).get_environ()
    environ["QUERY_STRING"] = query  # as the client sent it: the builder would re-encode it
    environ["PATH_INFO"] = (
        raw_path if raw_path is not None else unquote_to_bytes(path).decode("latin-1")
    )
    environ["SCRIPT_NAME"] = script_name
    log = io.StringIO()
    environ["wsgi.errors"] = log
    app_iter, status, headers = Client(validator(app)).run_wsgi_app(environ, buffered=buffered)
    try:
        body = b"".join(app_iter)
    finally:
        if not buffered:
            app_iter.close()  # type: ignore[attr-defined]
    lowered = {name.lower(): value for name, value in headers.items()}
    return Result(int(status[:3]), lowered, body, log.getvalue())


def echo(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """The matched rule and the parameters' reprs, as JSON."""
    route: Route = environ["wsgikit.route"]
    params = environ["wsgiorg.routing_args"][1]
    body = json.dumps({"rule": route.rule, "params": {k: repr(v) for k, v in params.items()}})
    data = body.encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(data)))])
    return [data]


def text_app(text: str) -> Callable[..., Any]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        data = text.encode()
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                  ("Content-Length", str(len(data)))])
        return [data]

    return app


def answer(router: Router, path: str, method: str = "GET") -> tuple[Any, ...]:
    """What ``router.match`` decides, as a comparable tuple."""
    try:
        route, params = router.match(path, method)
    except Redirect as redirect:
        return ("308", redirect.path)
    except MethodNotAllowed as error:  # also an OPTIONS no rule takes: __call__ answers 200
        return ("405", tuple(error.allowed))
    except NotFound:
        return ("404",)
    return ("route", route.rule, params)


UUID = "12345678-9abc-def0-1234-56789abcdef0"

# -- converters -----------------------------------------------------------------

CONVERTER_RULES = [
    "/post/<int:post_id>",
    "/signed/<int(signed=True):n>",
    "/small/<int(min=1, max=10):n>",
    "/float/<float:x>",
    "/hello/<name>",
    "/short/<string(maxlength=3):s>",
    "/uuid/<uuid:u>",
    "/page/<any(about, help):page>",
    "/files/<path:p>",
    "/exact",
]

CONVERTER_CASES = [
    pytest.param("/post/7", {"post_id": 7}, id="int"),
    pytest.param("/post/007", {"post_id": 7}, id="int-leading-zeros-as-werkzeug"),
    pytest.param("/post/%D9%A1%D9%A2", None, id="int-arabic-indic-digits-404"),
    pytest.param("/post/%EF%BC%91", None, id="int-fullwidth-digit-404"),
    pytest.param("/post/" + "9" * 5000, None, id="int-5000-digits-404-not-500"),
    pytest.param("/post/" + "9" * 4000, {"post_id": int("9" * 4000)}, id="int-4000-digits"),
    pytest.param("/post/-0", None, id="int-minus-zero-unsigned-404"),
    pytest.param("/post/-1", None, id="int-negative-unsigned-404"),
    pytest.param("/post/+1", None, id="int-plus-sign-404"),
    pytest.param("/post/1.0", None, id="int-given-float-404"),
    pytest.param("/post/%201", None, id="int-space-404"),
    pytest.param("/post/", None, id="int-empty-segment-404"),
    pytest.param("/post//", None, id="int-two-empty-segments-404"),
    pytest.param("/signed/-0", {"n": 0}, id="signed-minus-zero-is-0"),
    pytest.param("/signed/-12", {"n": -12}, id="signed-negative"),
    pytest.param("/signed/12", {"n": 12}, id="signed-positive"),
    pytest.param("/signed/+12", None, id="signed-plus-404"),
    pytest.param("/small/10", {"n": 10}, id="int-max"),
    pytest.param("/small/11", None, id="int-over-max-404"),
    pytest.param("/small/0", None, id="int-under-min-404"),
    pytest.param("/float/1.5", {"x": 1.5}, id="float"),
    pytest.param("/float/1e5", None, id="float-exponent-404"),
    pytest.param("/float/1", None, id="float-without-point-404"),
    pytest.param("/float/.5", None, id="float-without-integer-part-404"),
    pytest.param("/float/-1.5", None, id="float-negative-unsigned-404"),
    pytest.param("/float/nan", None, id="float-nan-404"),
    pytest.param("/float/" + "9" * 400 + ".5", {"x": float("inf")},
                 id="float-overflow-inf-as-werkzeug"),
    pytest.param("/hello/bob", {"name": "bob"}, id="string"),
    pytest.param("/hello/bob%0A", {"name": "bob\n"}, id="string-newline-kept"),
    pytest.param("/hello/%ED%95%9C", {"name": "한"}, id="string-non-ascii"),
    pytest.param("/hello/a%20b", {"name": "a b"}, id="string-space"),
    pytest.param("/hello/a%2Fb", None, id="string-encoded-slash-decoded-by-server-404"),
    pytest.param("/hello/", None, id="string-empty-404"),
    pytest.param("/hello/a/b", None, id="string-two-segments-404"),
    pytest.param("/short/abc", {"s": "abc"}, id="string-maxlength"),
    pytest.param("/short/abcd", None, id="string-over-maxlength-404"),
    pytest.param(f"/uuid/{UUID}", {"u": uuid.UUID(UUID)}, id="uuid"),
    pytest.param(f"/uuid/{UUID.upper()}", {"u": uuid.UUID(UUID)}, id="uuid-upper-case"),
    pytest.param(f"/uuid/{UUID[:-1]}", None, id="uuid-short-404"),
    pytest.param(f"/uuid/{UUID.replace('-', '')}", None, id="uuid-without-dashes-404"),
    pytest.param("/page/about", {"page": "about"}, id="any"),
    pytest.param("/page/help", {"page": "help"}, id="any-second"),
    pytest.param("/page/abouts", None, id="any-prefix-only-404"),
    pytest.param("/page/About", None, id="any-case-sensitive-404"),
    pytest.param("/files/a", {"p": "a"}, id="path-one-segment"),
    pytest.param("/files/a/b/c.txt", {"p": "a/b/c.txt"}, id="path-segments"),
    pytest.param("/files/a%2Fb", {"p": "a/b"}, id="path-encoded-slash"),
    pytest.param("/files/a//b", {"p": "a//b"}, id="path-empty-inner-segment"),
    pytest.param("/files/a/", {"p": "a/"}, id="path-trailing-slash-kept"),
    pytest.param("/files/a%0Ab", {"p": "a\nb"}, id="path-newline"),
    pytest.param("/files/", None, id="path-empty-404"),
    pytest.param("/files//a", None, id="path-leading-slash-404"),
    pytest.param("/exact", {}, id="static"),
    pytest.param("/exact%0A", None, id="static-newline-404"),
    pytest.param("/Exact", None, id="static-case-sensitive-404"),
]


@pytest.fixture(scope="module")
def converter_router() -> Router:
    router = Router()
    for rule in CONVERTER_RULES:
        router.add(rule, echo)
    return router


@pytest.mark.parametrize(("path", "params"), CONVERTER_CASES)
def test_converter_edge_cases(converter_router: Router, path: str, params: Any) -> None:
    result = call(converter_router, path)
    if params is None:
        assert result.status == 404, result.body
        assert result.headers["content-type"] == "application/problem+json"
        return
    assert result.status == 200, result.body
    assert result.json()["params"] == {k: repr(v) for k, v in params.items()}
    # The values themselves, with their types:
    decoded = unquote_to_bytes(path).decode("utf-8")
    assert converter_router.match(decoded)[1] == params
    assert all(type(v) is type(params[k]) for k, v in converter_router.match(decoded)[1].items())


class Hex(Converter):
    regex = r"[0-9a-f]+"
    weight = 40

    def to_python(self, value: str) -> int:
        if len(value) > 8:
            raise ValueError("too long")
        return int(value, 16)

    def to_url(self, value: Any) -> str:
        return format(value, "x")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("/c/ff", ("route", "/c/<hex:n>", {"n": 255}), id="custom-to-python"),
        pytest.param("/c/123456789", ("route", "/c/<name>", {"name": "123456789"}),
                     id="custom-refuses-next-rule"),
        pytest.param("/c/xyz", ("route", "/c/<name>", {"name": "xyz"}), id="custom-regex-miss"),
        pytest.param("/d/123456789", ("404",), id="custom-refuses-404"),
    ],
)
def test_custom_converter(path: str, expected: tuple[Any, ...]) -> None:
    router = Router(converters={"hex": Hex})
    router.add("/c/<hex:n>", echo, name="hex")
    router.add("/c/<name>", echo)
    router.add("/d/<hex:n>", echo)
    assert answer(router, path) == expected
    assert router.url_for("hex", n=255) == "/c/ff"
    assert call(router, path).status == (200 if expected[0] == "route" else 404)


def test_custom_converter_must_subclass_converter() -> None:
    with pytest.raises(TypeError, match="Converter subclass"):
        Router(converters={"hex": int})  # type: ignore[dict-item]


# -- priority -------------------------------------------------------------------

PRIORITY_RULES = [
    "/users/new",
    "/users/<int:id>",
    "/users/<int(signed=True):n>",
    "/users/<name>",
    "/users/<uuid:u>",
    "/users/<name>.json",
    "/users/<path:rest>",
    "/users/<path:rest>/edit",
    "/users/<path:rest>/<int:n>",
    "/files/<any(a, b):x>",
    "/files/<name>",
    "/n/<int(max=10):n>",
    "/n/<s>",
    "/<path:everything>",
]

PRIORITY_CASES = [
    pytest.param("/users/new", "/users/new", {}, id="static-beats-converters"),
    pytest.param("/users/7", "/users/<int:id>", {"id": 7}, id="int-beats-string"),
    pytest.param("/users/-7", "/users/<int(signed=True):n>", {"n": -7},
                 id="signed-int-after-int-before-string"),
    pytest.param("/users/bob", "/users/<name>", {"name": "bob"}, id="string"),
    pytest.param(f"/users/{UUID}", "/users/<uuid:u>", {"u": uuid.UUID(UUID)},
                 id="uuid-beats-string"),
    pytest.param("/users/bob.json", "/users/<name>.json", {"name": "bob"},
                 id="mixed-beats-converter-alone"),
    pytest.param("/users/7.json", "/users/<name>.json", {"name": "7"},
                 id="mixed-beats-int"),
    pytest.param("/users/a/b", "/users/<path:rest>", {"rest": "a/b"}, id="path-last"),
    pytest.param("/users/a/edit", "/users/<path:rest>/edit", {"rest": "a"},
                 id="path-then-static-beats-path-alone"),
    pytest.param("/users/a/b/edit", "/users/<path:rest>/edit", {"rest": "a/b"},
                 id="path-then-static-deeper"),
    pytest.param("/users/a/3", "/users/<path:rest>/<int:n>", {"rest": "a", "n": 3},
                 id="path-then-int-beats-path-alone"),
    pytest.param("/users/a/b/edit/edit", "/users/<path:rest>/edit", {"rest": "a/b/edit"},
                 id="path-then-static-longest-fit"),
    pytest.param("/files/a", "/files/<any(a, b):x>", {"x": "a"}, id="any-beats-string"),
    pytest.param("/files/c", "/files/<name>", {"name": "c"}, id="any-miss-string"),
    pytest.param("/n/5", "/n/<int(max=10):n>", {"n": 5}, id="int-in-range"),
    pytest.param("/n/50", "/n/<s>", {"s": "50"}, id="converter-refusal-tries-next-rule"),
    pytest.param("/other/x", "/<path:everything>", {"everything": "other/x"},
                 id="catch-all-path"),
    pytest.param("/users", "/<path:everything>", {"everything": "users"},
                 id="catch-all-for-prefix"),
]


@pytest.mark.parametrize("order", ["forward", "reversed", "shuffled"])
@pytest.mark.parametrize(("path", "rule", "params"), PRIORITY_CASES)
def test_priority_is_independent_of_rule_order(
    order: str, path: str, rule: str, params: dict[str, Any]
) -> None:
    rules = {
        "forward": PRIORITY_RULES,
        "reversed": PRIORITY_RULES[::-1],
        "shuffled": PRIORITY_RULES[1::2] + PRIORITY_RULES[::2],
    }[order]
    router = Router()
    for text in rules:
        router.add(text, echo)
    assert answer(router, path) == ("route", rule, params)
    result = call(router, path)
    assert result.status == 200
    assert result.json() == {"rule": rule, "params": {k: repr(v) for k, v in params.items()}}


# -- 404, 405, HEAD, OPTIONS -------------------------------------------------------


def method_router() -> Router:
    router = Router()
    router.add("/thing", text_app("get thing"))
    router.add("/thing", text_app("post thing"), methods=["POST"])
    router.add("/items/new", text_app("new item form"))
    router.add("/items/<name>", text_app("created item"), methods=["POST"])
    router.add("/only-head", text_app("head"), methods=["HEAD"])
    router.add("/head-and-get", text_app("get"))
    router.add("/head-and-get", text_app(""), methods=["HEAD"])
    router.add("/opts", text_app("get"))
    router.add("/opts", text_app("custom options"), methods=["OPTIONS"])
    return router


@pytest.mark.parametrize(
    ("path", "method", "status", "body", "allow"),
    [
        pytest.param("/thing", "GET", 200, b"get thing", None, id="get"),
        pytest.param("/thing", "POST", 200, b"post thing", None, id="post-other-rule"),
        pytest.param("/thing", "DELETE", 405, None, "GET, HEAD, OPTIONS, POST", id="405-allow"),
        pytest.param("/thing", "PUT", 405, None, "GET, HEAD, OPTIONS, POST", id="405-put"),
        pytest.param("/nothing", "GET", 404, None, None, id="404"),
        pytest.param("/nothing", "DELETE", 404, None, None, id="404-any-method"),
        pytest.param("/items/new", "GET", 200, b"new item form", None, id="static-get"),
        pytest.param("/items/new", "POST", 200, b"created item", None,
                     id="post-passes-get-only-static-to-converter-rule"),
        pytest.param("/items/new", "PUT", 405, None, "GET, HEAD, OPTIONS, POST",
                     id="405-allow-is-union-of-matching-rules"),
        pytest.param("/items/x", "GET", 405, None, "OPTIONS, POST", id="405-post-only"),
        pytest.param("/only-head", "GET", 405, None, "HEAD, OPTIONS", id="head-only-rule"),
        pytest.param("/only-head", "HEAD", 200, b"", None, id="head-only-rule-head"),
        pytest.param("/thing", "OPTIONS", 200, b"", "GET, HEAD, OPTIONS, POST",
                     id="options-automatic"),
        pytest.param("/items/new", "OPTIONS", 200, b"", "GET, HEAD, OPTIONS, POST",
                     id="options-union"),
        pytest.param("/opts", "OPTIONS", 200, b"custom options", None, id="options-own-rule"),
        pytest.param("/nothing", "OPTIONS", 404, None, None, id="options-404"),
    ],
)
def test_404_405_options(
    path: str, method: str, status: int, body: bytes | None, allow: str | None
) -> None:
    result = call(method_router(), path, method)
    assert result.status == status
    if body is not None:
        assert result.body == body
    assert result.headers.get("allow") == allow
    if status >= 400:
        problem = result.json()
        assert problem["status"] == status
        assert problem["title"] == {404: "Not Found", 405: "Method Not Allowed"}[status]


@pytest.mark.parametrize("path", ["/thing", "/items/new", "/head-and-get"])
def test_head_has_get_headers_and_no_body(path: str) -> None:
    router = method_router()
    get, head = call(router, path, "GET"), call(router, path, "HEAD")
    assert head.status == 200 and head.body == b""
    if path == "/head-and-get":  # an explicit HEAD rule wins over the GET one
        assert head.headers["content-length"] == "0"
        return
    assert get.body and head.headers == get.headers
    assert head.headers["content-length"] == str(len(get.body))


def lazy_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
    """Calls start_response only when iterated, as PEP 3333 allows."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    yield b"lazy!"


def write_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """The old write() callable."""
    write = start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    write(b"writ!")
    return []


class ClosingBody:
    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield b"body!"

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize(
    ("app", "get_body"),
    [pytest.param(lazy_app, b"lazy!", id="generator"),
     pytest.param(write_app, b"writ!", id="write-callable")],
)
def test_head_of_any_wsgi_target(app: Callable[..., Any], get_body: bytes) -> None:
    router = Router()
    router.add("/", app)
    assert call(router, "/", buffered=False).body == get_body
    head = call(router, "/", "HEAD", buffered=False)
    assert (head.status, head.body, head.headers["content-length"]) == (200, b"", "5")


def test_head_closes_the_targets_body() -> None:
    body = ClosingBody()
    router = Router()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> ClosingBody:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return body

    router.add("/", app)
    assert call(router, "/", "HEAD").body == b""
    assert body.closed


# -- trailing slashes ---------------------------------------------------------------


def slash_router() -> Router:
    router = Router()
    router.add("/projects/", text_app("projects"))
    router.add("/about", text_app("about"))
    router.add("/<name>", echo)
    router.add("/post-only/", text_app("posted"), methods=["POST"])
    router.add("/a", text_app("get a"))
    router.add("/a/", text_app("post a/"), methods=["POST"])
    router.add("/files/<path:p>/", echo)
    return router


@pytest.mark.parametrize(
    ("path", "method", "script_name", "query", "status", "location"),
    [
        pytest.param("/projects", "GET", "", "", 308, "/projects/", id="redirect"),
        pytest.param("/projects", "GET", "/app", "x=1&y=%20", 308, "/app/projects/?x=1&y=%20",
                     id="keeps-script-name-and-query"),
        pytest.param("/projects", "GET", "/\xed\x95\x9c", "q=%ED%95%9C", 308,
                     "/%ED%95%9C/projects/?q=%ED%95%9C", id="non-ascii-script-name"),
        pytest.param("/projects", "GET", "", "a=\xe9", 308, "/projects/?a=%E9",
                     id="stray-query-byte-escaped"),
        pytest.param("/projects", "HEAD", "", "", 308, "/projects/", id="head"),
        pytest.param("/projects", "OPTIONS", "", "", 308, "/projects/", id="options"),
        pytest.param("/projects", "POST", "", "", 405, None,
                     id="method-the-slash-rule-refuses-is-not-redirected"),
        pytest.param("/projects/", "GET", "", "", 200, None, id="slash-rule-itself"),
        pytest.param("/about", "GET", "", "", 200, None, id="no-slash-rule"),
        pytest.param("/about/", "GET", "", "", 404, None, id="extra-slash-404"),
        pytest.param("/post-only", "POST", "", "", 308, "/post-only/", id="post-redirect"),
        pytest.param("/post-only", "GET", "", "", 200, None,
                     id="get-to-post-only-slash-rule-goes-on"),
        pytest.param("/a", "POST", "", "", 308, "/a/", id="405-loses-to-redirect"),
        pytest.param("/a", "PUT", "", "", 405, None, id="405-when-nothing-takes-it"),
        pytest.param("/files/x/y", "GET", "", "", 308, "/files/x/y/", id="path-rule-redirect"),
        pytest.param("/files/x/y/", "GET", "", "", 200, None, id="path-rule-itself"),
        pytest.param("/caf%C3%A9", "GET", "", "", 200, None, id="non-ascii-path"),
    ],
)
def test_trailing_slash(
    path: str, method: str, script_name: str, query: str, status: int, location: str | None
) -> None:
    result = call(slash_router(), path, method, script_name=script_name, query=query)
    assert result.status == status, result.body
    assert result.headers.get("location") == location
    if status == 308:
        assert result.body == (b"" if method == "HEAD" else f"Redirecting to {location}\n".encode())


def test_redirect_location_is_percent_encoded() -> None:
    router = Router()
    router.add("/caf\xe9 %/", text_app("x"))
    result = call(router, "/caf%C3%A9%20%25")
    assert (result.status, result.headers["location"]) == (308, "/caf%C3%A9%20%25/")


def test_empty_path_info_redirects_to_the_root() -> None:
    """The bare mount point (``/app``, PATH_INFO '') answers 308 to ``/app/``, as
    werkzeug and Flask do, so that the page's relative links resolve under it, for
    the methods '/' answers."""
    router = Router()
    router.add("/", text_app("root"))
    router.add("/post", text_app("posted"), methods=["POST"])
    result = call(router, raw_path="", script_name="/app", query="a=1")
    assert (result.status, result.headers["location"]) == (308, "/app/?a=1")
    assert call(router, raw_path="", method="OPTIONS").status == 308
    # '/' refuses POST: no redirect that could only lead to a 405; a 404, as in Flask
    refused = call(router, raw_path="", method="POST")
    assert (refused.status, "location" in refused.headers) == (404, False)
    assert call(router, "/").body == b"root"
    empty = Router()
    empty.add("/x", text_app("x"))
    assert call(empty, raw_path="").status == 404


# -- errors ---------------------------------------------------------------------------


def test_invalid_utf8_path_is_400() -> None:
    router = Router()
    router.add("/<name>", echo)
    result = call(router, raw_path="/caf\xe9")  # the byte 0xE9 alone: not UTF-8
    assert result.status == 400
    assert result.json()["detail"] == "the path is not valid UTF-8"


def test_path_info_without_slash_is_404() -> None:
    router = Router()
    router.add("/<path:p>", echo)
    assert answer(router, "x") == ("404",)


def test_exception_in_target_is_a_generic_500_logged_with_traceback() -> None:
    router = Router()

    def broken(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        raise RuntimeError("secret database password")

    router.add("/broken", broken)
    result = call(router, "/broken")
    assert result.status == 500
    problem = result.json()
    assert problem["title"] == "Internal Server Error"
    assert b"secret" not in result.body and b"Traceback" not in result.body
    assert b"RuntimeError" not in result.body
    assert "Traceback" in result.errors and "secret database password" in result.errors
    assert "GET /broken" in result.errors
    head = call(router, "/broken", "HEAD")
    assert (head.status, head.body) == (500, b"")


def test_error_after_start_response_passes_exc_info() -> None:
    """PEP 3333: a second start_response needs exc_info (the server re-raises
    if headers were sent).  werkzeug's Client always re-raises, so a recording
    start_response stands in for the server here."""
    router = Router()

    def half(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        raise RuntimeError("after headers")

    router.add("/", half)
    environ = EnvironBuilder(path="/").get_environ()
    environ["wsgi.errors"] = io.StringIO()
    calls: list[tuple[str, Any]] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Callable[..., Any]:
        calls.append((status, exc_info))
        return lambda data: None

    body = validator(router)(environ, start_response)
    try:
        b"".join(body)
    finally:
        body.close()  # type: ignore[attr-defined]
    assert [status for status, _ in calls] == ["200 OK", "500 Internal Server Error"]
    assert calls[0][1] is None and calls[1][1][0] is RuntimeError


@pytest.mark.parametrize(
    ("error", "status", "detail"),
    [
        pytest.param(errors.NotFound("no user named 'bob'"), 404, "no user named 'bob'",
                     id="not-found"),
        pytest.param(errors.Forbidden(), 403, errors.Forbidden.description, id="forbidden"),
        pytest.param(errors.Conflict("taken"), 409, "taken", id="conflict"),
    ],
)
def test_http_error_raised_in_target(error: HTTPError, status: int, detail: str) -> None:
    router = Router()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        raise error

    router.add("/", app)
    result = call(router, "/")
    assert (result.status, result.json()["detail"]) == (status, detail)
    assert result.errors == ""  # an HTTPError is an answer, not a failure


def test_error_handler_renders_its_own_404() -> None:
    router = Router()
    router.add("/", text_app("home"))
    seen: list[HTTPError] = []

    @router.error_handler(404)
    def not_found(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        seen.append(environ["wsgikit.error"])
        body = f"no page at {environ['PATH_INFO']}".encode()
        start_response("404 Not Found", [("Content-Type", "text/plain"),
                                         ("Content-Length", str(len(body)))])
        return [body]

    result = call(router, "/missing")
    assert (result.status, result.body) == (404, b"no page at /missing")
    assert isinstance(seen[0], NotFound)
    head = call(router, "/missing", "HEAD")
    assert (head.status, head.body, head.headers["content-length"]) == (404, b"", "19")
    assert call(router, "/", "POST").status == 405  # other errors keep the default


def test_failing_error_handler_falls_back_to_500() -> None:
    router = Router()

    @router.error_handler(404)
    def broken(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        raise ValueError("handler bug")

    result = call(router, "/missing")
    assert result.status == 500
    assert b"handler bug" not in result.body
    assert "handler bug" in result.errors


def every_error() -> list[Any]:
    cases = []
    for name in errors.__all__:
        cls = getattr(errors, name)
        if not (isinstance(cls, type) and issubclass(cls, HTTPError)):
            continue
        error = cls(["GET", "POST"]) if cls is MethodNotAllowed else cls()
        cases.append(pytest.param(error, id=name))
    cases.append(pytest.param(errors.Unauthorized(www_authenticate='Basic realm="x"'),
                              id="Unauthorized-with-challenge"))
    cases.append(pytest.param(HTTPError("teapot", code=418), id="HTTPError-418"))
    return cases


@pytest.mark.parametrize("error", every_error())
def test_every_error_class_renders_a_valid_problem(error: HTTPError) -> None:
    get, head = call(error, "/x"), call(error, "/x", "HEAD")
    assert get.status == head.status == error.code
    assert get.headers["content-type"] == "application/problem+json"
    problem = get.json()
    assert problem == {"type": "about:blank", "title": error.title, "status": error.code,
                       "detail": error.detail}
    assert get.headers["content-length"] == str(len(get.body))
    assert head.body == b"" and head.headers == get.headers
    for name, value in error.headers():
        assert get.headers[name.lower()] == value


# -- url_for ----------------------------------------------------------------------------


def url_router() -> Router:
    router = Router()
    router.add("/", echo, name="index")
    router.add("/login", echo, name="login")
    router.add("/user/<username>", echo, name="profile")
    router.add("/post/<int:post_id>", echo, name="post")
    router.add("/n/<int(signed=True):n>", echo, name="signed")
    router.add("/price/<float:x>", echo, name="price")
    router.add("/u/<uuid:u>", echo, name="uuid")
    router.add("/page/<any(about, help):page>", echo, name="page")
    router.add("/files/<path:p>", echo, name="files")
    router.add("/projects/", echo, name="projects")
    router.add("/r/<a>-<b>", echo, name="pair")
    router.add("/users/new", echo, name="new_user")
    router.add("/users/<name>", echo, name="user")
    router.add("/caf\xe9 &+", echo, name="odd_static")
    return router


@pytest.mark.parametrize(
    ("name", "script_name", "values", "url"),
    [
        pytest.param("index", "", {}, "/", id="root"),
        pytest.param("login", "", {}, "/login", id="static"),
        pytest.param("login", "", {"next": "/"}, "/login?next=/", id="query-as-flask"),
        pytest.param("login", "", {"q": "a b&c=d", "page": 2}, "/login?q=a+b%26c%3Dd&page=2",
                     id="query-escaped"),
        pytest.param("login", "", {"tag": ["a", "b"], "none": None}, "/login?tag=a&tag=b",
                     id="query-list-repeats-none-dropped"),
        pytest.param("login", "", {"q": "한"}, "/login?q=%ED%95%9C", id="query-non-ascii"),
        pytest.param("profile", "", {"username": "John Doe"}, "/user/John%20Doe", id="space"),
        pytest.param("profile", "", {"username": "한글"}, "/user/%ED%95%9C%EA%B8%80",
                     id="non-ascii"),
        pytest.param("profile", "", {"username": "a?b#c%d"}, "/user/a%3Fb%23c%25d",
                     id="reserved-characters"),
        pytest.param("profile", "", {"username": "a&b=c:d@e+f"}, "/user/a&b=c:d@e+f",
                     id="sub-delims-kept"),
        pytest.param("profile", "", {"username": "a\nb"}, "/user/a%0Ab", id="newline"),
        pytest.param("profile", "/app", {"username": "x"}, "/app/user/x", id="script-name"),
        pytest.param("profile", "/\xed\x95\x9c", {"username": "x"}, "/%ED%95%9C/user/x",
                     id="script-name-non-ascii"),
        pytest.param("profile", "/a b", {"username": "x"}, "/a%20b/user/x",
                     id="script-name-space"),
        pytest.param("post", "", {"post_id": 7}, "/post/7", id="int"),
        pytest.param("signed", "", {"n": -3}, "/n/-3", id="signed-int"),
        pytest.param("price", "", {"x": 1.5}, "/price/1.5", id="float"),
        pytest.param("price", "", {"x": 0.00001}, "/price/0.00001", id="float-small-plain"),
        pytest.param("price", "", {"x": 1e16}, "/price/10000000000000000.0",
                     id="float-large-plain"),
        pytest.param("uuid", "", {"u": uuid.UUID(UUID)}, f"/u/{UUID}", id="uuid"),
        pytest.param("uuid", "", {"u": UUID.upper()}, f"/u/{UUID.upper()}", id="uuid-as-text"),
        pytest.param("page", "", {"page": "help"}, "/page/help", id="any"),
        pytest.param("files", "", {"p": "a/b c/d"}, "/files/a/b%20c/d", id="path-keeps-slashes"),
        pytest.param("projects", "", {}, "/projects/", id="trailing-slash"),
        pytest.param("pair", "", {"a": "x-y", "b": "z"}, "/r/x-y-z", id="mixed"),
        pytest.param("user", "", {"name": "bob"}, "/users/bob", id="beside-a-static"),
        pytest.param("odd_static", "", {}, "/caf%C3%A9%20&+", id="static-text-encoded"),
    ],
)
def test_url_for(name: str, script_name: str, values: dict[str, Any], url: str) -> None:
    router = url_router()
    environ = {"SCRIPT_NAME": script_name} if script_name else None
    assert router.url_for(name, environ, **values) == url
    if not script_name:  # and back: the server decodes the path, the router finds the route
        route, params = router.match(unquote(urlsplit(url).path))
        assert route.name == name


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        pytest.param("nope", {}, "no route is named 'nope'", id="unknown-name"),
        pytest.param("profile", {}, "needs a value for 'username'", id="missing-value"),
        pytest.param("profile", {"username": None}, "needs a value for 'username'",
                     id="none-is-no-value"),
        pytest.param("post", {"post_id": "x"}, "expected an int", id="int-given-text"),
        pytest.param("post", {"post_id": True}, "expected an int", id="int-given-bool"),
        pytest.param("post", {"post_id": -1}, "no rule matches", id="negative-for-unsigned"),
        pytest.param("profile", {"username": "a/b"}, "does a value hold '/'",
                     id="slash-in-string"),
        pytest.param("profile", {"username": ""}, "no rule matches", id="empty-string"),
        pytest.param("price", {"x": float("inf")}, "no rule matches", id="float-inf"),
        pytest.param("price", {"x": "abc"}, "does not fit", id="float-given-text"),
        pytest.param("uuid", {"u": "not-a-uuid"}, "does not fit", id="bad-uuid"),
        pytest.param("page", {"page": "other"}, "no rule matches", id="any-not-a-choice"),
        pytest.param("files", {"p": "/abs"}, "no rule matches", id="path-leading-slash"),
        pytest.param("user", {"name": "new"}, "would reach '/users/new' instead",
                     id="value-a-static-rule-catches"),
        pytest.param("pair", {"a": "x", "b": "y-z"}, "matching it gives",
                     id="ambiguous-mixed-segment"),
        pytest.param("profile", {"username": "\ud800"}, "not encodable", id="lone-surrogate"),
    ],
)
def test_url_for_errors(name: str, values: dict[str, Any], message: str) -> None:
    with pytest.raises(BuildError, match=re.escape(message)):
        url_router().url_for(name, **values)


def test_url_for_refuses_a_url_that_would_redirect() -> None:
    router = Router()
    router.add("/projects/", echo)
    router.add("/<name>", echo, name="user")
    with pytest.raises(BuildError, match="redirected to '/projects/'"):
        router.url_for("user", name="projects")
    assert router.url_for("user", name="bob") == "/bob"


def test_request_url_for_uses_the_serving_router() -> None:
    from wsgikit import Request, handler

    router = Router()

    @router.route("/user/<name>")
    @handler
    def user(request: Request, name: str) -> dict[str, str]:
        return {"self": request.url_for("user", name=name, tab="x y")}

    result = call(router, "/user/%ED%95%9C", script_name="/app")
    assert result.json() == {"self": "/app/user/%ED%95%9C?tab=x+y"}


# -- add()-time errors -------------------------------------------------------------------


def collide(router: Router) -> None:
    router.add("/c/<int:a>", echo)
    router.add("/c/<int:b>", echo)


def collide_static(router: Router) -> None:
    router.add("/s", echo, methods=["GET", "POST"])
    router.add("/s", echo, methods=["POST"])


def duplicate_name(router: Router) -> None:
    router.add("/a", echo, name="same")
    router.add("/b", echo, name="same")


def decorator_twice(router: Router) -> None:
    @router.route("/a")
    @router.route("/b")
    def page(environ: Any, start_response: Any) -> list[bytes]:
        return []


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        pytest.param(lambda r: r.add("users", echo), ValueError, "must start with '/'",
                     id="no-leading-slash"),
        pytest.param(lambda r: r.add("", echo), ValueError, "must start with '/'", id="empty"),
        pytest.param(lambda r: r.add("/a//b", echo), ValueError, "empty segment",
                     id="empty-segment"),
        pytest.param(lambda r: r.add("//", echo), ValueError, "empty segment",
                     id="double-slash"),
        pytest.param(lambda r: r.add("/a?b", echo), ValueError, "no '?'", id="question-mark"),
        pytest.param(lambda r: r.add("/a\nb", echo), ValueError, "control", id="newline"),
        pytest.param(lambda r: r.add("/<int:x", echo), ValueError, "cannot parse",
                     id="unclosed-variable"),
        pytest.param(lambda r: r.add("/<int:x>>", echo), ValueError, "cannot parse",
                     id="stray-bracket"),
        pytest.param(lambda r: r.add("/<in t:x>", echo), ValueError, "cannot parse",
                     id="space-in-variable"),
        pytest.param(lambda r: r.add("/<1x>", echo), ValueError, "cannot parse",
                     id="name-not-identifier"),
        pytest.param(lambda r: r.add("/<foo:x>", echo), ValueError, "unknown converter 'foo'",
                     id="unknown-converter"),
        pytest.param(lambda r: r.add("/<a>/<int:a>", echo), ValueError, "variable name twice",
                     id="duplicate-variable"),
        pytest.param(lambda r: r.add("/<a>-<a>", echo), ValueError, "variable 'a' twice",
                     id="duplicate-variable-one-segment"),
        pytest.param(lambda r: r.add("/<int(min=5, max=1):x>", echo), ValueError,
                     "bad arguments for int", id="min-over-max"),
        pytest.param(lambda r: r.add("/<int(sined=True):x>", echo), ValueError,
                     "bad arguments for int", id="unknown-argument"),
        pytest.param(lambda r: r.add("/<int(signed=yes):x>", echo), ValueError,
                     "bad arguments for int", id="non-literal-argument"),
        pytest.param(lambda r: r.add("/<int(1), f(2):x>", echo), ValueError,
                     "cannot parse", id="argument-injection"),
        pytest.param(lambda r: r.add("/<string(maxlength=0):x>", echo), ValueError,
                     "bad arguments for string", id="maxlength-zero"),
        pytest.param(lambda r: r.add("/<any():x>", echo), ValueError, "bad arguments for any",
                     id="any-empty"),
        pytest.param(lambda r: r.add("/<any('a/b'):x>", echo), ValueError,
                     "cannot parse", id="slash-in-arguments-splits-the-rule"),
        pytest.param(lambda r: r.add("/a", echo, methods="GET"), TypeError, "list of names",
                     id="methods-as-string"),
        pytest.param(lambda r: r.add("/a", echo, methods=[]), ValueError, "no methods",
                     id="no-methods"),
        pytest.param(lambda r: r.add("/a", echo, methods=["GE T"]), ValueError,
                     "bad or no methods", id="bad-method"),
        pytest.param(lambda r: r.add("/a", "not an app"), TypeError, "WSGI callable",
                     id="not-callable"),
        pytest.param(collide, ValueError, "'/c/<int:b>' collides with '/c/<int:a>' for GET",
                     id="collision-converter"),
        pytest.param(collide_static, ValueError, "collides with '/s' for POST",
                     id="collision-methods-overlap"),
        pytest.param(duplicate_name, ValueError, "the name 'same' is taken by '/a'",
                     id="duplicate-name"),
        pytest.param(decorator_twice, ValueError, "pass name=", id="decorator-stacked"),
    ],
)
def test_add_time_errors(build: Callable[[Router], Any], error: type[Exception],
                         message: str) -> None:
    router = Router()
    with pytest.raises(error, match=re.escape(message)):
        build(router)


@pytest.mark.parametrize(
    "rules",
    [
        pytest.param([("/a", "GET"), ("/a/", "GET")], id="with-and-without-slash"),
        pytest.param([("/s", "GET"), ("/s", "POST")], id="same-rule-other-methods"),
        pytest.param([("/<int:a>", "GET"), ("/<int(signed=True):a>", "GET")],
                     id="int-and-signed-int"),
        pytest.param([("/<int(max=9):a>", "GET"), ("/<int:a>", "GET")],
                     id="int-arguments-differ"),
        pytest.param([("/<a>", "GET"), ("/<a>.json", "GET"), ("/x<a>", "GET")],
                     id="mixed-segments-differ"),
    ],
)
def test_rules_that_do_not_collide(rules: list[tuple[str, str]]) -> None:
    router = Router()
    for rule, method in rules:
        router.add(rule, echo, methods=[method])
    assert len(router.routes) == len(rules)


# -- the reference: a deliberately simple linear matcher ---------------------------------
#
# It implements the documented priority literally: each rule gets a tuple with
# one (kind, weights, key) entry per segment (static 0 < converter alone 2; int
# 30 < string 100) and END after the last.  From its first path on, a rule gets
# one entry instead: (3, fewer static segments, fewer segments, the segments'
# entries).  All candidates are sorted by it and tried in order, each with one
# full regex.  A rule ending in '/' also yields a redirect candidate (the path
# plus '/'), sorted right after where the rule without its slash would be.

END = (9,)
KINDS = {"int": (2, (30,)), "string": (2, (100,)), "path": (3, (1000,))}
PATTERNS = {"int": "[0-9]+", "string": "[^/]+", "path": "[^/].*?"}
AUTO = {"OPTIONS"}


@dataclass(frozen=True)
class Spec:
    """A generated rule: segments ("static", text) or (converter, None), slash, methods."""

    segments: tuple[tuple[str, str | None], ...]
    slash: bool
    methods: frozenset[str]
    name: str = field(default="", compare=False)

    @property
    def rule(self) -> str:
        parts = [text if kind == "static" else f"<{kind}:v{i}>"
                 for i, (kind, text) in enumerate(self.segments)]
        return "/" + "/".join(parts) + ("/" if self.slash and parts else "")

    @property
    def shape(self) -> tuple[Any, ...]:
        return tuple((k, t) for k, t in self.segments) + (self.slash,)

    def key(self) -> tuple[Any, ...]:
        slash = [("static", "")] if self.slash or not self.segments else []
        return order_key([*self.segments, *slash])

    def redirect_key(self) -> tuple[Any, ...]:
        return (*order_key(list(self.segments)), 1)

    def regex(self) -> re.Pattern[str]:
        parts = [re.escape(str(text)) if kind == "static" else f"(?P<v{i}>{PATTERNS[kind]})"
                 for i, (kind, text) in enumerate(self.segments)]
        return re.compile("/" + "/".join(parts) + ("/" if self.slash and parts else ""), re.S)

    def values(self, path: str) -> dict[str, Any] | None:
        match = self.regex().fullmatch(path)
        if match is None:
            return None
        return {name: int(value) if self.segments[int(name[1:])][0] == "int" else value
                for name, value in match.groupdict().items()}

    def takes(self, method: str) -> bool:
        return method in self.methods or (method == "HEAD" and "GET" in self.methods)


def order_key(segments: list[tuple[str, str | None]]) -> tuple[Any, ...]:
    keys: list[Any] = []
    for index, (kind, text) in enumerate(segments):
        if kind == "path":
            tail = [(0, (), t) if k == "static" else (*KINDS[k], k) for k, t in segments[index:]]
            statics = sum(k == "static" for k, _ in segments[index:])
            return (*keys, (3, -statics, -len(tail), tuple(tail)))
        keys.append((0, (), text) if kind == "static" else (*KINDS[kind], kind))
    return (*keys, END)


def linear_answer(specs: list[Spec], path: str, method: str) -> tuple[Any, ...]:
    candidates = sorted(
        [(spec.key(), spec) for spec in specs] + [(spec.redirect_key(), spec) for spec in specs
                                                  if spec.slash and spec.segments],
        key=lambda candidate: candidate[0],
    )
    allowed: set[str] = set()
    for key, group_iter in itertools.groupby(candidates, key=lambda candidate: candidate[0]):
        group = [spec for _, spec in group_iter]
        if key[-1] == 1:  # redirect candidates
            if any(spec.values(path + "/") is not None and (spec.takes(method) or method in AUTO)
                   for spec in group):
                return ("308", path + "/")
            continue
        matching = [(spec, values) for spec in group
                    if (values := spec.values(path)) is not None]
        if not matching:
            continue
        explicit = [pair for pair in matching if method in pair[0].methods]
        implicit = [pair for pair in matching if pair[0].takes(method)]
        if explicit or implicit:
            spec, values = (explicit or implicit)[0]
            return ("route", spec.rule, values)
        for spec, _ in matching:
            allowed |= spec.methods | AUTO | ({"HEAD"} if "GET" in spec.methods else set())
    if allowed:
        return ("405", tuple(sorted(allowed)))
    return ("404",)


SEGMENT = st.one_of(
    st.sampled_from(["a", "b", "1"]).map(lambda text: ("static", text)),
    st.sampled_from(["int", "string", "path"]).map(lambda kind: (kind, None)),
)


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    segments = draw(st.lists(SEGMENT, min_size=0, max_size=3))
    return Spec(
        segments=tuple(segments),
        slash=draw(st.booleans()) or not segments,
        methods=frozenset(draw(st.sets(st.sampled_from(["GET", "POST", "PUT", "HEAD"]),
                                       min_size=1, max_size=2))),
    )


PATH_SEGMENT = st.sampled_from(["a", "b", "1", "01", "-1", "x", "", "a\nb"])
PATHS = st.builds(
    lambda segs, slash: "/" + "/".join(segs) + ("/" if slash and segs else ""),
    st.lists(PATH_SEGMENT, max_size=4),
    st.booleans(),
)
METHODS = st.sampled_from(["GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE"])
SEGMENT_LIKE = {
    "int": st.sampled_from(["1", "01", "-1", "1a"]),
    "string": PATH_SEGMENT,
    "path": st.lists(PATH_SEGMENT, min_size=1, max_size=3).map("/".join),
}


@st.composite
def path_like(draw: st.DrawFn, spec: Spec) -> str:
    """A path near ``spec``: its shape with values that may or may not fit, slash toggled."""
    parts = [draw(st.just(str(text)) if kind == "static" else SEGMENT_LIKE[kind])
             for kind, text in spec.segments]
    slash = spec.slash != draw(st.booleans())
    return "/" + "/".join(parts) + ("/" if slash and parts else "")


def build_router(rule_specs: list[Spec]) -> tuple[Router, list[Spec]]:
    """Add every spec; the ones that collide must be refused, the rest kept."""
    router, accepted = Router(), []
    for index, spec in enumerate(rule_specs):
        spec = Spec(spec.segments, spec.slash, spec.methods, name=f"r{index}")
        clash = any(other.shape == spec.shape and other.methods & spec.methods
                    for other in accepted)
        if clash:
            with pytest.raises(ValueError, match="collides"):
                router.add(spec.rule, echo, spec.methods, spec.name)
        else:
            router.add(spec.rule, echo, spec.methods, spec.name)
            accepted.append(spec)
    return router, accepted


@settings(max_examples=200, deadline=None)
@given(st.lists(specs(), min_size=1, max_size=6), st.data())
def test_router_agrees_with_the_linear_matcher(rule_specs: list[Spec], data: st.DataObject) -> None:
    router, accepted = build_router(rule_specs)
    near = st.sampled_from(accepted).flatmap(path_like)
    for _ in range(8):
        path, method = data.draw(st.one_of(PATHS, near)), data.draw(METHODS)
        assert answer(router, path, method) == linear_answer(accepted, path, method), (
            path, method, [(s.rule, sorted(s.methods)) for s in accepted])


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)


@st.composite
def value_for(draw: st.DrawFn, kind: str) -> Any:
    if kind == "int":
        return draw(st.integers(-3, 10**12))
    if kind == "string":
        return draw(TEXT.filter(lambda s: "/" not in s))
    return draw(st.lists(TEXT.filter(lambda s: "/" not in s), min_size=1, max_size=3)
                .map("/".join))


def raw_path(spec: Spec, values: dict[str, Any]) -> str:
    parts = [str(text) if kind == "static" else str(values[f"v{i}"])
             for i, (kind, text) in enumerate(spec.segments)]
    return "/" + "/".join(parts) + ("/" if spec.slash and parts else "")


@settings(max_examples=200, deadline=None)
@given(st.lists(specs(), min_size=1, max_size=5), st.data())
def test_url_for_then_match_is_the_identity(rule_specs: list[Spec], data: st.DataObject) -> None:
    """For every route and values: url_for builds a URL that a request brings
    back to the same route with the same values, or raises BuildError, and it
    raises only when the reference matcher agrees that no such URL exists."""
    router, accepted = build_router(rule_specs)
    for spec in accepted:
        values = {f"v{i}": data.draw(value_for(kind)) for i, (kind, _) in enumerate(spec.segments)
                  if kind != "static"}
        try:
            url = router.url_for(spec.name, **values)
        except BuildError:
            path = raw_path(spec, values)
            assert any(linear_answer(accepted, path, method) != ("route", spec.rule, values)
                       for method in spec.methods), (spec.rule, values)
            continue
        assert "?" not in url and "#" not in url
        path = unquote(url, errors="strict")  # what the server puts in PATH_INFO
        assert path == raw_path(spec, values)
        for method in spec.methods:
            route, params = router.match(path, method)
            assert (route.name, params) == (spec.name, values)


def test_url_for_round_trips_through_a_server_decoding() -> None:
    router = Router()
    router.add("/a/<name>/<path:rest>", echo, name="x")
    url = router.url_for("x", {"SCRIPT_NAME": "/app"}, name="? #%&=+;", rest="é/ü ü", q="1")
    parts = urlsplit(url)
    result = call(router, parts.path[len("/app"):], script_name="/app", query=parts.query)
    assert result.json()["params"] == {"name": repr("? #%&=+;"), "rest": repr("é/ü ü")}


# -- agreement with werkzeug --------------------------------------------------------------

SHARED_RULES = [
    ("/", ["GET"]),
    ("/projects/", ["GET"]),
    ("/about", ["GET"]),
    ("/users/new", ["GET"]),
    ("/users/<int:id>", ["GET", "POST"]),
    ("/users/<name>", ["GET"]),
    ("/users/<name>/edit", ["GET", "PUT"]),
    ("/files/<path:p>", ["GET", "PUT"]),
    ("/files/<path:p>/raw", ["GET"]),
    ("/tree/<path:a>/<path:b>", ["GET"]),
    ("/v/<float:x>", ["GET"]),
    ("/u/<uuid:u>", ["GET"]),
    ("/page/<any(about, help):page>", ["GET"]),
    ("/n/<int(signed=True):n>", ["GET"]),
    ("/k/<string(length=2):k>", ["GET"]),
    ("/post-only/", ["POST"]),
]

SHARED_PATHS = [
    "/", "/projects", "/projects/", "/about", "/about/", "/users/new", "/users/7",
    "/users/007", "/users/bob", "/users/bob/edit", "/users/7/edit", "/users", "/users/",
    "/files/a", "/files/a/b/c", "/files/a/b/raw", "/files/raw", "/files/", "/tree/x/y/z",
    "/v/1.5", "/v/1e5", "/v/1", f"/u/{UUID}", f"/u/{UUID.upper()}", "/u/x", "/page/about",
    "/page/x", "/n/-3", "/n/-0", "/n/3", "/k/ab", "/k/abc", "/post-only", "/nothing",
    "/users/bob\n",
]


def werkzeug_answer(adapter: Any, path: str, method: str) -> tuple[Any, ...]:
    try:
        endpoint, params = adapter.match(path, method)
    except RequestRedirect as redirect:
        return ("308", urlsplit(redirect.new_url).path)
    except WerkzeugMethodNotAllowed as error:
        return ("405", tuple(sorted(set(error.valid_methods or ()))))
    except WerkzeugNotFound:
        return ("404",)
    return ("route", endpoint, params)


def ours_like_werkzeug(router: Router, path: str, method: str) -> tuple[Any, ...]:
    found = answer(router, path, method)
    if found[0] == "405":  # werkzeug's bare Map leaves OPTIONS out of Allow
        return ("405", tuple(m for m in found[1] if m != "OPTIONS"))
    return found


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "PUT", "DELETE"])
@pytest.mark.parametrize("path", SHARED_PATHS)
def test_agrees_with_werkzeug(path: str, method: str) -> None:
    router = Router()
    for rule, methods in SHARED_RULES:
        router.add(rule, echo, methods, name=rule)
    adapter = Map([Rule(rule, endpoint=rule, methods=methods) for rule, methods in SHARED_RULES],
                  merge_slashes=False).bind("localhost")
    assert ours_like_werkzeug(router, path, method) == werkzeug_answer(adapter, path, method)


# The deliberate differences, each shown on both sides so the README stays true.
DIFFERENCES = [
    pytest.param([("/n/<int:n>", ["GET"])], "/n/\u0661\u0662", "GET",
                 ("404",), ("route", "/n/<int:n>", {"n": 12}),
                 id="ascii-digits-only"),
    pytest.param([("/n/<int(max=10):n>", ["GET"]), ("/n/<s>", ["GET"])], "/n/50", "GET",
                 ("route", "/n/<s>", {"s": "50"}), ("404",),
                 id="converter-refusal-tries-next-rule"),
    pytest.param([("/f/<path:p>", ["GET"])], "/f/a\nb", "GET",
                 ("route", "/f/<path:p>", {"p": "a\nb"}), ("404",), id="path-holds-newline"),
    pytest.param([("/projects/", ["GET"])], "/projects", "OPTIONS",
                 ("308", "/projects/"), ("404",), id="options-follows-the-slash-as-flask"),
    pytest.param([("/a/b", ["GET"])], "/a//b", "GET",
                 ("404",), ("308", "/a/b"), id="no-merge-slashes"),
]


@pytest.mark.parametrize(("rules", "path", "method", "ours", "theirs"), DIFFERENCES)
def test_documented_differences_from_werkzeug(
    rules: list[tuple[str, list[str]]], path: str, method: str,
    ours: tuple[Any, ...], theirs: tuple[Any, ...],
) -> None:
    router = Router()
    for rule, methods in rules:
        router.add(rule, echo, methods, name=rule)
    adapter = Map([Rule(rule, endpoint=rule, methods=methods)
                   for rule, methods in rules]).bind("localhost")
    assert answer(router, path, method) == ours
    assert werkzeug_answer(adapter, path, method) == theirs


def test_difference_redirect_location_is_root_relative() -> None:
    router = Router()
    router.add("/projects/", echo)
    adapter = Map([Rule("/projects/", endpoint="p")]).bind("localhost", script_name="/app")
    with pytest.raises(RequestRedirect) as redirect:
        adapter.match("/projects")
    assert redirect.value.new_url == "http://localhost/app/projects/"
    assert call(router, "/projects", script_name="/app").headers["location"] == "/app/projects/"


def test_difference_url_for_refuses_what_werkzeug_builds() -> None:
    router = Router()
    router.add("/user/<username>", echo, name="user")
    adapter = Map([Rule("/user/<username>", endpoint="user")]).bind("localhost")
    assert adapter.build("user", {"username": "a/b"}) == "/user/a/b"  # routes elsewhere
    with pytest.raises(BuildError):
        router.url_for("user", username="a/b")
    router.add("/p/<int:n>", echo, name="p")
    adapter = Map([Rule("/p/<int:n>", endpoint="p")]).bind("localhost")
    assert adapter.build("p", {"n": "5"}) == "/p/5"
    with pytest.raises(BuildError, match="expected an int"):
        router.url_for("p", n="5")
    # Where both build, they build the same URL.
    adapter = Map([Rule("/user/<username>", endpoint="user")]).bind("localhost")
    for value in ["John Doe", "한글", "a?b#c%d", "a&b=c:d@e+f"]:
        assert router.url_for("user", username=value, next="/") == adapter.build(
            "user", {"username": value, "next": "/"})


# -- odds and ends -----------------------------------------------------------------------


def test_environ_keys_for_the_target() -> None:
    router = Router()
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        seen.update(environ)
        return text_app("ok")(environ, start_response)

    route = router.add("/p/<int:id>", app, name="p")
    assert call(router, "/p/7").status == 200
    assert seen["wsgiorg.routing_args"] == ((), {"id": 7})
    assert seen["wsgikit.route"] is route and seen["wsgikit.router"] is router
    assert repr(route) == "<Route '/p/<int:id>' ['GET'] name='p'>"


def test_match_cost_does_not_depend_on_the_number_of_rules() -> None:
    """Not a timing: matching the last of 2000 rules converts one value, not 2000."""
    calls: list[str] = []

    class Counted(Converter):
        regex = "[0-9]+"

        def to_python(self, value: str) -> int:
            calls.append(value)
            return int(value)

    router = Router(converters={"counted": Counted})
    for i in range(2000):
        router.add(f"/r{i}/<counted:id>/items/<name>", echo)
    assert answer(router, "/r1999/5/items/x") == ("route", "/r1999/<counted:id>/items/<name>",
                                                  {"id": 5, "name": "x"})
    assert calls == ["5"]
