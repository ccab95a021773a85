"""The bounded body reader (``wsgikit.body.iter_body``/``read_body``) and urlencoded forms."""

from __future__ import annotations

import io
import json
import logging
from typing import Any
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client

from tests.casekit import Case, build_environ, call_wsgi, check
from wsgikit import BadRequest, HTTPError, PayloadTooLarge, Request, Router, handler
from wsgikit.body import content_length, iter_body, read_body


class Recording(io.BytesIO):
    """An input stream that records each read and refuses a bare read()."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.sizes: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and size > 0, f"read({size!r}) is not bounded"
        self.sizes.append(size)
        return super().read(size)


class Silent(io.BytesIO):
    """A socket whose client went quiet: the server's timeout fires."""

    def read(self, size: int | None = -1) -> bytes:
        raise TimeoutError("timed out")


def body_of(environ: dict[str, Any], limit: int = 1 << 20, chunk_size: int = 4) -> bytes:
    return b"".join(iter_body(environ, limit, chunk_size))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("12", 12, id="digits"),
        pytest.param("0", 0, id="zero"),
        pytest.param("007", 7, id="leading-zeros"),
        pytest.param("0" * 5000 + "5", 5, id="5000-leading-zeros"),
        pytest.param("9" * 5000, 10**18, id="5000-digits-capped"),
        pytest.param(None, None, id="missing"),
        pytest.param("", None, id="empty"),
        pytest.param("-1", None, id="negative"),
        pytest.param("abc", None, id="not-a-number"),
        pytest.param(" 12", 12, id="leading-space"),
        pytest.param("12  ", 12, id="trailing-spaces"),
        pytest.param("\t12\t", 12, id="tabs"),
        pytest.param("1 2", None, id="inner-space"),
        pytest.param("  ", None, id="only-spaces"),
        pytest.param("12\n", None, id="newline"),
        pytest.param("+12", None, id="plus"),
        pytest.param("1e3", None, id="exponent"),
        pytest.param("١٢", None, id="arabic-indic-digits"),
    ],
)
def test_content_length(value: str | None, expected: int | None) -> None:
    environ = {} if value is None else {"CONTENT_LENGTH": value}
    assert content_length(environ) == expected


def test_reads_exactly_content_length_in_bounded_chunks() -> None:
    stream = Recording(b"0123456789" + b"NEXT REQUEST")
    environ = {"wsgi.input": stream, "CONTENT_LENGTH": "10"}
    assert body_of(environ) == b"0123456789"
    assert stream.sizes == [4, 4, 2]
    assert stream.read(4) == b"NEXT"  # nothing past the body was consumed


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param({"wsgi.input_terminated": True}, b"chunked body", id="terminated-true"),
        pytest.param({"wsgi.input_terminated": 1}, b"chunked body", id="terminated-1"),
        pytest.param({"wsgi.input_terminated": False}, b"", id="terminated-false-uwsgi"),
        pytest.param({"wsgi.input_terminated": 0}, b"", id="terminated-0"),
        pytest.param({"wsgi.input_terminated": None}, b"", id="terminated-none"),
        pytest.param({}, b"", id="key-absent"),
        pytest.param({"CONTENT_LENGTH": ""}, b"", id="empty-length"),
        pytest.param({"CONTENT_LENGTH": "-1"}, b"", id="negative-length"),
        pytest.param({"CONTENT_LENGTH": "abc"}, b"", id="non-numeric-length"),
        pytest.param({"CONTENT_LENGTH": "-1", "wsgi.input_terminated": True}, b"chunked body",
                     id="negative-length-terminated"),
        pytest.param({"CONTENT_LENGTH": "7", "wsgi.input_terminated": True}, b"chunked",
                     id="length-wins-over-terminated"),
    ],
)
def test_no_length_reads_to_eof_only_when_the_server_says_so(
    extra: dict[str, Any], expected: bytes
) -> None:
    stream = Recording(b"chunked body")
    environ = {"wsgi.input": stream, **extra}
    assert body_of(environ) == expected
    if not expected:
        assert stream.sizes == []  # not even one read: it could block forever


@pytest.mark.parametrize(
    ("environ", "error", "detail"),
    [
        pytest.param({"CONTENT_LENGTH": "11"}, PayloadTooLarge,
                     "the body is 11 bytes; the limit is 10", id="length-over-limit"),
        pytest.param({"CONTENT_LENGTH": "9" * 5000}, PayloadTooLarge, "the limit is 10",
                     id="5000-digit-length"),
        pytest.param({"wsgi.input_terminated": True}, PayloadTooLarge,
                     "over the limit of 10 bytes", id="chunked-over-limit"),
        pytest.param({"CONTENT_LENGTH": "10"}, BadRequest, "ended after 6 of 10 bytes",
                     id="ends-early"),
    ],
)
def test_refusals(environ: dict[str, Any], error: type[HTTPError], detail: str) -> None:
    data = b"012345" if error is BadRequest else b"0123456789ABCDEF"
    stream = Recording(data)
    with pytest.raises(error) as info:
        body_of({"wsgi.input": stream, **environ}, limit=10)
    assert detail in str(info.value.detail)
    if "CONTENT_LENGTH" in environ and error is PayloadTooLarge:
        assert stream.sizes == []  # decided from CONTENT_LENGTH before reading


