"""``wsgikit.Request``: the lazy view of an environ, attribute by attribute, and werkzeug's.

The bodies (``json``, ``form``, ``files``) are tested in test_json_body.py and
test_multipart.py; this file is everything else a handler reads from a request.
Environs are built as a server gives them (``wsgiref.util.setup_testing_defaults``
fills in the rest): PATH_INFO, SCRIPT_NAME, QUERY_STRING and headers hold the
bytes the client sent, as latin-1 text (PEP 3333).  Where werkzeug's
``Request`` is meant to agree, a test compares the two; where wsgikit differs on
purpose, a test asserts the difference and its docstring names it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes, urlencode, urlsplit
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Request as WerkzeugRequest

from wsgikit import BadRequest, BuildError, MissingKey, MultiDict, Request, Router
from wsgikit.request import parse_query

# -- helpers ------------------------------------------------------------------


def wire(text: str) -> str:
    """``text`` as a WSGI server hands it over: its UTF-8 bytes, read as latin-1."""
    return text.encode("utf-8").decode("latin-1")


def make_environ(
    path: str = "/",
    query: str = "",
    *,
    script_name: str = "",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A testing environ; ``headers`` become HTTP_* keys (CONTENT_* for the two special ones).

    ``path``, ``query`` and ``script_name`` go in as they are: pass them through
    :func:`wire` for non-ASCII text.
    """
    environ: dict[str, Any] = {"PATH_INFO": path, "SCRIPT_NAME": script_name,
                               "QUERY_STRING": query, **extra}
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    setup_testing_defaults(environ)
    return environ


def werkzeug_view(environ: dict[str, Any]) -> WerkzeugRequest:
    """werkzeug's Request on a copy (it stores itself in the environ it is given)."""
    return WerkzeugRequest(dict(environ))


def bad_request(action: Callable[[], object]) -> BadRequest:
    """The BadRequest that ``action`` raises, checked to be a plain 400."""
    with pytest.raises(BadRequest) as info:
        action()
    assert info.value.code == 400
    return info.value


def serve(
    app: Callable[..., Any], path: str = "/", *, script_name: str = "", query: str = ""
) -> tuple[int, str]:
    """One GET through werkzeug's Client with the app under the validator: status and text."""
    environ = EnvironBuilder(path="/").get_environ()
    environ["PATH_INFO"] = path
    environ["SCRIPT_NAME"] = script_name
    environ["QUERY_STRING"] = query
    environ["wsgi.errors"] = io.StringIO()
    app_iter, status, _ = Client(validator(app)).run_wsgi_app(environ, buffered=True)
    return int(status[:3]), b"".join(app_iter).decode("utf-8")


def reporting(read: Callable[[Request], Any]) -> Callable[..., Any]:
    """A WSGI app that answers JSON: what ``read`` finds in ``Request(environ)``."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = json.dumps(read(Request(environ))).encode("utf-8")
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    return app


class Untouchable(io.RawIOBase):
    """A ``wsgi.input`` that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise AssertionError("wsgi.input was read")


INVALID_UTF8 = [
    pytest.param("\xff", id="ff"),
    pytest.param("\xe2\x9c", id="truncated-sequence"),
    pytest.param("\xc0\xaf", id="overlong-slash"),
    pytest.param("\xed\xa0\x80", id="encoded-surrogate"),
    pytest.param("\xf4\x90\x80\x80", id="beyond-u10ffff"),
    pytest.param("\x80", id="lone-continuation-byte"),
]

# -- method -------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "PROPFIND"])
def test_method_is_request_method(method: str) -> None:
    request = Request(make_environ(REQUEST_METHOD=method))
    assert request.method == method == werkzeug_view(request.environ).method


def test_method_keeps_its_case_unlike_werkzeug() -> None:
    """Difference: wsgikit passes REQUEST_METHOD through as sent (RFC 9110 method
    names are case-sensitive: ``get`` is not ``GET``); werkzeug upper-cases it."""
    environ = make_environ(REQUEST_METHOD="get")
    assert Request(environ).method == "get"
    assert werkzeug_view(environ).method == "GET"


# -- path and script_name -----------------------------------------------------

PATHS = [
    pytest.param("/", "/", id="root"),
    pytest.param("/a/b/", "/a/b/", id="ascii"),
    pytest.param(wire("/안녕/café"), "/안녕/café", id="utf-8"),
    pytest.param(wire("/\U0001f600"), "/\U0001f600", id="four-byte-utf-8"),
    pytest.param("/a b/100%/%41", "/a b/100%/%41", id="space-and-percent-kept-as-decoded"),
    pytest.param("/a;b=c", "/a;b=c", id="semicolon"),
    pytest.param("//a//b", "//a//b", id="double-slashes-kept"),
    pytest.param("", "", id="empty"),
]


@pytest.mark.parametrize(("raw", "text"), PATHS)
def test_path_is_path_info_decoded_as_utf8(raw: str, text: str) -> None:
    request = Request(make_environ(raw))
    assert request.path == text


@pytest.mark.parametrize(("raw", "text"), PATHS)
def test_script_name_is_decoded_as_utf8(raw: str, text: str) -> None:
    request = Request(make_environ("/x", script_name=raw.rstrip("/")))
    assert request.script_name == text.rstrip("/")


