"""``JSONBody`` and ``Request.json``: every bad body is a precise 400, 413 or 415, never a 500."""

from __future__ import annotations

import json
from typing import Any
from wsgiref.validate import validator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import Client

from tests.casekit import Case, build_environ, call_wsgi, check
from wsgikit import BadRequest, JSONBody, Request, Router, handler
from wsgikit.body import MiB, parse_json

PROBLEM = "application/problem+json"
JSON = {"Content-Type": "application/json"}
NOT_PARSED = "not parsed"


def echo(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The inner app: what JSONBody parsed, and the body read again from wsgi.input."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    answer = {"json": environ.get("wsgikit.json", NOT_PARSED), "raw": raw.decode("latin-1")}
    body = json.dumps(answer).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]


json_app = JSONBody(echo)


def ok(value: Any, body: bytes) -> dict[str, Any]:
    return {"json": value, "raw": body.decode("latin-1")}


def bad(id: str, body: bytes, status: int, detail: str, **kw: Any) -> Any:
    """A request JSONBody and Request.json must both refuse, with ``detail`` in the problem."""
    headers = kw.pop("headers", JSON)
    case = Case(id, "/", "POST", headers, body, status=status, content_type=PROBLEM,
                contains=(detail,), **kw)
    return pytest.param(case, id=id)


def good(id: str, body: bytes, value: Any, **kw: Any) -> Any:
    headers = kw.pop("headers", JSON)
    return pytest.param(Case(id, "/", "POST", headers, body, json=ok(value, body), **kw), id=id)


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