def test_a_silent_client_is_a_408() -> None:
    with pytest.raises(HTTPError) as info:
        body_of({"wsgi.input": Silent(), "CONTENT_LENGTH": "10"})
    assert info.value.code == 408
    assert "stopped sending" in info.value.detail


class Failing(io.BytesIO):
    """A stream whose read fails: the client reset the connection, say."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def read(self, size: int | None = -1) -> bytes:
        raise self.error


class GunicornStyleError(Exception):
    """gunicorn's parse errors of a chunked body (InvalidChunkSize...) are plain Exceptions."""


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(ConnectionResetError(104, "Connection reset by peer"), id="reset"),
        pytest.param(OSError("error during read(200) on wsgi.input"), id="uwsgi-read"),
        pytest.param(GunicornStyleError("Invalid chunk size"), id="gunicorn-parse-error"),
    ],
)
def test_a_failed_read_is_a_400_and_one_log_line(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "wsgikit.body"), pytest.raises(HTTPError) as info:
        body_of({"wsgi.input": Failing(error), "CONTENT_LENGTH": "10"})
    assert info.value.code == 400
    assert "could not be read" in info.value.detail
    assert str(error) in info.value.detail
    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert str(error) in record.getMessage()


def test_read_body_is_read_once_and_readable_again() -> None:
    environ: dict[str, Any] = {"wsgi.input": Recording(b"hello"), "wsgi.input_terminated": True}
    assert read_body(environ) == b"hello"
    assert read_body(environ) == b"hello"
    assert environ["CONTENT_LENGTH"] == "5"
    assert environ["wsgi.input"].read(5) == b"hello"
    with pytest.raises(PayloadTooLarge):
        read_body(environ, limit=4)  # a later reader with a smaller limit still gets its 413


# --- urlencoded forms through Request.form ------------------------------------------


class SmallForms(Request):
    max_form_bytes = 64
    max_form_fields = 3


router = Router()


@router.route("/form", methods=("POST",))
@handler
def form(request: Request) -> dict[str, Any]:
    return {"form": list(request.form.items_multi()), "files": len(request.files)}


@router.route("/small", methods=("POST",))
@handler
def small(request: Request) -> dict[str, Any]:
    return {"form": list(SmallForms(request.environ).form.items_multi())}


URLENCODED = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(Case("ok", "/form", "POST", URLENCODED, b"a=1&b=x+y&a=%C3%A9&c",
                          json={"form": [["a", "1"], ["a", "é"], ["b", "x y"], ["c", ""]],
                                "files": 0}), id="fields"),
        pytest.param(Case("semicolon", "/form", "POST", URLENCODED, b"a=1;b=2",
                          json={"form": [["a", "1;b=2"]], "files": 0}), id="split-on-amp-only"),
        pytest.param(Case("raw-utf8", "/form", "POST", URLENCODED, "a=é".encode(),
                          json={"form": [["a", "é"]], "files": 0}), id="raw-utf8"),
        pytest.param(Case("empty", "/form", "POST", URLENCODED, b"",
                          json={"form": [], "files": 0}), id="empty"),
        pytest.param(Case("bad-escape", "/form", "POST", URLENCODED, b"a=%FF", status=400,
                          contains=("not valid UTF-8",)), id="escaped-invalid-utf8"),
        pytest.param(Case("bad-raw", "/form", "POST", URLENCODED, b"a=\xff", status=400,
                          contains=("not valid UTF-8",)), id="raw-invalid-utf8"),
        pytest.param(Case("fields", "/small", "POST", URLENCODED, b"a&b&c&d", status=413,
                          contains=("more than 3 fields",)), id="too-many-fields"),
        pytest.param(Case("fields-ok", "/small", "POST", URLENCODED, b"a&b&c",
                          json={"form": [["a", ""], ["b", ""], ["c", ""]]}), id="max-fields"),
        pytest.param(Case("bytes", "/small", "POST", URLENCODED, b"a=" + b"x" * 63, status=413,
                          contains=("the limit is 64",)), id="too-many-bytes"),
        pytest.param(Case("chunked", "/form", "POST", URLENCODED, b"a=1", chunked=True,
                          json={"form": [["a", "1"]], "files": 0}), id="chunked"),
        pytest.param(Case("short", "/form", "POST", URLENCODED, b"a=1", content_length="9",
                          status=400, contains=("ended after 3 of 9 bytes",)), id="short"),
        pytest.param(Case("other-type", "/form", "POST", {"Content-Type": "text/plain"}, b"a=1",
                          json={"form": [], "files": 0}), id="not-a-form"),
    ],
)
def test_urlencoded_form(case: Case) -> None:
    check(case, call_wsgi(router, case))


def test_urlencoded_form_413_before_reading() -> None:
    class Unreadable(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise AssertionError("the body was read")

    environ = build_environ(Case("big", "/small", "POST", URLENCODED))
    environ["CONTENT_LENGTH"] = "65"
    environ["wsgi.input"] = Unreadable()
    app_iter, status, _ = Client(validator(router)).run_wsgi_app(environ, buffered=True)
    assert status.startswith("413")
    assert "the limit is 64" in json.loads(b"".join(app_iter))["detail"]
