"""wsgi_body (seed 000, Test #12): reading ``wsgi.input`` safely.

The seed's ``wsgi2.py`` (a bare WSGI callable, no Flask)::

    def application(environ, start_response):
        body_bytes = environ['wsgi.input'].read()
        body_json = json.loads(body_bytes.decode('utf-8'))
        start_response('200 OK', [('Content-Type', 'text/html')])
        return [bytes(f'Hello World {body_json["name"]}', encoding='utf-8')]

``wsgi.input.read()`` without a size is the bug this exercise is about: under
wsgiref it is the raw socket, and it waits for bytes the client never sends
(the server hangs); anywhere, it reads as much as the client cares to send
(the server runs out of memory).

What to notice: the body is taken in three steps, each with its own refusals.

- ``is_json``: the body must say it is JSON (``application/json`` or
  ``application/*+json``, UTF-8 if a charset is named): else 415, before a
  byte is read, as ``get_json()`` does.
- ``read_body``, the loop a framework runs for you: exactly ``CONTENT_LENGTH``
  bytes (blanks around the digits are not part of the number, RFC 9110), with
  ``read(n)`` in chunks, never more than 1 MiB (413).  With no
  ``CONTENT_LENGTH`` it reads to the end only when the server says the stream
  ends by itself (``wsgi.input_terminated``, as uWSGI and gunicorn do for a
  chunked request); otherwise there is no body (and so no JSON: a 400).  A body
  that ends short of its length is a 400; a client that goes silent until the
  server's socket times out is a 408; a read that fails otherwise (the client
  left, or sent a broken chunked body) is a 400 and one WARNING line in the
  log, no traceback: the client's failure is not the server's.
- ``json_object``: strict UTF-8, no BOM, no ``NaN``/``Infinity``, no number
  that overflows to infinity, no unpaired surrogate escape, no nesting too deep
  to parse, and an object, not a list or a string: else 400.

Then the object needs a string ``name``: else 400 (the seed's ``KeyError`` was
a 500).  The answer is ``text/plain``: the seed sent the name back as
``text/html``, unescaped, which lets any client inject markup (XSS).

``read_body`` and ``json_object`` have many ways to fail, deep in a loop, so
they raise ``BodyError`` (the status line and why), and ``application`` catches
it, in plain sight, and sends it as the answer.

What Flask does for you: ``request.get_json()`` checks the media type, reads
the body under ``MAX_CONTENT_LENGTH`` and parses it (less strictly); checking
for ``name`` is still yours to write, and the routing is as in hello.
"""

from __future__ import annotations

import json
import logging
import math
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

ALLOW = "OPTIONS, POST"  # methods=['POST'], plus Flask's OPTIONS (no GET, so no HEAD)
LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH: 1 MiB
CHUNK = 64 * 1024  # read() at most this much at a time

log = logging.getLogger(__name__)