def test_missing_path_info_and_script_name_are_empty() -> None:
    environ = make_environ()
    del environ["PATH_INFO"], environ["SCRIPT_NAME"]
    request = Request(environ)
    assert (request.path, request.script_name) == ("", "")


@pytest.mark.parametrize("raw", INVALID_UTF8)
def test_invalid_utf8_path_is_400(raw: str) -> None:
    request = Request(make_environ("/a" + raw))
    error = bad_request(lambda: request.path)
    assert error.detail == "the path is not valid UTF-8"
    assert bad_request(lambda: request.path).detail == error.detail  # every time it is read


@pytest.mark.parametrize("raw", INVALID_UTF8)
def test_invalid_utf8_script_name_is_400(raw: str) -> None:
    request = Request(make_environ("/x", script_name="/a" + raw))
    assert bad_request(lambda: request.script_name).detail == "the script name is not valid UTF-8"
    assert request.path == "/x"  # the path itself is fine


@pytest.mark.parametrize(
    ("raw", "wsgikit_path", "werkzeug_path"),
    [
        pytest.param(wire("/안녕"), "/안녕", "/안녕", id="utf-8-agrees"),
        pytest.param("/a b", "/a b", "/a b", id="space-agrees"),
        pytest.param("", "", "/", id="empty-differs"),
        pytest.param("//a", "//a", "/a", id="leading-slashes-differ"),
    ],
)
def test_path_against_werkzeug(raw: str, wsgikit_path: str, werkzeug_path: str) -> None:
    """Difference: werkzeug makes every path start with exactly one slash; wsgikit
    keeps PATH_INFO as the server gave it ('' is the bare mount point, which the
    Router treats as '/', and '//a' is not '/a')."""
    environ = make_environ(raw)
    assert Request(environ).path == wsgikit_path
    assert werkzeug_view(environ).path == werkzeug_path


def test_invalid_utf8_path_is_400_where_werkzeug_substitutes() -> None:
    """Difference: werkzeug decodes bad bytes with U+FFFD replacement characters, so
    '/a\\xff' and '/a\\xfe' become the same path; wsgikit refuses it with a 400."""
    environ = make_environ("/a\xff")
    assert werkzeug_view(environ).path == "/a\ufffd"
    bad_request(lambda: Request(environ).path)


# -- url, host, scheme ----------------------------------------------------------

HOSTS = [
    pytest.param({"HTTP_HOST": "example.com"}, "example.com", id="host-header"),
    pytest.param({"HTTP_HOST": "example.com:8080"}, "example.com:8080", id="host-header-port"),
    pytest.param({"HTTP_HOST": "[::1]:8080"}, "[::1]:8080", id="host-header-ipv6"),
    pytest.param({"SERVER_NAME": "srv", "SERVER_PORT": "80"}, "srv", id="server-http-80"),
    pytest.param({"SERVER_NAME": "srv", "SERVER_PORT": "8080"}, "srv:8080", id="server-port"),
    pytest.param({"SERVER_NAME": "srv", "SERVER_PORT": "443", "wsgi.url_scheme": "https"},
                 "srv", id="server-https-443"),
    pytest.param({"SERVER_NAME": "srv", "SERVER_PORT": "80", "wsgi.url_scheme": "https"},
                 "srv:80", id="server-https-80"),
    pytest.param({"SERVER_NAME": "srv", "SERVER_PORT": "443"}, "srv:443", id="server-http-443"),
    pytest.param({"SERVER_NAME": "::1", "SERVER_PORT": "8080"}, "[::1]:8080",
                 id="server-ipv6-bracketed"),
    pytest.param({"SERVER_NAME": "::1", "SERVER_PORT": "80"}, "[::1]", id="server-ipv6-80"),
]
FALLBACKS = [
    pytest.param({"HTTP_HOST": "", "SERVER_NAME": "srv", "SERVER_PORT": "8000"}, "srv:8000",
                 id="empty-host-header"),
    pytest.param({"SERVER_NAME": "srv", "SERVER_PORT": ""}, "srv", id="empty-server-port"),
    pytest.param({"SERVER_NAME": "srv"}, "srv", id="no-server-port"),
]


def host_environ(values: dict[str, str]) -> dict[str, Any]:
    """A testing environ with ``values``, and no Host header or port unless they are given."""
    environ = make_environ()
    for key in ("HTTP_HOST", "SERVER_PORT"):  # setup_testing_defaults sets both
        if key not in values:
            del environ[key]
    environ.update(values)
    return environ


@pytest.mark.parametrize(("values", "host"), HOSTS + FALLBACKS)
def test_host(values: dict[str, str], host: str) -> None:
    request = Request(host_environ(values))
    assert request.host == host
    assert request.url == f"{request.scheme}://{host}/"


@pytest.mark.parametrize(("values", "host"), HOSTS)
def test_host_and_url_agree_with_werkzeug(values: dict[str, str], host: str) -> None:
    environ = host_environ(values)
    ours, theirs = Request(environ), werkzeug_view(environ)
    assert (ours.host, ours.url) == (theirs.host, theirs.url)


