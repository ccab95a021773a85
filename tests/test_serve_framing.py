"""Requests RFC 9112 says a server must refuse never reach the app under ``wsgikit.serve``.

Most come from gunicorn's corpus of invalid requests (``tests/data/gunicorn_invalid``,
read as gunicorn's ``tests/treq.py`` reads them); the rest are written inline.  Each
one is a real HTTP 400 (501 for an unknown transfer coding) whose body says what was
wrong, and the server closes the connection after it.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import free_port, http_request, running, serve_argv

pytestmark = pytest.mark.server

CORPUS = Path(__file__).parent / "data" / "gunicorn_invalid"

BOTH = "both Content-Length and Transfer-Encoding"
LENGTH = "Content-Length is not a number"
FOLD = "starts with whitespace"

#: (file, status, words the body must hold)
GUNICORN = [
    ("005", 400, "NUL or a bare CR"),
    ("013", 400, FOLD),
    ("014", 400, LENGTH),
    ("015", 400, LENGTH),
    ("020", 400, "whitespace before the colon"),
    ("021", 400, "Content-Length headers that differ"),
    ("022", 400, LENGTH),
    ("023", 400, LENGTH),
    ("024", 400, LENGTH),
    ("042", 400, "more than one Host"),
    ("chunked_02", 400, BOTH),
    ("chunked_03", 501, "unknown transfer coding 'identity'"),
    ("chunked_04", 501, "unknown transfer coding 'identity'"),
    ("chunked_06", 400, "chunked must be the last transfer coding"),
    ("chunked_08", 501, "unknown transfer coding 'identity'"),
    ("invalid_field_value_01", 400, "no colon"),
    ("obs_fold_01", 400, FOLD),
    ("prefix_03", 400, LENGTH),
    ("prefix_04", 400, LENGTH),
    ("rfc9112_smuggle_cl_list_form_01", 400, LENGTH),
    ("rfc9112_smuggle_cl_te_chunked_01", 400, BOTH),
    ("rfc9112_te_identity_with_cl_01", 400, BOTH),
    ("rfc9112_te_not_chunked_final_01", 400, "chunked must be the last transfer coding"),
]

#: (id, request, status, words the body must hold)
INLINE = [
    ("bare-cr-in-value", b"GET / HTTP/1.1\r\nHost: a\r\nX: 1\r2\r\n\r\n", 400,
     "NUL or a bare CR"),
    ("nul-in-value", b"GET / HTTP/1.1\r\nHost: a\r\nX: 1\x002\r\n\r\n", 400, "NUL or a bare CR"),
    ("no-colon", b"GET / HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n", 400, "no colon"),
    ("tab-before-colon", b"GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", 400,
     "whitespace before the colon"),
    ("fold-with-tab", b"GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\t2\r\n\r\n", 400, FOLD),
    ("http-1.1-without-host", b"GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400,
     "HTTP/1.1 request needs a Host"),
    ("two-hosts-in-http-1.0", b"GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400,
     "more than one Host"),
    ("unknown-coding", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: zip\r\n\r\n0\r\n\r\n",
     501, "unknown transfer coding 'zip'"),
    ("no-coding", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,\r\n\r\n", 400,
     "names no transfer coding"),
    ("empty-coding", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", 400,
     "names no transfer coding"),
]

#: requests that must still reach the app (the echo answers 200 with JSON)
VALID = [
    ("http-1.0-without-host", b"GET /a HTTP/1.0\r\n\r\n"),
    ("equal-content-lengths",
     b"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi"),
    ("chunked",
     b"POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n0\r\n\r\n"),
    ("empty-list-items", b"POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked,\r\n\r\n"
     b"0\r\n\r\n"),
    ("bare-lf-line-ends", b"GET /a HTTP/1.1\nHost: a\nX: 1\n\n"),
    ("empty-value-and-ows", b"GET /a HTTP/1.1\r\nHost: a \r\nX:\r\nY:\t2\t\r\n\r\n"),
]


def gunicorn_request(name: str) -> bytes:
    """A corpus file as bytes, decoded as gunicorn's tests/treq.py does."""
    data = (CORPUS / f"{name}.http").read_bytes().replace(b"\n", b"")
    for escape, byte in [(b"\\r\\n", b"\r\n"), (b"\\0", b"\0"), (b"\\n", b"\n"), (b"\\t", b"\t")]:
        data = data.replace(escape, byte)
    data = re.sub(rb"\\x([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), data)
    assert b"\\" not in data, name
    return data


def exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``request``, read until the server closes: status, headers, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(65536):  # a server that keeps it open fails here
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    log = tmp_path_factory.mktemp("framing") / "serve.log"
    with running(serve_argv("tests.mount_echo:root", "--port", str(port)), port, log=log):
        yield port
    assert "Traceback" not in log.read_text("utf-8")


def assert_refused(reply: tuple[int, dict[str, str], bytes], status: int, words: str) -> None:
    code, headers, body = reply
    assert code == status, (code, body)
    assert headers["connection"] == "close" and headers["content-type"].startswith("text/plain")
    assert int(headers["content-length"]) == len(body)
    assert words in body.decode(), body


@pytest.mark.parametrize(("name", "status", "words"), GUNICORN, ids=[c[0] for c in GUNICORN])
def test_gunicorn_invalid_request_is_refused(port: int, name: str, status: int, words: str) -> None:
    assert_refused(exchange(port, gunicorn_request(name)), status, words)


@pytest.mark.parametrize(("request_", "status", "words"), [c[1:] for c in INLINE],
                         ids=[c[0] for c in INLINE])
def test_invalid_request_is_refused(port: int, request_: bytes, status: int, words: str) -> None:
    assert_refused(exchange(port, request_), status, words)


@pytest.mark.parametrize("request_", [c[1] for c in VALID], ids=[c[0] for c in VALID])
def test_valid_request_reaches_the_app(port: int, request_: bytes) -> None:
    status, headers, body = exchange(port, request_)
    assert (status, headers["content-type"]) == (200, "application/json"), body
    assert b'"PATH_INFO": "/a"' in body


def test_the_server_goes_on_serving(port: int) -> None:
    exchange(port, gunicorn_request("021"))
    assert http_request(port, "GET", "/a")[0] == 200
