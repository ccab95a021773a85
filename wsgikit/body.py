"""Request bodies, read safely: one bounded reader, strict JSON, and ``JSONBody``.

``JSONBody`` is middleware for any WSGI app (Flask's ``app.wsgi_app`` too)::

    from wsgikit import JSONBody

    application = JSONBody(app, max_bytes=1 << 20, max_depth=64)
    # in the app: environ["wsgikit.json"] holds the parsed body

**Reading.**  Reading a body is where WSGI apps most often hang or crash, so
every body wsgikit reads goes through :func:`iter_body`.  It reads exactly
``CONTENT_LENGTH`` bytes, with ``read(n)`` in chunks: a bare ``read()`` on
wsgiref's socket waits for bytes that never come.  A missing, empty, negative
or non-numeric length is no length (``"2 "`` is 2: RFC 9110 leaves the blanks
out of a field's value); then the body is read to its end only where the server
says it ends (``wsgi.input_terminated``: a chunked request under uWSGI or
gunicorn), a chunked body that a server cannot end is a 411, and otherwise
there is no body.  More than ``limit`` bytes is a 413, told from the length
before reading when it can be; a body that ends early is a 400.  A failing
``wsgi.input`` is the client's doing, never a 5xx: a client silent until the
server's socket times out is a 408; any other failure (a reset connection, a
chunked body the server cannot decode) is a 400 that says so, logged as one
WARNING line on ``wsgikit.body``.  uWSGI raises the same ``OSError`` when its
``socket-timeout`` expires, so there a stalled body is a 400 too.
:func:`read_body` keeps the whole body in the environ and puts a fresh
``wsgi.input`` over it, so that the app behind ``JSONBody`` can read it again.

**Parsing.**  :func:`parse_json` is Python's own parser, with what RFC 8259
refuses and ``json.loads`` accepts turned into 400s.  The bytes are decoded as
strict UTF-8 first (a BOM is refused).  The decoder's hooks refuse ``NaN`` and
``Infinity`` (``parse_constant``), numbers too large for a float such as
``1e400`` (``parse_float``) and, with ``strict_keys=True``, duplicate keys
(``object_pairs_hook``).  Two faults show only in the parsed value: nesting
deeper than ``max_depth``, and a lone surrogate (``"\\ud800"``: text no UTF-8
encoder can send back).  One walk over the value finds both, and it runs only
when the text could hold either (more ``[`` and ``{`` than ``max_depth``, or a
``\\uD800``-like escape), so an ordinary body costs three scans of its text in
C.  Nesting deeper than Python's recursion limit stops the parser itself with a
``RecursionError``, the same 400.  Each failure's ``detail`` says what was
wrong; a syntax error gives its line and column.

**Choosing.**  ``JSONBody`` acts on requests whose media type is
``application/json`` or ``application/<anything>+json`` and hands them to
:func:`load_json`, which ``Request.json`` uses too: a charset other than UTF-8
is a 415, then the body is read and parsed.  ``require_json=True`` also refuses
a POST, PUT or PATCH of another type.  Errors are problem+json responses; other
requests reach the app untouched, without a ``wsgikit.json`` key.
"""

from __future__ import annotations

import io
import json
import logging
import math
import re
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .errors import BadRequest, HTTPError, PayloadTooLarge, UnsupportedMediaType

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "JSONBody",
    "content_length",
    "is_json",
    "iter_body",
    "load_json",
    "media_type",
    "parse_json",
    "read_body",
]

log = logging.getLogger("wsgikit.body")

MiB = 1 << 20
CHUNK = 256 * 1024  # per read(): uploads parse 1.3x faster than with 64 KiB; 1 MiB is slower
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def content_length(environ: WSGIEnvironment) -> int | None:
    """CONTENT_LENGTH as an int, or None when it is missing, empty or not a number."""
    value = (environ.get("CONTENT_LENGTH") or "").strip(" \t")
    if not (value.isascii() and value.isdigit()):
        return None
    digits = value.lstrip("0")
    # int() refuses more than 4300 digits; a length that long is over any limit.
    return int(digits or "0") if len(digits) <= 18 else 10**18


def _read(stream: Any, size: int) -> bytes:
    try:
        chunk: bytes = stream.read(size)
    except TimeoutError:  # the server's socket timeout: the client went silent
        raise HTTPError("the client stopped sending the body", code=408) from None
    except Exception as exc:  # the client went away, or sent what the server cannot decode
        reason = f"{type(exc).__name__}: {exc}"
        log.warning("the request body could not be read (%s)", reason)
        raise BadRequest(f"the request body could not be read ({reason})") from None
    return chunk