@pytest.mark.parametrize(("values", "host"), FALLBACKS)
def test_host_falls_back_to_server_name_where_werkzeug_gives_none(
    values: dict[str, str], host: str
) -> None:
    """Difference: with an empty Host header, or no port to go with SERVER_NAME,
    werkzeug's host is '' and its url 'http:///'; wsgikit uses SERVER_NAME (and the
    port when there is one)."""
    environ = host_environ(values)
    assert (werkzeug_view(environ).host, werkzeug_view(environ).url) == ("", "http:///")
    assert Request(environ).url == f"http://{host}/"


def test_host_without_server_name_or_host_header_is_localhost() -> None:
    environ = make_environ()
    del environ["HTTP_HOST"], environ["SERVER_NAME"], environ["SERVER_PORT"]
    assert Request(environ).host == "localhost"
    assert Request(environ).url == "http://localhost/"


def test_host_header_is_kept_with_its_default_port_unlike_werkzeug() -> None:
    """Difference: wsgikit gives the Host header as the client sent it; werkzeug
    drops a default ``:80`` (``:443`` for https) from it."""
    environ = make_environ(headers={"Host": "example.com:80"})
    assert Request(environ).host == "example.com:80"
    assert werkzeug_view(environ).host == "example.com"


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [pytest.param("https", "https", id="https"), pytest.param(None, "http", id="missing")],
)
def test_scheme(scheme: str | None, expected: str) -> None:
    environ = make_environ()
    if scheme is None:
        del environ["wsgi.url_scheme"]
    else:
        environ["wsgi.url_scheme"] = scheme
    assert Request(environ).scheme == expected


URLS = [
    pytest.param("", "/a", "", "http://example.com/a", id="plain"),
    pytest.param("/app", "/a/b", "", "http://example.com/app/a/b", id="script-name"),
    pytest.param("/app", "", "", "http://example.com/app", id="bare-mount-point"),
    pytest.param("", "", "", "http://example.com/", id="empty-is-the-root"),
    pytest.param("", "/a", "x=1&y=2", "http://example.com/a?x=1&y=2", id="query"),
    pytest.param(wire("/한"), wire("/안녕"), "", "http://example.com/%ED%95%9C/%EC%95%88%EB%85%95",
                 id="utf-8-percent-encoded"),
    pytest.param("", "/a\xff", "", "http://example.com/a%FF", id="invalid-utf-8-still-encoded"),
    pytest.param("", "/a b/c?d#e%f", "", "http://example.com/a%20b/c%3Fd%23e%25f",
                 id="decoded-specials-escaped"),
    pytest.param("", "/a;b=c@d:e!$&'()*+,", "", "http://example.com/a;b=c@d:e!$&'()*+,",
                 id="sub-delims-kept-as-url-for-keeps-them"),
    pytest.param("", "/", "a=%41+b&c=%zz&d[]=|~", "http://example.com/?a=%41+b&c=%zz&d[]=|~",
                 id="query-as-sent"),
    pytest.param("", "/", wire("q=é&w=✓"), "http://example.com/?q=%C3%A9&w=%E2%9C%93",
                 id="query-raw-utf-8-escaped"),
    pytest.param("", "/", 'a=b c&d="<>"&e=#\x7f\x01', "http://example.com/?a=b%20c&d=%22%3C%3E%22"
                 "&e=%23%7F%01", id="query-whatwg-escape-set"),
    pytest.param("", "/", "q=\xff", "http://example.com/?q=%FF", id="query-invalid-utf-8"),
]


@pytest.mark.parametrize(("script_name", "path", "query", "url"), URLS)
def test_url(script_name: str, path: str, query: str, url: str) -> None:
    environ = make_environ(path, query, script_name=script_name,
                           headers={"Host": "example.com"})
    assert Request(environ).url == url


@pytest.mark.parametrize(("script_name", "path", "query"), [
    pytest.param("", "/\u263a", "", id="path"),
    pytest.param("/\u0100", "/", "", id="script-name"),
    pytest.param("", "/", "q=\u263a", id="query"),
])
def test_url_of_a_broken_environ_is_400(script_name: str, path: str, query: str) -> None:
    """PEP 3333 strings hold bytes as latin-1; a character above U+00FF is a broken server."""
    request = Request(make_environ(path, query, script_name=script_name))
    with pytest.raises(BadRequest, match="cannot send"):
        _ = request.url


@pytest.mark.parametrize(
    ("path", "query"),
    [
        pytest.param("/a/b", "x=1&y=2", id="plain"),
        pytest.param("/a b", "", id="space"),
        pytest.param("/", "a=b c", id="query-space"),
        pytest.param("/", "a=#", id="query-hash"),
        pytest.param("/a;b=c@d:e,f", "", id="sub-delims-kept"),
    ],
)
def test_url_agrees_with_werkzeug_where_both_give_a_uri(path: str, query: str) -> None:
    environ = make_environ(path, query, script_name="/app", headers={"Host": "example.com"})
    assert Request(environ).url == werkzeug_view(environ).url


