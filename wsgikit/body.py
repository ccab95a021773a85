"""Request bodies, read safely: one bounded reader, strict JSON, and ``JSONBody``.

Reading a body is where WSGI apps most often hang or crash.  Every body wsgikit
reads goes through :func:`iter_body`, which

- reads exactly ``CONTENT_LENGTH`` bytes, with ``read(n)`` in chunks (a bare
  ``read()`` on wsgiref's socket waits for bytes that never come);
- with no usable ``CONTENT_LENGTH`` reads to the end only where the server says
  the body ends (``wsgi.input_terminated`` true: a chunked request under uWSGI or
  gunicorn); otherwise there is no body.  A missing, empty, negative or
  non-numeric ``CONTENT_LENGTH`` is no length;
- refuses more than ``limit`` bytes with 413, from ``CONTENT_LENGTH`` before
  reading anything when it can, a body that ends early with 400, and a client
  that stops sending until the server's socket times out with 408;
- turns any other failure of ``wsgi.input`` into a 400 that says so, logged as
  one WARNING line on ``wsgikit.body`` without a traceback: the client went away
  (``ConnectionResetError``), or the server could not decode what it sent (a
  broken chunked body: uWSGI raises ``OSError``, gunicorn its own parse errors).
  uWSGI raises the same ``OSError`` when its ``socket-timeout`` expires, so
  under uWSGI a stalled body is a 400 too; its log says which it was.

A ``CONTENT_LENGTH`` with blanks around it (``"2 "``, as wsgiref and uWSGI pass
``Content-Length:  2 `` on) is read as the number: RFC 9110 leaves the blanks
out of the field's value.

``JSONBody`` is middleware for any WSGI app (Flask's ``app.wsgi_app`` too)::

    from wsgikit import JSONBody

    application = JSONBody(app, max_bytes=1 << 20, max_depth=64)
    # in the app: environ["wsgikit.json"] holds the parsed body

It acts on requests whose media type is ``application/json`` or
``application/<anything>+json``; a charset other than UTF-8 is a 415.  The body
must be strict UTF-8 (no BOM), and JSON as RFC 8259 has it: no ``NaN`` or
``Infinity``, no numbers beyond what Python converts, no lone surrogates, no
nesting deeper than ``max_depth`` (checked without recursion before parsing).
Duplicate keys are accepted, the last one winning, unless ``strict_keys=True``.
Each failure is a problem+json 400/413/415 whose ``detail`` says what was
wrong (a syntax error gives its line and column); none is a 500.  The inner app
can still read the same body from ``wsgi.input``.
"""

from __future__ import annotations

import io
import json
import logging
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
    elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower() and not environ.get(
            "wsgi.input_terminated"):
        # A body is coming, and the server gives no way to know where it ends (wsgiref):
        # refuse it, rather than hand the app an empty body.
        raise HTTPError("this server does not pass a chunked body on: send a Content-Length",
                        code=411)
    elif environ.get("wsgi.input_terminated"):
        total = 0
        while chunk := _read(stream, chunk_size):
            total += len(chunk)
            if total > limit:
                raise PayloadTooLarge(f"the body is over the limit of {limit} bytes")
            yield chunk


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


# A string, or an unterminated one up to the end: no match ever fails and is
# retried further on, so the scan is linear (a quote followed by a megabyte of
# escaped quotes took hours with a plain string pattern).
_STRING = re.compile(r'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.S)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]++")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _check_depth(text: str, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth`` in one linear pass, without recursion."""
    if text.count("[") + text.count("{") <= max_depth:
        return  # cannot be deeper than the number of openers
    depth = 0
    for bracket in _NOT_BRACKETS.sub("", _STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > max_depth:
                raise BadRequest(f"the JSON body nests deeper than {max_depth} levels")
        else:
            depth -= 1


class _Refused(ValueError):
    """A value that json.loads accepts and RFC 8259 or this parser does not."""


def _reject_constant(name: str) -> Any:
    raise _Refused(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"the number {text[:20]} is too large")
    return value


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"the key {key!r} appears twice")
        result[key] = value
    return result


# Built once: json.loads(text, **hooks) would build a decoder on every call.
_DECODERS = {
    (strict_keys, check_floats): json.JSONDecoder(
        parse_constant=_reject_constant,
        parse_float=_finite_float if check_floats else None,
        object_pairs_hook=_unique_keys if strict_keys else None,
    )
    for strict_keys in (False, True)
    for check_floats in (False, True)
}
_DIGITS_TO_ZERO = bytes.maketrans(b"0123456789E", b"0000000000e")


def _may_overflow(data: bytes) -> bool:
    """Could a number in ``data`` be too large for a float (1e400)?

    One with fewer than 200 digits before its point and an exponent under 100 is
    below 10**298, so only bodies with a 3-digit exponent or 200 digits in a row
    (found in C, through a translation) pay for a Python check of every float.
    """
    shape = data.translate(_DIGITS_TO_ZERO, delete=b"+")  # '1E+400' -> '0e000'
    return b"e000" in shape or (shape.count(b"0") >= 200 and b"0" * 200 in shape)


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
    _check_depth(text, max_depth)
    try:
        decoder = _DECODERS[strict_keys, _may_overflow(data)]
        value = decoder.decode(text)
    except json.JSONDecodeError as exc:
        msg = exc.msg.removesuffix(" at")  # 'Unterminated string starting at'
        raise BadRequest(
            f"the body is not valid JSON: {msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise BadRequest("the JSON body nests deeper than this server parses") from None
    except _Refused as exc:  # NaN, Infinity, 1e400, duplicate keys
        raise BadRequest(f"the body is not acceptable JSON: {exc}") from None
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise BadRequest("the JSON body holds a number with more digits than this "
                         f"server converts ({sys.get_int_max_str_digits()})") from None
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise BadRequest("the JSON body holds a lone surrogate (\\ud800-\\udfff)")
    return value


def check_json_type(environ: WSGIEnvironment) -> None:
    """415 unless the request's media type is JSON in UTF-8."""
    _check_json_type(*media_type(environ))


def _check_json_type(kind: str, params: dict[str, str]) -> None:
    if not is_json(kind):
        shown = kind or "no content type"
        raise UnsupportedMediaType(f"expected application/json, got {shown}")
    charset = params.get("charset", "utf-8").lower()
    if charset != "utf-8":
        raise UnsupportedMediaType(f"JSON must be UTF-8, not {charset}")


def load_json(
    environ: WSGIEnvironment,
    *,
    max_bytes: int = MiB,
    max_depth: int = 64,
    strict_keys: bool = False,
) -> Any:
    """Check the media type, read the body (bounded) and parse it strictly."""
    check_json_type(environ)
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
        kind, params = media_type(environ)
        required = self.require_json and environ.get("REQUEST_METHOD") in BODY_METHODS
        if is_json(kind) or required:
            try:
                _check_json_type(kind, params)
                environ["wsgikit.json"] = parse_json(
                    read_body(environ, self.max_bytes), max_depth=self.max_depth,
                    strict_keys=self.strict_keys,
                )
            except HTTPError as error:
                return error(environ, start_response)
        return self.app(environ, start_response)