def iter_body(environ: WSGIEnvironment, limit: int, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """The request body in chunks of at most ``chunk_size``; see the module docstring."""
    stream = environ["wsgi.input"]
    length = content_length(environ)
    if length is not None:
        if length > limit:
            raise PayloadTooLarge(f"the body is {length} bytes; the limit is {limit}")
        remaining = length
        while remaining > 0:
            chunk = _read(stream, min(remaining, chunk_size))
            if not chunk:
                raise BadRequest(f"the body ended after {length - remaining} of {length} bytes")
            remaining -= len(chunk)
            yield chunk
    elif environ.get("wsgi.input_terminated"):
        total = 0
        while chunk := _read(stream, chunk_size):
            total += len(chunk)
            if total > limit:
                raise PayloadTooLarge(f"the body is over the limit of {limit} bytes")
            yield chunk
    elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        # A body is coming, and the server gives no way to know where it ends (wsgiref):
        # refuse it, rather than hand the app an empty body.
        raise HTTPError("this server does not pass a chunked body on: send a Content-Length",
                        code=411)


def read_body(environ: WSGIEnvironment, limit: int = MiB) -> bytes:
    """The whole body as bytes (bounded), read once per request.

    The bytes are kept in ``environ['wsgikit.body']`` and ``wsgi.input`` is
    replaced by a fresh stream over them, so that later readers see the same body.
    """
    cached = environ.get("wsgikit.body")
    if cached is not None:
        if len(cached) > limit:
            raise PayloadTooLarge(f"the body is {len(cached)} bytes; the limit is {limit}")
        return bytes(cached)
    body = b"".join(iter_body(environ, limit))
    environ["wsgikit.body"] = body
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def media_type(environ: WSGIEnvironment) -> tuple[str, dict[str, str]]:
    """``'Application/JSON; charset="UTF-8"'`` -> ``('application/json', {'charset': 'UTF-8'})``."""
    raw = environ.get("CONTENT_TYPE") or ""
    kind, _, rest = raw.partition(";")
    params: dict[str, str] = {}
    for item in rest.split(";"):
        name, sep, value = item.partition("=")
        if sep:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            params[name.strip().lower()] = value
    return kind.strip().lower(), params


_JSON_TYPE = re.compile(r"application/(?:json|[!#$%&'*.^_`|~0-9a-z-]+\+json)")


def is_json(kind: str) -> bool:
    """``application/json`` or ``application/<x>+json``, compared exactly."""
    return _JSON_TYPE.fullmatch(kind) is not None


class _Refused(ValueError):
    """A value that json.loads accepts and RFC 8259 or this parser does not."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Refused(f"the number {text[:20]} is too large")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"the key {key!r} appears twice")
        result[key] = value
    return result


# Made once: json.loads(text, parse_float=...) would make a decoder on every call.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)
_UNIQUE_KEYS_DECODER = json.JSONDecoder(
    parse_constant=_refuse_constant, parse_float=_finite_float, object_pairs_hook=_unique_keys
)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # in the text: \ud800 to \udfff
_SURROGATE = re.compile("[\ud800-\udfff]")  # in a parsed str: the decoder joins pairs


def _check_value(value: Any, max_depth: int) -> None:
    """400 for nesting deeper than ``max_depth`` or a lone surrogate; one level at a time."""
    level, depth = [value], 0
    while level:
        inner: list[Any] = []
        for item in level:
            if isinstance(item, str) and _SURROGATE.search(item):
                raise BadRequest("the JSON body holds a lone surrogate (\\ud800-\\udfff)")
            if isinstance(item, (list, dict)):  # noqa: UP038 (a tuple is faster than a union)
                if depth == max_depth:
                    raise BadRequest(f"the JSON body nests deeper than {max_depth} levels")
                inner.extend(item)  # a list's items, a dict's keys
                if isinstance(item, dict):
                    inner.extend(item.values())
        level, depth = inner, depth + 1


def parse_json(data: bytes, *, max_depth: int = 64, strict_keys: bool = False) -> Any:
    """Strict JSON from UTF-8 bytes, or :class:`BadRequest` saying what is wrong."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise BadRequest("the JSON body starts with a byte order mark; send plain UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the JSON body is not valid UTF-8 (byte {exc.start})") from None
    if not text.strip(" \t\r\n"):
        raise BadRequest("the JSON body is empty")
    decoder = _UNIQUE_KEYS_DECODER if strict_keys else _DECODER
    try:
        value = decoder.decode(text)
    except json.JSONDecodeError as exc:
        msg = exc.msg.removesuffix(" at")  # 'Unterminated string starting at'
        raise BadRequest(
            f"the body is not valid JSON: {msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise BadRequest(f"the JSON body nests deeper than {max_depth} levels") from None
    except _Refused as exc:  # NaN, Infinity, 1e400, a duplicate key
        raise BadRequest(f"the body is not acceptable JSON: {exc}") from None
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise BadRequest("the JSON body holds a number with more digits than this "
                         f"server converts ({sys.get_int_max_str_digits()})") from None
    if text.count("[") + text.count("{") > max_depth or _SURROGATE_ESCAPE.search(text):
        _check_value(value, max_depth)
    return value


def load_json(
    environ: WSGIEnvironment,
    *,
    max_bytes: int = MiB,
    max_depth: int = 64,
    strict_keys: bool = False,
) -> Any:
    """The request's JSON body: 415 unless it says it is UTF-8 JSON, then bounded and strict."""
    kind, params = media_type(environ)
    if not is_json(kind):
        raise UnsupportedMediaType(f"expected application/json, got {kind or 'no content type'}")
    charset = params.get("charset", "utf-8").lower()
    if charset != "utf-8":
        raise UnsupportedMediaType(f"JSON must be UTF-8, not {charset}")
    return parse_json(read_body(environ, max_bytes), max_depth=max_depth, strict_keys=strict_keys)


class JSONBody:
    """Parse JSON request bodies into ``environ['wsgikit.json']``; see the module docstring.

    ``require_json=True`` also refuses (415) a POST, PUT or PATCH whose body is
    not JSON.
    """

    def __init__(
        self,
        app: WSGIApplication,
        max_bytes: int = MiB,
        max_depth: int = 64,
        *,
        strict_keys: bool = False,
        require_json: bool = False,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self.strict_keys = strict_keys
        self.require_json = require_json

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        required = self.require_json and environ.get("REQUEST_METHOD") in BODY_METHODS
        if required or is_json(media_type(environ)[0]):
            try:
                environ["wsgikit.json"] = load_json(
                    environ, max_bytes=self.max_bytes, max_depth=self.max_depth,
                    strict_keys=self.strict_keys,
                )
            except HTTPError as error:
                return error(environ, start_response)
        return self.app(environ, start_response)