@pytest.mark.parametrize(
    ("path", "query", "wsgikit_url", "werkzeug_url"),
    [
        pytest.param(wire("/é"), "", "http://h/%C3%A9", "http://h/é", id="iri-path"),
        pytest.param("/", wire("q=é"), "http://h/?q=%C3%A9", "http://h/?q=é", id="iri-query"),
        pytest.param("/100%", "", "http://h/100%25", "http://h/100%", id="percent"),
    ],
)
def test_url_is_a_percent_encoded_uri_where_werkzeug_gives_an_iri(
    path: str, query: str, wsgikit_url: str, werkzeug_url: str
) -> None:
    """Difference: werkzeug's ``url`` is an IRI (non-ASCII decoded back to text) and
    leaves a decoded '%' unescaped, so '/100%' comes out as '/100%', not a valid
    URI; wsgikit's is ASCII, with every byte of the decoded path percent-encoded
    but letters, digits, '/', '-._~' and the characters RFC 3986 lets a segment
    hold (the sub-delimiters, ':' and '@'), the same set ``url_for`` keeps."""
    environ = make_environ(path, query, headers={"Host": "h"})
    assert Request(environ).url == wsgikit_url
    assert werkzeug_view(environ).url == werkzeug_url


LATIN1 = st.text(st.characters(min_codepoint=0, max_codepoint=0xFF), max_size=12)


@settings(max_examples=300, deadline=None)
@given(script=st.one_of(st.just(""), LATIN1.map("/".__add__)), path=LATIN1, query=LATIN1)
def test_url_round_trips_to_the_environ(script: str, path: str, query: str) -> None:
    """Any bytes in SCRIPT_NAME, PATH_INFO and QUERY_STRING: the URL is printable
    ASCII without '#', its path decodes to exactly SCRIPT_NAME + PATH_INFO and its
    query to what QUERY_STRING decodes to."""
    environ = make_environ("/" + path, query, script_name=script, headers={"Host": "h"})
    url = Request(environ).url
    assert url.isascii() and url.isprintable() and " " not in url and "#" not in url
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("http", "h")
    assert unquote_to_bytes(parts.path) == (script + "/" + path).encode("latin-1")
    assert unquote_to_bytes(parts.query) == unquote_to_bytes(query.encode("latin-1"))
    assert ("?" in url) == bool(query)


# -- args -----------------------------------------------------------------------

ARGS = [
    pytest.param("", [], id="empty"),
    pytest.param("a=1", [("a", "1")], id="one"),
    pytest.param("a=1&b=2&a=3", [("a", "1"), ("a", "3"), ("b", "2")], id="repeated-key"),
    pytest.param("a=1;b=2", [("a", "1;b=2")], id="semicolon-is-not-a-separator"),
    pytest.param("a=1&b=2;c=3", [("a", "1"), ("b", "2;c=3")], id="semicolon-inside-a-value"),
    pytest.param("a+b=c+d", [("a b", "c d")], id="plus-is-space"),
    pytest.param("a=%2B&b=%20", [("a", "+"), ("b", " ")], id="escaped-plus-and-space"),
    pytest.param("a=%26b%3Dc", [("a", "&b=c")], id="escaped-separators"),
    pytest.param("q=%E2%9C%93&%C3%A9=1", [("q", "✓"), ("é", "1")], id="escaped-utf-8"),
    pytest.param(wire("q=✓&é=1"), [("q", "✓"), ("é", "1")], id="raw-utf-8"),
    pytest.param("a=&b", [("a", ""), ("b", "")], id="blank-values-kept"),
    pytest.param("=x", [("", "x")], id="empty-name"),
    pytest.param("a==b", [("a", "=b")], id="equals-in-value"),
    pytest.param("&&a=1&", [("a", "1")], id="empty-fields-skipped"),
    pytest.param("x=%zz&y=%&z=%4", [("x", "%zz"), ("y", "%"), ("z", "%4")],
                 id="malformed-escapes-kept"),
    pytest.param("a=%00", [("a", "\x00")], id="nul"),
]


@pytest.mark.parametrize(("query", "pairs"), ARGS)
def test_args(query: str, pairs: list[tuple[str, str]]) -> None:
    request = Request(make_environ(query=query))
    assert list(request.args.items_multi()) == pairs
    assert request.query_string == query


@pytest.mark.parametrize(("query", "pairs"), ARGS)
def test_args_agree_with_werkzeug(query: str, pairs: list[tuple[str, str]]) -> None:
    environ = make_environ(query=query)
    ours, theirs = Request(environ).args, werkzeug_view(environ).args
    assert list(ours.items_multi()) == list(theirs.items(multi=True))
    assert {key: ours.getlist(key) for key in ours} == theirs.to_dict(flat=False)


QUERY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(QUERY_TEXT, QUERY_TEXT), max_size=6))
def test_args_decode_what_urlencode_encodes(pairs: list[tuple[str, str]]) -> None:
    """Any text pairs: args gives them back (grouped by key), and werkzeug agrees."""
    environ = make_environ(query=urlencode(pairs))
    args = Request(environ).args
    assert {key: args.getlist(key) for key in args} == {
        key: [v for k, v in pairs if k == key] for key, _ in pairs}
    assert list(args.items_multi()) == list(werkzeug_view(environ).args.items(multi=True))


def test_args_multidict_api() -> None:
    args = Request(make_environ(query="tag=a&name=x&tag=b&empty=")).args
    assert isinstance(args, MultiDict)
    assert (args["tag"], args.get("tag"), args.getlist("tag")) == ("a", "a", ["a", "b"])
    assert args.get("empty", "default") == ""  # present but blank is not missing
    assert args.get("nope") is None and args.get("nope", "stranger") == "stranger"
    assert args.getlist("nope") == []
    assert "tag" in args and "empty" in args and "nope" not in args
    assert list(args) == ["tag", "name", "empty"]  # each key once, first appearance first
    assert len(args) == 3
    assert dict(args) == {"tag": "a", "name": "x", "empty": ""}  # the first of each
    assert repr(args) == "MultiDict([('tag', 'a'), ('tag', 'b'), ('name', 'x'), ('empty', '')])"
    args.getlist("tag").append("c")
    assert args.getlist("tag") == ["a", "b"], "getlist must return a copy"