OVER = b"[" + b"0," * (MiB // 2) + b"0]"  # just over 1 MiB
BAD = [
    bad("empty", b"", 400, "the JSON body is empty"),
    bad("whitespace-only", b" \t\r\n ", 400, "the JSON body is empty"),
    bad("bom", b'\xef\xbb\xbf{"a": 1}', 400, "byte order mark"),
    bad("utf-16-with-bom", '{"a": 1}'.encode("utf-16"), 400, "not valid UTF-8 (byte 0)"),
    bad("utf-16-le", '{"a": 1}'.encode("utf-16-le"), 400, "at line 1, column 2"),
    bad("invalid-utf8", b'{"a": "\xff"}', 400, "not valid UTF-8 (byte 7)"),
    bad("overlong-utf8", b'{"a": "\xc0\xaf"}', 400, "not valid UTF-8"),
    bad("raw-surrogate-utf8", b'["\xed\xa0\x80"]', 400, "not valid UTF-8"),
    bad("nan", b"[NaN]", 400, "NaN is not JSON"),
    bad("infinity", b'{"x": Infinity}', 400, "Infinity is not JSON"),
    bad("minus-infinity", b"-Infinity", 400, "-Infinity is not JSON"),
    bad("100000-nested-arrays", nested(100_000), 400, "nests deeper than 64 levels"),
    bad("100000-nested-objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, 400,
        "nests deeper than 64 levels"),
    bad("10000-digit-integer", b"1" * 10_000, 400, "a number with more digits than"),
    bad("1e400", b"[1e400]", 400, "the number 1e400 is too large"),
    bad("minus-1e400", b"-1e400", 400, "is too large"),
    bad("1E+0400", b"[1E+0400]", 400, "the number 1E+0400 is too large"),
    bad("250-digits-e99", b"[1" + b"0" * 250 + b"e99]", 400, "is too large"),
    bad("310-digits-point-5", b"[1" + b"0" * 310 + b".5]", 400, "is too large"),
    bad("lone-surrogate", b'["\\ud800"]', 400, "lone surrogate"),
    bad("lone-low-surrogate-key", b'{"\\uDC00": 1}', 400, "lone surrogate"),
    bad("trailing-garbage", b'{"a": 1} x', 400, "Extra data at line 1, column 10"),
    bad("two-documents", b"{}\n{}", 400, "Extra data at line 2, column 1"),
    bad("syntax-error-position", b'{\n  "a": 1,\n}', 400, "at line 3, column 1"),
    bad("single-quotes", b"{'a': 1}", 400, "line 1, column 2"),
    bad("control-char-in-string", b'["a\x01"]', 400, "Invalid control character"),
    # 71 openers make the depth check scan the strings: quadratic before, hours at this size
    bad("unterminated-string-of-escaped-quotes",
        b"[" + b"[]," * 70 + b'"' + b'\\"' * (MiB // 2 - 200), 400,
        "Unterminated string starting at line 1, column 212"),
    bad("charset-latin-1", b"{}", 415, "JSON must be UTF-8, not latin-1",
        headers={"Content-Type": "application/json; charset=latin-1"}),
    bad("charset-quoted-latin-1", b"{}", 415, "not iso-8859-1",
        headers={"Content-Type": 'application/json; charset="ISO-8859-1"'}),
    bad("charset-utf-16", b"{}", 415, "not utf-16",
        headers={"Content-Type": "application/vnd.api+json;charset=utf-16"}),
    bad("over-limit-with-length", OVER, 413, f"the limit is {MiB}"),
    bad("over-limit-chunked", OVER, 413, f"over the limit of {MiB} bytes", chunked=True),
    bad("shorter-than-length", b'{"a": 1}', 400, "the body ended after 8 of 100 bytes",
        content_length="100"),
    bad("no-length-not-terminated", b'{"a": 1}', 400, "the JSON body is empty",
        content_length=""),
    bad("length-minus-1", b'{"a": 1}', 400, "the JSON body is empty", content_length="-1"),
    bad("length-abc", b'{"a": 1}', 400, "the JSON body is empty", content_length="abc"),
]

GOOD = [
    good("object", b'{"a": [1, 2.5, true, null, "x"]}', {"a": [1, 2.5, True, None, "x"]}),
    good("scalar", b" 7 ", 7),
    good("unicode", '{"k": "안녕 ✓"}'.encode(), {"k": "안녕 ✓"}),
    good("surrogate-pair", b'["\\ud83d\\ude00"]', ["\U0001f600"]),
    good("escaped-backslash-then-ud800", b'["\\\\ud800"]', ["\\ud800"]),
    good("big-but-finite", b"[1.5e308, -1e-400]", [1.5e308, -0.0]),
    good("4300-digit-integer", b"9" * 4300, int("9" * 4300)),
    good("duplicate-keys-last-wins", b'{"a": 1, "a": 2}', {"a": 2}),
    good("depth-64", nested(64), json.loads(nested(64))),
    good("brackets-in-strings", b'["' + b"[{" * 100 + b'", "\\"[[[["]', ["[{" * 100, '"[[[[']),
    good("chunked-terminated", b'{"a": 1}', {"a": 1}, chunked=True),
    good("vnd-api-json", b"{}", {}, headers={"Content-Type": "application/vnd.api+json"}),
    good("upper-case", b"{}", {}, headers={"Content-Type": "Application/JSON"}),
    good("charset-utf-8", b"{}", {}, headers={"Content-Type": "application/json;charset=utf-8"}),
    good("charset-quoted", b"{}", {},
         headers={"Content-Type": 'application/json; charset="UTF-8"'}),
    good("problem-json", b"{}", {}, headers={"Content-Type": "application/problem+json"}),
]

PASSED_THROUGH = [
    pytest.param(Case(id, "/", "POST", {"Content-Type": kind}, b"{}",
                      json={"json": NOT_PARSED, "raw": "{}"}), id=id)
    for id, kind in [
        ("text-plain-then-json", "text/plain;application/json"),
        ("application-jsonx", "application/jsonx"),
        ("json-suffix-without-plus", "application/foojson"),
        ("text-json", "text/json"),
        ("plus-json-as-subtype", "application/+json"),
        ("json-in-parameter", "text/plain; type=application/json"),
        ("no-content-type", ""),
    ]
]


@pytest.mark.parametrize("case", BAD + GOOD + PASSED_THROUGH)
def test_json_body(case: Case) -> None:
    check(case, call_wsgi(json_app, case))


@pytest.mark.parametrize(
    ("terminated", "status"),
    [
        pytest.param(True, 200, id="true"),
        pytest.param(False, 400, id="false-uwsgi-ordinary-body"),
        pytest.param(None, 400, id="none"),
        pytest.param(0, 400, id="zero"),
    ],
)
def test_chunked_input_reads_the_value_of_input_terminated(terminated: Any, status: int) -> None:
    environ = build_environ(Case("c", "/", "POST", JSON, b'{"a": 1}', chunked=True))
    environ["wsgi.input_terminated"] = terminated
    app_iter, got, _ = Client(validator(json_app)).run_wsgi_app(environ, buffered=True)
    answer = json.loads(b"".join(app_iter))
    assert int(got.split()[0]) == status
    if status == 200:
        assert answer == ok({"a": 1}, b'{"a": 1}')
    else:
        assert answer["detail"] == "the JSON body is empty"


strict = JSONBody(echo, max_bytes=64, max_depth=3, strict_keys=True, require_json=True)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(Case("dup", "/", "POST", JSON, b'{"a": 1, "a": 2}', status=400,
                          contains=("the key 'a' appears twice",)), id="strict-keys"),
        pytest.param(Case("dup-nested", "/", "POST", JSON, b'[{"b": {"c": 1, "c": 1}}]',
                          status=400, contains=("the key 'c' appears twice",)),
                     id="strict-keys-nested"),
        pytest.param(Case("same-key-apart", "/", "POST", JSON, b'[{"a": 1}, {"a": 2}]',
                          json=ok([{"a": 1}, {"a": 2}], b'[{"a": 1}, {"a": 2}]')),
                     id="strict-keys-different-objects"),
        pytest.param(Case("depth-3", "/", "POST", JSON, b'[{"a": [1]}]',
                          json=ok([{"a": [1]}], b'[{"a": [1]}]')), id="depth-equal-to-max"),
        pytest.param(Case("depth-4", "/", "POST", JSON, b'[{"a": [[1]]}]', status=400,
                          contains=("nests deeper than 3 levels",)), id="depth-max-plus-1"),
        pytest.param(Case("depth-strings", "/", "POST", JSON, b'[["[[[{{{"]]',
                          json=ok([["[[[{{{"]], b'[["[[[{{{"]]')), id="depth-brackets-in-string"),
        pytest.param(Case("limit", "/", "POST", JSON, b"[" + b" " * 62 + b"]",
                          json=ok([], b"[" + b" " * 62 + b"]")), id="max-bytes-exactly"),
        pytest.param(Case("limit+1", "/", "POST", JSON, b"[" + b" " * 63 + b"]", status=413,
                          contains=("the body is 65 bytes; the limit is 64",)),
                     id="max-bytes-plus-1"),
        pytest.param(Case("post-text", "/", "POST", {"Content-Type": "text/plain"}, b"{}",
                          status=415, contains=("expected application/json, got text/plain",)),
                     id="require-json-post-text"),
        pytest.param(Case("put-none", "/", "PUT", {}, b"{}", status=415,
                          contains=("got no content type",)), id="require-json-put-none"),
        pytest.param(Case("patch-latin", "/", "PATCH",
                          {"Content-Type": "application/json; charset=latin-1"}, b"{}",
                          status=415, contains=("not latin-1",)), id="require-json-charset"),
        pytest.param(Case("get", "/", "GET", {}, json={"json": NOT_PARSED, "raw": ""}),
                     id="require-json-get-passes"),
        pytest.param(Case("delete", "/", "DELETE", {"Content-Type": "text/plain"}, b"x",
                          json={"json": NOT_PARSED, "raw": "x"}),
                     id="require-json-delete-passes"),
    ],
)
def test_options(case: Case) -> None:
    check(case, call_wsgi(strict, case))