class BodyError(Exception):
    """The body cannot be read, or is not what the route needs: the status line and why."""

    def __init__(self, status: str, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def is_json(environ: WSGIEnvironment) -> bool:
    """``request.is_json``: ``application/json`` or ``application/<something>+json``."""
    kind, _, rest = (environ.get("CONTENT_TYPE") or "").partition(";")
    params: dict[str, str] = {}
    for item in rest.split(";"):  # '; charset="UTF-8"' -> {'charset': 'UTF-8'}
        name, sep, value = item.partition("=")
        if sep:
            params[name.strip().lower()] = value.strip().strip('"')
    main, _, sub = kind.strip().lower().partition("/")
    if main != "application" or not (sub == "json" or (sub.endswith("+json") and len(sub) > 5)):
        return False
    return params.get("charset", "utf-8").lower() == "utf-8"  # JSON on the wire is UTF-8 (RFC 8259)


def read_body(environ: WSGIEnvironment) -> bytes:
    """Exactly CONTENT_LENGTH bytes, read in chunks; to the end only of a terminated stream."""
    # A missing, negative or non-numeric length means no body.  Blanks around the
    # digits are not part of it (RFC 9110): wsgiref and uWSGI pass "19 " on as it came.
    digits = (environ.get("CONTENT_LENGTH") or "").strip(" \t")
    length = int(digits) if digits.isascii() and digits.isdigit() else 0
    if length > LIMIT:  # refused before a byte is read
        raise BodyError("413 Content Too Large", f"The body is over {LIMIT} bytes.")
    if length == 0 and not environ.get("wsgi.input_terminated"):
        return b""  # the end is unknown: a read would wait for bytes that never come
    stream = environ["wsgi.input"]
    chunks: list[bytes] = []
    received = 0
    while length == 0 or received < length:
        size = CHUNK if length == 0 else min(CHUNK, length - received)
        try:
            chunk = stream.read(size)  # never read() without a size
        except TimeoutError:  # the server's socket timeout: the client went silent
            raise BodyError("408 Request Timeout", "The client stopped sending the body.") from None
        except Exception as exc:  # the client went away, or sent a broken chunked body
            reason = f"{type(exc).__name__}: {exc}"
            log.warning("the request body could not be read (%s)", reason)  # one line, no traceback
            raise BodyError(
                "400 Bad Request", f"The request body could not be read ({reason})."
            ) from None
        if not chunk:
            if length == 0:
                break  # the end of a terminated stream
            raise BodyError("400 Bad Request", f"The body ended {length - received} bytes short.")
        received += len(chunk)
        if received > LIMIT:  # only a terminated stream gets here: it has no length to check first
            raise BodyError("413 Content Too Large", f"The body is over {LIMIT} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e400 would become inf, and go back out as Infinity
        raise ValueError(f"{literal} is out of range")
    return value


def json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a 400 saying why not."""
    if not body:
        raise BodyError("400 Bad Request", "The body is empty; a JSON object is required.")
    try:
        # Strict UTF-8; a BOM survives decoding as U+FEFF, and json.loads refuses it.
        value = json.loads(
            body.decode("utf-8"), parse_constant=reject_constant, parse_float=finite_float
        )
        # An unpaired "\ud800" parses, but could never be sent back as UTF-8.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise BodyError("400 Bad Request", "The JSON is nested too deeply.") from None
    except ValueError as exc:  # UnicodeError and JSONDecodeError are ValueErrors
        raise BodyError("400 Bad Request", f"The body is not valid JSON: {exc}.") from None
    if not isinstance(value, dict):
        kind = type(value).__name__
        raise BodyError("400 Bad Request", f"A JSON object is required, not {kind}.")
    return value


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the text for this request."""
    try:
        # PEP 3333 hands PATH_INFO over as latin-1; the client's bytes were UTF-8.
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path and environ["REQUEST_METHOD"] in ("OPTIONS", "POST"):
        # the bare mount point, /app, for a method "/" answers: a 308 to /app/, as hello
        # writes it (any other method gets the 404 below, as in Flask)
        mount = environ.get("SCRIPT_NAME", "").encode("latin-1")
        location = quote(mount, safe="/!$&'()*+,;=:@") + "/"
        query = environ.get("QUERY_STRING", "")
        if query:
            location += "?" + quote(query.encode("latin-1"), safe="%!$&'()*+,/:;=?@")
        return "308 Permanent Redirect", [("Location", location)], f"Redirecting to {location}\n"
    if path != "/":
        return "404 Not Found", [], "Nothing is served at this path."
    method = environ["REQUEST_METHOD"]
    if method == "OPTIONS":
        return "200 OK", [("Allow", ALLOW)], ""
    if method != "POST":
        return "405 Method Not Allowed", [("Allow", ALLOW)], f"This path answers {ALLOW} only."
    if not is_json(environ):  # get_json() refuses before it reads
        return "415 Unsupported Media Type", [], "The body must be application/json (UTF-8)."
    document = json_object(read_body(environ))  # a BodyError: see application
    name = document.get("name")
    if not isinstance(name, str):  # the seed's body_json["name"]: a KeyError, a 500
        return "400 Bad Request", [], 'The JSON object needs a string "name".'
    return "200 OK", [], f"Hello World {name}"


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    try:
        status, extra, text = answer(environ)
    except BodyError as refused:  # read_body or json_object: the body will not do, and why
        status, extra, text = refused.status, [], refused.text
    body = text.encode("utf-8")
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *extra,
    ]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD never has a body (here it is the 405, or the bare mount point's 308)
    return [body]


if __name__ == "__main__":
    # python examples/raw/wsgi_body.py [--host H] [--port P]: wsgiref, the standard library's
    # server, serves this application on 127.0.0.1:29130, the seed's port.  The seed's host
    # 0.0.0.0 would expose this development server to every machine on the network.
    import argparse
    from contextlib import suppress
    from wsgiref.simple_server import make_server

    parser = argparse.ArgumentParser(description="Serve this exercise with wsgiref.")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=29130, help="port (default: %(default)s)")
    args = parser.parse_args()
    with make_server(args.host, args.port, application) as server, suppress(KeyboardInterrupt):
        print(f"Serving on http://{args.host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()