def test_missing_arg_is_a_400_that_is_also_a_key_error() -> None:
    args = Request(make_environ(query="a=1")).args
    with pytest.raises(KeyError) as info:
        args["name"]
    error = info.value
    assert isinstance(error, MissingKey) and isinstance(error, BadRequest)
    assert error.code == 400
    assert error.detail == str(error) == "the query parameter 'name' is missing"


@pytest.mark.parametrize("raw", INVALID_UTF8)
def test_raw_invalid_utf8_in_query_is_400(raw: str) -> None:
    request = Request(make_environ(query="ok=1&q=" + raw))
    assert bad_request(lambda: request.args).detail == "the query string is not valid UTF-8"


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("q=%FF", id="value-ff"),
        pytest.param("%FF=1", id="key-ff"),
        pytest.param("q=%E2%9C", id="truncated-sequence"),
        pytest.param("q=%C0%AF", id="overlong"),
        pytest.param("q=%ED%A0%80", id="encoded-surrogate"),
        pytest.param("ok=%E2%9C%93&q=%80", id="after-a-good-one"),
    ],
)
def test_escaped_invalid_utf8_in_query_is_400(query: str) -> None:
    request = Request(make_environ(query=query))
    detail = bad_request(lambda: request.args).detail
    assert detail == "a query parameter is not valid UTF-8 once unescaped"


def test_invalid_utf8_query_is_400_where_werkzeug_keeps_it_escaped() -> None:
    """Difference: werkzeug leaves undecodable escapes percent-encoded in the value,
    and raw bad bytes make it raise UnicodeDecodeError (a 500); wsgikit refuses
    both with a 400."""
    escaped, raw = make_environ(query="q=%FF"), make_environ(query="q=\xff")
    assert werkzeug_view(escaped).args["q"] == "%FF"
    with pytest.raises(UnicodeDecodeError):
        werkzeug_view(raw).args  # noqa: B018
    bad_request(lambda: Request(escaped).args)
    bad_request(lambda: Request(raw).args)


def test_parse_query_names_what_it_parses() -> None:
    assert list(parse_query("a=1&a=2").items_multi()) == [("a", "1"), ("a", "2")]
    fields = parse_query("x=1", "form field")
    with pytest.raises(MissingKey, match="the form field 'y' is missing"):
        fields["y"]
    with pytest.raises(BadRequest, match="a form field is not valid UTF-8 once unescaped"):
        parse_query("x=%FF", "form field")


# -- headers --------------------------------------------------------------------

HEADERS_ENVIRON = {
    "HTTP_USER_AGENT": "curl/8.5",
    "HTTP_X_FORWARDED_FOR": "10.0.0.1, 10.0.0.2",
    "HTTP_ACCEPT": "*/*",
    "CONTENT_TYPE": "application/json; charset=utf-8",
    "CONTENT_LENGTH": "12",
}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("User-Agent", "curl/8.5", id="canonical"),
        pytest.param("user-agent", "curl/8.5", id="lower"),
        pytest.param("USER-AGENT", "curl/8.5", id="upper"),
        pytest.param("x-FORWARDED-for", "10.0.0.1, 10.0.0.2", id="mixed"),
        pytest.param("x_forwarded_for", "10.0.0.1, 10.0.0.2", id="underscores-as-werkzeug"),
        pytest.param("Content-Type", "application/json; charset=utf-8", id="content-type"),
        pytest.param("content-length", "12", id="content-length"),
        pytest.param("Host", "127.0.0.1", id="host"),
    ],
)
def test_header_lookup_is_case_insensitive(name: str, value: str) -> None:
    environ = make_environ(**HEADERS_ENVIRON)
    headers = Request(environ).headers
    assert headers[name] == headers.get(name) == value
    assert name in headers
    assert werkzeug_view(environ).headers[name] == value


def test_content_type_and_length_come_from_cgi_keys_not_http_ones() -> None:
    """CONTENT_TYPE and CONTENT_LENGTH are the headers; HTTP_CONTENT_* copies that some
    servers add are neither read nor listed (listing them gave 'Content-Type' twice,
    the second naming a value that ``headers['Content-Type']`` does not return)."""
    environ = make_environ(CONTENT_TYPE="text/plain", CONTENT_LENGTH="3",
                           HTTP_CONTENT_TYPE="image/png", HTTP_CONTENT_LENGTH="99")
    headers = Request(environ).headers
    assert (headers["Content-Type"], headers["Content-Length"]) == ("text/plain", "3")
    assert sorted(headers) == ["Content-Length", "Content-Type", "Host"]
    assert len(headers) == 3
    assert {name: headers[name] for name in headers} == dict(werkzeug_view(environ).headers)


def test_header_iteration() -> None:
    headers = Request(make_environ(**HEADERS_ENVIRON)).headers
    assert sorted(headers) == ["Accept", "Content-Length", "Content-Type", "Host",
                               "User-Agent", "X-Forwarded-For"]
    assert len(headers) == 6