def test_the_inner_app_reads_the_same_bytes_from_wsgi_input() -> None:
    body = '{"b": [1, 2], "é": "x"}'.encode()
    for chunked in (False, True):
        result = call_wsgi(json_app, Case("reread", "/", "POST", JSON, body, chunked=chunked))
        assert json.loads(result.body) == ok({"b": [1, 2], "é": "x"}, body)


# --- Request.json raises the same errors ----------------------------------------------

router = Router()


@router.route("/", methods=("POST",))
@handler
def parsed(request: Request) -> dict[str, Any]:
    return {"json": request.json}


def problem(result_body: bytes) -> tuple[int, str]:
    answer = json.loads(result_body)
    return answer["status"], answer["detail"]


@pytest.mark.parametrize("case", BAD)
def test_request_json_raises_the_same_errors(case: Case) -> None:
    from_middleware = call_wsgi(json_app, case)
    from_request = call_wsgi(router, case)
    check(case, from_request)
    assert problem(from_request.body) == problem(from_middleware.body)


def test_request_json_uses_what_json_body_parsed() -> None:
    result = call_wsgi(JSONBody(router), Case("both", "/", "POST", JSON, b'{"a": 1}'))
    assert json.loads(result.body) == {"json": {"a": 1}}


def test_request_json_without_json_is_a_415() -> None:
    case = Case("text", "/", "POST", {"Content-Type": "text/plain"}, b"{}", status=415,
                content_type=PROBLEM, contains=("expected application/json, got text/plain",))
    check(case, call_wsgi(router, case))


