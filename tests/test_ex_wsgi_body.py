"""wsgi-body: the body is read only up to CONTENT_LENGTH, and never when its end is unknown.

``wsgi.input`` here is a stream that fails the test if it is read when it must
not be: with no CONTENT_LENGTH and no ``wsgi.input_terminated`` a real server's
stream would block forever (the seed's ``read()`` hangs under wsgiref).
"""

from __future__ import annotations

import io
from typing import Any
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client

from tests.casekit import FORMS_PRESENT, Case, build_environ, load_app

SEED = b'{"name":"JongHyun"}'


class Guarded(io.BytesIO):
    """A body stream that fails a read starting at or after ``readable``."""

    def __init__(self, data: bytes, readable: int) -> None:
        super().__init__(data)
        self.readable = readable

    def read(self, size: int | None = -1) -> bytes:
        if self.tell() >= self.readable:
            raise AssertionError("read past the body: a real server would block here")
        return super().read(size)


def run(app: Any, environ: dict[str, Any], validate: bool = True) -> tuple[int, bytes]:
    wrapped = validator(app) if validate else app
    app_iter, status, _ = Client(wrapped).run_wsgi_app(environ, buffered=True)
    return int(status.split()[0]), b"".join(app_iter)


def environ_for(stream: Guarded, length: str | None, terminated: bool = False) -> dict[str, Any]:
    environ = build_environ(
        Case("x", "/", "POST", headers={"Content-Type": "application/json"}, body=SEED)
    )
    environ["wsgi.input"] = stream
    environ.pop("CONTENT_LENGTH", None)
    if length is not None:
        environ["CONTENT_LENGTH"] = length
    if terminated:
        environ["wsgi.input_terminated"] = True
    return environ


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_no_length_and_no_end_is_a_400_without_reading(form: str) -> None:
    stream = Guarded(SEED + b"more bytes the client keeps sending", readable=0)
    status, _ = run(load_app(form, "wsgi_body"), environ_for(stream, None))
    assert status == 400
    assert stream.tell() == 0


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_reads_exactly_content_length(form: str) -> None:
    stream = Guarded(SEED + b"next request on the connection", readable=len(SEED))
    status, body = run(load_app(form, "wsgi_body"), environ_for(stream, str(len(SEED))))
    assert (status, body) == (200, b"Hello World JongHyun")
    assert stream.tell() == len(SEED)


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_terminated_stream_is_read_to_its_end(form: str) -> None:
    # The server promises the stream ends: reading until b"" is the right thing here.
    stream = Guarded(SEED, readable=len(SEED) + 1)
    status, body = run(load_app(form, "wsgi_body"), environ_for(stream, None, terminated=True))
    assert (status, body) == (200, b"Hello World JongHyun")


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "+19", "1 9", "١٩"])
def test_invalid_content_length_means_no_body(form: str, length: str) -> None:
    # wsgiref.validate refuses such an environ outright, so the app is called bare:
    # the point is that a server passing the header through gets a 400, not a 500.
    stream = Guarded(SEED, readable=0)
    status, _ = run(load_app(form, "wsgi_body"), environ_for(stream, length), validate=False)
    assert status == 400
    assert stream.tell() == 0