def test_empty_content_headers_are_not_listed_but_read_as_empty_like_werkzeug() -> None:
    """An empty CONTENT_TYPE or CONTENT_LENGTH (werkzeug's test client sets both) is
    left out of iteration, yet ``[name]`` gives '' rather than a 400: werkzeug's
    EnvironHeaders does the same."""
    environ = make_environ(CONTENT_TYPE="", CONTENT_LENGTH="")
    headers, theirs = Request(environ).headers, werkzeug_view(environ).headers
    assert list(headers) == ["Host"] == [name for name, _ in theirs]
    assert headers["Content-Type"] == theirs["Content-Type"] == ""
    assert headers.get("Content-Length", "default") == theirs.get("Content-Length") == ""


def test_headers_agree_with_werkzeug() -> None:
    environ = make_environ(**HEADERS_ENVIRON, HTTP_COOKIE="a=1", HTTP_X_EMPTY="")
    ours, theirs = Request(environ).headers, werkzeug_view(environ).headers
    assert {name: ours[name] for name in ours} == dict(theirs)
    assert len(ours) == len(theirs)


def test_missing_header_is_a_400_that_is_also_a_key_error() -> None:
    headers = Request(make_environ()).headers
    with pytest.raises(KeyError) as info:
        headers["X-Api-Key"]
    error = info.value
    assert isinstance(error, MissingKey) and error.code == 400
    assert str(error) == "the header 'X-Api-Key' is missing"
    assert headers.get("X-Api-Key") is None
    assert headers.get("X-Api-Key", "none") == "none"
    assert "X-Api-Key" not in headers


def test_headers_do_not_decode_values() -> None:
    """Header values stay latin-1 text as the server gave them (werkzeug agrees)."""
    environ = make_environ(HTTP_X_NAME=wire("café"))
    assert Request(environ).headers["X-Name"] == "caf\xc3\xa9"
    assert werkzeug_view(environ).headers["X-Name"] == "caf\xc3\xa9"


# -- cookies --------------------------------------------------------------------

COOKIES = [
    pytest.param("a=1", {"a": "1"}, id="one"),
    pytest.param("a=1; b=2", {"a": "1", "b": "2"}, id="two"),
    pytest.param("a=1;b=2", {"a": "1", "b": "2"}, id="no-space-after-semicolon"),
    pytest.param(" a=1 ;; b=2 ; ", {"a": "1", "b": "2"}, id="stray-spaces-and-semicolons"),
    pytest.param('a="x"', {"a": "x"}, id="quoted-value-unquoted"),
    pytest.param('a=""', {"a": ""}, id="quoted-empty"),
    pytest.param("a=", {"a": ""}, id="empty-value"),
    pytest.param("a=b=c", {"a": "b=c"}, id="equals-in-value"),
    pytest.param("$Version=1; a=1", {"$Version": "1", "a": "1"}, id="dollar-name-is-a-token"),
    pytest.param("s=AbC-_.~!#$%&'()*+/:<>?@[]^`{|}", {"s": "AbC-_.~!#$%&'()*+/:<>?@[]^`{|}"},
                 id="every-punctuation-a-value-may-hold"),
    pytest.param("a=1; a=2", {"a": "1"}, id="duplicate-first-wins"),
    pytest.param("a=1; bad pair; c=3", {"a": "1", "c": "3"}, id="malformed-pair-skipped-alone"),
    pytest.param("a", {}, id="no-equals-skipped"),
    pytest.param("=b", {}, id="empty-name-skipped"),
    pytest.param("a = b", {}, id="spaces-around-equals-skipped"),
    pytest.param("a b=1", {}, id="space-in-name-skipped"),
    pytest.param("a(b=1; a@b=1; a,b=1", {}, id="separator-in-name-skipped"),
    pytest.param("a=x y", {}, id="space-in-value-skipped"),
    pytest.param('a="x y"', {}, id="space-in-quoted-value-skipped"),
    pytest.param("a=x,y", {}, id="comma-in-value-skipped"),
    pytest.param("a=x\\y", {}, id="backslash-in-value-skipped"),
    pytest.param('a="\\101"', {}, id="quoted-escape-skipped"),
    pytest.param('a="x', {}, id="unclosed-quote-skipped"),
    pytest.param('a=x"', {}, id="closing-quote-alone-skipped"),
    pytest.param('a=x"y"', {}, id="quote-inside-value-skipped"),
    pytest.param('a="x"y', {}, id="text-after-quotes-skipped"),
    pytest.param('a=""x""', {}, id="four-quotes-skipped"),
    pytest.param(wire("a=é; b=2"), {"b": "2"}, id="non-ascii-value-skipped"),
    pytest.param("a=\xff; b=2", {"b": "2"}, id="invalid-utf-8-skipped-not-400"),
    pytest.param("a=\x01", {}, id="control-character-skipped"),
    pytest.param("a=b\xa0; c=1\x1f; d=2\t", {"d": "2"},
                 id="only-space-and-tab-are-whitespace"),
    pytest.param("", {}, id="empty-header"),
]


