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
  reading anything when it can, and a body that ends early with 400.

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
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

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

MiB = 1 << 20
CHUNK = 64 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def content_length(environ: WSGIEnvironment) -> int | None:
    """CONTENT_LENGTH as an int, or None when it is missing, empty or not a number."""
    value = environ.get("CONTENT_LENGTH") or ""
    if value.isascii() and value.isdigit():
        return int(value)
    return None


def iter_body(environ: WSGIEnvironment, limit: int, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """The request body in chunks of at most ``chunk_size``; see the module docstring."""
    stream = environ["wsgi.input"]
    length = content_length(environ)
    if length is not None:
        if length > limit:
            raise PayloadTooLarge(f"the body is {length} bytes; the limit is {limit}")
        remaining = length
        while remaining:
            chunk = stream.read(min(remaining, chunk_size))
            if not chunk:
                raise BadRequest(f"the body ended after {length - remaining} of {length} bytes")
            remaining -= len(chunk)
            yield chunk
    elif environ.get("wsgi.input_terminated"):
        total = 0
        while chunk := stream.read(chunk_size):
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


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _check_depth(text: str, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth`` in one linear pass, without recursion."""
    if text.count("[") + text.count("{") <= max_depth:
        return  # cannot be deeper than the number of openers
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                raise BadRequest(f"the JSON body nests deeper than {max_depth} levels")
        else:
            depth -= 1


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:20]} is too large")
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
            raise ValueError(f"the key {key!r} appears twice")
        result[key] = value
    return result


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
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            object_pairs_hook=_unique_keys if strict_keys else None,
        )
    except json.JSONDecodeError as exc:
        raise BadRequest(
            f"the body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise BadRequest(f"the JSON body nests deeper than {max_depth} levels") from None
    except ValueError as exc:  # NaN, Infinity, huge numbers, duplicate keys
        raise BadRequest(f"the body is not acceptable JSON: {exc}") from None
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise BadRequest("the JSON body holds a lone surrogate (\\ud800-\\udfff)")
    return value


def check_json_type(environ: WSGIEnvironment) -> None:
    """415 unless the request's media type is JSON in UTF-8."""
    kind, params = media_type(environ)
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
        kind, _ = media_type(environ)
        try:
            if is_json(kind):
                environ["wsgikit.json"] = load_json(
                    environ, max_bytes=self.max_bytes, max_depth=self.max_depth,
                    strict_keys=self.strict_keys,
                )
            elif self.require_json and environ.get("REQUEST_METHOD") in BODY_METHODS:
                check_json_type(environ)
        except (BadRequest, PayloadTooLarge, UnsupportedMediaType) as error:
            return error(environ, start_response)
        return self.app(environ, start_response)
