"""Request bodies, read safely: one bounded reader, strict JSON, and ``JSONBody``.

``JSONBody`` is middleware for any WSGI app (Flask's ``app.wsgi_app`` too)::

    from wsgikit import JSONBody

    application = JSONBody(app, max_bytes=1 << 20, max_depth=64)
    # in the app: environ["wsgikit.json"] holds the parsed body

**Reading.**  Every body wsgikit reads goes through :func:`iter_body`: exactly
``CONTENT_LENGTH`` bytes, read with ``read(n)`` (a bare ``read()`` on wsgiref's
socket waits for bytes that never come).  With no usable length the body is
read to its end only if the server says it ends (``wsgi.input_terminated``), a
chunked body the server cannot end is a 411, and otherwise there is none.
Over ``limit`` is a 413, a body cut short a 400.  A failing ``wsgi.input`` is
the client's doing: a 408 when the server's socket timed out, else a 400 that
says why, logged as one WARNING on ``wsgikit.body``.  :func:`read_body` keeps
the body in ``environ["wsgikit.body"]`` with a fresh ``wsgi.input`` over it,
so that the app behind ``JSONBody`` can read it again.

**Parsing.**  :func:`parse_json` is Python's own decoder, with what
``json.loads`` takes and RFC 8259 does not turned into 400s.  The bytes must be
strict UTF-8 without a BOM.  The decoder's hooks refuse ``NaN``, ``Infinity``,
a number too large for a float (``1e400``) and, with ``strict_keys=True``, a
repeated key.  Two faults show only in the value, so they are looked for only
when the text could hold them: nesting deeper than ``max_depth`` (more ``[``
and ``{`` than that; counted level by level, without recursion) and a lone
surrogate (a ``\\ud800``-like escape: encoding the value as UTF-8 finds it).

**Choosing.**  ``JSONBody`` parses a body whose media type is ``application/json``
or ``application/<x>+json`` and whose charset is UTF-8 (else a 415), as
``Request.json`` does with :func:`load_json`; ``require_json=True`` refuses
other types on POST, PUT and PATCH.  Errors are problem+json; other requests
reach the app untouched.
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

__all__ = ["JSONBody", "content_length", "is_json", "iter_body", "load_json", "media_type",
           "parse_json", "read_body"]

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
    """The request body in chunks of at most ``chunk_size`` bytes."""
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
        # A body is coming and the server cannot say where it ends (wsgiref):
        # refusing it is better than handing the app an empty body.
        raise HTTPError("this server does not pass a chunked body on: send a Content-Length",
                        code=411)


def read_body(environ: WSGIEnvironment, limit: int = MiB) -> bytes:
    """The whole body (bounded), read once per request and kept in the environ."""
    body = environ.get("wsgikit.body")
    if body is None:
        body = b"".join(iter_body(environ, limit))
        environ["wsgikit.body"] = body
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
    elif len(body) > limit:  # read before under a larger limit
        raise PayloadTooLarge(f"the body is {len(body)} bytes; the limit is {limit}")
    return bytes(body)


def media_type(environ: WSGIEnvironment) -> tuple[str, dict[str, str]]:
    """``'Application/JSON; charset="UTF-8"'`` -> ``('application/json', {'charset': 'UTF-8'})``."""
    kind, _, rest = (environ.get("CONTENT_TYPE") or "").partition(";")
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


_REFUSED = "the body is not acceptable JSON:"


def _no_constant(name: str) -> Any:
    raise BadRequest(f"{_REFUSED} {name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise BadRequest(f"{_REFUSED} the number {text[:20]} is too large")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise BadRequest(f"{_REFUSED} the key {key!r} appears twice")
        result[key] = value
    return result


# Made once: json.loads(text, parse_float=...) would make a decoder on every call.
_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)
_STRICT_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float,
                                   object_pairs_hook=_unique_keys)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # \ud800 to \udfff


def _check_depth(value: Any, max_depth: int) -> None:
    level = [value]
    for _ in range(max_depth):
        level = [child for item in level if isinstance(item, list | dict)
                 for child in (item.values() if isinstance(item, dict) else item)]
    if any(isinstance(item, list | dict) for item in level):
        raise BadRequest(f"the JSON body nests deeper than {max_depth} levels")


def parse_json(data: bytes, *, max_depth: int = 64, strict_keys: bool = False) -> Any:
    """Strict JSON from UTF-8 bytes, or :class:`BadRequest` saying what is wrong."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise BadRequest("the JSON body starts with a byte order mark; send plain UTF-8")
    try:
        text = data.decode("utf-8")
        value = (_STRICT_DECODER if strict_keys else _DECODER).decode(text)
        if text.count("[") + text.count("{") > max_depth:
            _check_depth(value, max_depth)
        if _SURROGATE_ESCAPE.search(text):
            json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the JSON body is not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        if not text.strip(" \t\r\n"):
            raise BadRequest("the JSON body is empty") from None
        msg = exc.msg.removesuffix(" at")  # 'Unterminated string starting at'
        raise BadRequest(
            f"the body is not valid JSON: {msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:  # deeper than the decoder itself goes
        raise BadRequest(f"the JSON body nests deeper than {max_depth} levels") from None
    except UnicodeEncodeError:
        raise BadRequest("the JSON body holds a lone surrogate (\\ud800-\\udfff)") from None
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise BadRequest("the JSON body holds a number with more digits than this "
                         f"server converts ({sys.get_int_max_str_digits()})") from None
    return value


def _check_json_type(kind: str, params: dict[str, str]) -> None:
    if not is_json(kind):
        raise UnsupportedMediaType(f"expected application/json, got {kind or 'no content type'}")
    charset = params.get("charset", "utf-8").lower()
    if charset != "utf-8":
        raise UnsupportedMediaType(f"JSON must be UTF-8, not {charset}")


def load_json(environ: WSGIEnvironment, *, max_bytes: int = MiB, max_depth: int = 64,
              strict_keys: bool = False) -> Any:
    """The request's JSON body: a 415 unless it says it is UTF-8 JSON, then :func:`parse_json`."""
    _check_json_type(*media_type(environ))
    return parse_json(read_body(environ, max_bytes), max_depth=max_depth, strict_keys=strict_keys)


class JSONBody:
    """Parse JSON request bodies into ``environ['wsgikit.json']``; see the module docstring."""

    def __init__(self, app: WSGIApplication, max_bytes: int = MiB, max_depth: int = 64, *,
                 strict_keys: bool = False, require_json: bool = False) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self.strict_keys = strict_keys
        self.require_json = require_json

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        kind, params = media_type(environ)
        if is_json(kind) or self.require_json and environ.get("REQUEST_METHOD") in BODY_METHODS:
            try:
                _check_json_type(kind, params)
                body = read_body(environ, self.max_bytes)
                environ["wsgikit.json"] = parse_json(body, max_depth=self.max_depth,
                                                     strict_keys=self.strict_keys)
            except HTTPError as error:
                return error(environ, start_response)
        return self.app(environ, start_response)