@pytest.mark.parametrize(("header", "cookies"), COOKIES)
def test_cookies(header: str, cookies: dict[str, str]) -> None:
    """RFC 6265 section 4.2.1, strictly: a pair whose name is not a token or whose
    value is not cookie-octets (optionally in one pair of double quotes, which are
    removed) is skipped and the rest kept; the first of a repeated name wins."""
    parsed = Request(make_environ(HTTP_COOKIE=header)).cookies
    assert isinstance(parsed, MultiDict)
    assert dict(parsed) == cookies
    assert {name: parsed.getlist(name) for name in parsed} == {
        name: [value] for name, value in cookies.items()}


def test_no_cookie_header() -> None:
    cookies = Request(make_environ()).cookies
    assert len(cookies) == 0 and cookies.get("session") is None
    with pytest.raises(MissingKey) as info:
        cookies["session"]
    assert (info.value.code, str(info.value)) == (400, "the cookie 'session' is missing")


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("a=1", id="one"),
        pytest.param("a=1; b=two; c=", id="several"),
        pytest.param('a="x"; b=""', id="quoted"),
        pytest.param("sid=3e2a-Xy_9.~!; $Version=1", id="token-characters"),
        pytest.param("a=1; a=2", id="duplicate-first-value"),
    ],
)
def test_well_formed_cookies_agree_with_werkzeug(header: str) -> None:
    environ = make_environ(HTTP_COOKIE=header)
    ours, theirs = Request(environ).cookies, werkzeug_view(environ).cookies
    assert dict(ours) == theirs.to_dict(flat=True)


@pytest.mark.parametrize(
    ("header", "werkzeug_pairs"),
    [
        pytest.param("a=1; a=2", [("a", "1"), ("a", "2")], id="duplicates-all-kept"),
        pytest.param("a", [("a", "")], id="no-equals-is-empty-value"),
        pytest.param("a = b", [("a", "b")], id="spaces-around-equals-ignored"),
        pytest.param('a="x y"', [("a", "x y")], id="space-in-quotes"),
        pytest.param('a="\\101"', [("a", "A")], id="octal-escape-decoded"),
        pytest.param("a=x,y", [("a", "x,y")], id="comma"),
        pytest.param(wire("a=é"), [("a", "Ã©")], id="non-ascii"),
    ],
)
def test_cookies_stricter_than_werkzeug(header: str, werkzeug_pairs: list[Any]) -> None:
    """Difference: werkzeug accepts these malformed pairs (and keeps every value of
    a repeated name); wsgikit skips the pair (and keeps only the first value, the
    cookie with the most specific path, which browsers send first)."""
    environ = make_environ(HTTP_COOKIE=header)
    assert list(werkzeug_view(environ).cookies.items(multi=True)) == werkzeug_pairs
    kept = werkzeug_pairs[:1] if len(werkzeug_pairs) > 1 else []
    assert list(Request(environ).cookies.items_multi()) == kept


# -- params ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("routing_args", "params"),
    [
        pytest.param(None, {}, id="not-routed"),
        pytest.param(((), {}), {}, id="no-parameters"),
        pytest.param(((), {"post_id": 7, "slug": "x"}), {"post_id": 7, "slug": "x"}, id="kwargs"),
        pytest.param((("positional",), {"a": 1}), {"a": 1}, id="positional-ignored"),
    ],
)
def test_params_from_wsgiorg_routing_args(routing_args: Any, params: dict[str, Any]) -> None:
    environ = make_environ()
    if routing_args is not None:
        environ["wsgiorg.routing_args"] = routing_args
    assert Request(environ).params == params


def test_params_are_a_copy() -> None:
    environ = make_environ(**{"wsgiorg.routing_args": ((), {"a": 1})})
    Request(environ).params["a"] = 2
    assert environ["wsgiorg.routing_args"][1] == {"a": 1}


def test_params_from_a_router() -> None:
    router = Router()
    router.add("/post/<int:post_id>/<path:rest>", reporting(lambda r: repr(r.params)))
    status, body = serve(router, wire("/post/7/a/é"))
    assert (status, json.loads(body)) == (200, repr({"post_id": 7, "rest": "a/é"}))


# -- url_for --------------------------------------------------------------------


def url_router() -> Router:
    router = Router()
    router.add("/post/<int:post_id>", reporting(lambda r: r.url_for("post", post_id=7)),
               name="post")
    router.add("/go/<name>", reporting(lambda r: r.url_for(r.params["name"], **r.args)),
               name="go")
    router.add("/user/<name>", reporting(lambda r: r.params), name="user")
    router.add("/login", reporting(lambda r: r.url), name="login")
    return router


@pytest.mark.parametrize(
    ("script_name", "path", "query", "url"),
    [
        pytest.param("", "/post/1", "", "/post/7", id="root"),
        pytest.param("/app", "/post/1", "", "/app/post/7", id="under-script-name"),
        pytest.param(wire("/한"), "/post/1", "", "/%ED%95%9C/post/7", id="utf-8-script-name"),
        pytest.param("/app", "/go/user", urlencode({"name": "a b?é"}), "/app/user/a%20b%3F%C3%A9",
                     id="value-percent-encoded"),
        pytest.param("/app", "/go/login", "next=/x", "/app/login?next=/x",
                     id="extra-values-become-the-query"),
    ],
)
def test_url_for_builds_under_script_name(script_name: str, path: str, query: str,
                                          url: str) -> None:
    status, body = serve(url_router(), path, script_name=script_name, query=query)
    assert (status, json.loads(body)) == (200, url)