# Floats are checked in Python only when the text could hold one too large: any
# number, however written, is a float or a 400, never inf.
NUMBER = r"-?(0|[1-9][0-9]{0,320})(\.[0-9]{1,5})?([eE][+-]?0{0,3}[0-9]{1,3})?"


@settings(max_examples=200, deadline=None)
@given(literal=st.from_regex(NUMBER, fullmatch=True), padding=st.sampled_from(["", " ", "\n"]))
def test_no_number_becomes_infinity(literal: str, padding: str) -> None:
    text = f'[{padding}{literal}, "x", {literal}]'
    expected = float(literal) if any(c in literal for c in ".eE") else int(literal)
    if expected in (float("inf"), float("-inf")):
        with pytest.raises(BadRequest, match="is too large"):
            parse_json(text.encode())
    else:
        assert parse_json(text.encode()) == [expected, "x", expected]


class _Reset:
    """``wsgi.input`` of a client that reset the connection half-way."""

    def read(self, size: int = -1) -> bytes:
        raise ConnectionResetError(104, "Connection reset by peer")


class _Stalled:
    def read(self, size: int = -1) -> bytes:
        raise TimeoutError("timed out")


@pytest.mark.parametrize(("stream", "status"), [(_Reset(), 400), (_Stalled(), 408)],
                         ids=["reset", "stalled"])
def test_json_body_answers_a_failed_read_as_the_clients_failure(stream: Any, status: int) -> None:
    seen: list[dict[str, Any]] = []

    def inner(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append(environ)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"inner"]

    environ = build_environ(Case("post", "/", "POST", {"Content-Type": "application/json"},
                                 b'{"a": 1}'))
    environ["wsgi.input"] = stream
    app_iter, status_line, headers = Client(JSONBody(inner)).run_wsgi_app(environ, buffered=True)
    assert int(status_line.split()[0]) == status
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(b"".join(app_iter))["status"] == status
    assert seen == []  # the app never ran with half a body


def test_uwsgi_chunked_read_errors_become_a_400_that_says_so() -> None:
    """uWSGI's chunked_read raises a bare OSError for a body it cannot decode."""
    from wsgikit.body import iter_body
    from wsgikit.chunked import _ChunkedStream

    parts = [b'{"a"', b""]

    def chunked_read(timeout: int) -> bytes:
        if parts[0] == b"":
            raise OSError("unable to receive chunked part")
        return parts.pop(0)

    stream = _ChunkedStream(chunked_read, 30)
    environ = {"wsgi.input": stream, "wsgi.input_terminated": True}
    with pytest.raises(BadRequest) as info:
        b"".join(iter_body(environ, MiB, 2))
    assert "chunked body is malformed" in info.value.detail
    assert "unable to receive chunked part" in info.value.detail


def test_the_flask_idiom_from_the_readme() -> None:
    """``app.wsgi_app = JSONBody(app.wsgi_app)``: Flask's test client goes through it."""
    from flask import Flask, request

    app = Flask(__name__)
    app.wsgi_app = JSONBody(app.wsgi_app)  # type: ignore[method-assign]

    @app.post("/items")
    def create() -> dict[str, Any]:
        return {"parsed": request.environ.get("wsgikit.json", "absent")}

    client = app.test_client()
    assert client.post("/items", json={"a": [1]}).get_json() == {"parsed": {"a": [1]}}
    assert client.post("/items", data={"a": "1"}).get_json() == {"parsed": "absent"}
    assert client.post("/items").get_json() == {"parsed": "absent"}
    bad = client.post("/items", data=b"{", content_type="application/json")
    assert bad.status_code == 400 and bad.content_type == "application/problem+json"
    empty = client.post("/items", data=b"", content_type="application/json")
    assert empty.status_code == 400 and "empty" in empty.get_json()["detail"]