def test_url_for_uses_the_router_serving_the_request() -> None:
    first, second = Router(), Router()
    for router, rule in ((first, "/one/here"), (second, "/two/<int:n>/here")):
        router.add(rule, reporting(lambda r: r.url_for("here", n=5)), name="here")
    assert json.loads(serve(first, "/one/here")[1]) == "/one/here?n=5"
    assert json.loads(serve(second, "/two/1/here")[1]) == "/two/5/here"


def test_url_for_errors() -> None:
    router = url_router()
    environ = make_environ(script_name="/app")
    environ["wsgikit.router"] = router
    with pytest.raises(BuildError, match="no route is named 'nope'"):
        Request(environ).url_for("nope")
    with pytest.raises(BuildError):
        Request(environ).url_for("post", post_id="seven")
    with pytest.raises(RuntimeError, match="a request that a wsgikit.Router dispatched"):
        Request(make_environ()).url_for("post", post_id=7)


def test_url_for_result_reaches_its_route() -> None:
    """What url_for builds, requested back through the same router, reaches that
    route with the same value."""
    router = url_router()
    environ = make_environ(script_name="/app")
    environ["wsgikit.router"] = router
    name = "a b;é?#%@"
    built = Request(environ).url_for("user", name=name)
    assert built.startswith("/app/user/") and built.isascii()
    path = unquote_to_bytes(built.removeprefix("/app")).decode("latin-1")
    assert serve(router, path, script_name="/app") == (200, json.dumps({"name": name}))


# -- content_type, environ, repr, close -------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "media_type"),
    [
        pytest.param("Application/JSON; charset=UTF-8", "application/json", id="lowered-no-params"),
        pytest.param(" text/plain ;q=1", "text/plain", id="stripped"),
        pytest.param("multipart/form-data; boundary=x", "multipart/form-data", id="multipart"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="missing"),
    ],
)
def test_content_type_is_the_media_type_like_werkzeug_mimetype(
    content_type: str | None, media_type: str
) -> None:
    environ = make_environ()
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    assert Request(environ).content_type == media_type == werkzeug_view(environ).mimetype


def test_environ_is_the_same_dict() -> None:
    environ = make_environ()
    assert Request(environ).environ is environ


@pytest.mark.parametrize(
    ("method", "path", "text"),
    [
        pytest.param("GET", "/a", "<Request GET '/a'>", id="plain"),
        pytest.param("POST", "/a\xff", "<Request POST '/a\xff'>", id="invalid-utf-8-no-error"),
    ],
)
def test_repr(method: str, path: str, text: str) -> None:
    assert repr(Request(make_environ(path, REQUEST_METHOD=method))) == text


# -- laziness -------------------------------------------------------------------


def poisoned_environ() -> dict[str, Any]:
    """Every text field invalid and a body that must not be read."""
    return make_environ("/a\xff", "q=\xff", script_name="/s\xfe", HTTP_COOKIE="a=\xff",
                        CONTENT_TYPE="application/json", CONTENT_LENGTH="5",
                        **{"wsgi.input": Untouchable()})


def test_construction_reads_nothing() -> None:
    Request(poisoned_environ())
    Request({})  # not even REQUEST_METHOD is looked at


@pytest.mark.parametrize(
    ("attribute", "detail"),
    [
        pytest.param("path", "the path is not valid UTF-8", id="path"),
        pytest.param("script_name", "the script name is not valid UTF-8", id="script-name"),
        pytest.param("args", "the query string is not valid UTF-8", id="args"),
    ],
)
def test_each_attribute_fails_only_when_read(attribute: str, detail: str) -> None:
    """On an environ where every field is bad, reading the other attributes works;
    only the one asked for raises, and none of them reads the body."""
    request = Request(poisoned_environ())
    assert request.method == "GET"
    assert request.query_string == "q=\xff"
    assert request.url == "http://127.0.0.1/s%FE/a%FF?q=%FF"
    assert request.headers["Content-Length"] == "5"
    assert dict(request.cookies) == {}
    assert request.params == {}
    assert request.content_type == "application/json"
    request.close()  # nothing was uploaded: nothing to do
    for other in ("path", "script_name", "args"):
        if other != attribute:
            with pytest.raises(BadRequest):
                getattr(request, other)
    assert bad_request(lambda: getattr(request, attribute)).detail == detail


def test_each_value_is_computed_once() -> None:
    """Once read, path, script_name, args, cookies, host and url no longer follow
    the environ: a middleware that rewrites it later does not change them."""
    environ = make_environ("/a", "x=1", script_name="/s", HTTP_COOKIE="c=1")
    request = Request(environ)
    first = (request.path, request.script_name, request.args, request.cookies,
             request.host, request.url)
    environ.update(PATH_INFO="/b", SCRIPT_NAME="/t", QUERY_STRING="x=2", HTTP_COOKIE="c=2",
                   HTTP_HOST="other")
    again = (request.path, request.script_name, request.args, request.cookies,
             request.host, request.url)
    assert again == first
    assert again[2] is first[2] and again[3] is first[3]
    assert (request.args["x"], request.cookies["c"], request.url) == (
        "1", "1", "http://127.0.0.1/s/a?x=1")
    assert Request(environ).url == "http://other/t/b?x=2"
