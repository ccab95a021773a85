"""The plumbing every raw exercise shares, written out once with the standard library.

This module *is* the list of chores a framework does before and after your view
function runs.  Flask (through Werkzeug) does each of these for you; here they are
by hand so that you can see them:

- re-decode ``PATH_INFO`` and ``QUERY_STRING`` as UTF-8 (PEP 3333 hands them over
  as latin-1 strings) and turn undecodable bytes into a 400, not a 500;
- answer ``OPTIONS`` with ``Allow``, a wrong method with 405 + ``Allow``, and
  ``HEAD`` like ``GET`` with an empty body;
- read a request body only up to ``CONTENT_LENGTH`` and never beyond a limit;
- render errors as ``application/problem+json`` (RFC 9457) instead of a traceback;
- always send ``Content-Length``.

Only the standard library is imported: the raw exercises must not lean on wsgikit.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "Answer",
    "HTTPProblem",
    "check_method",
    "exercise",
    "html",
    "is_json",
    "json_object",
    "json_response",
    "path_info",
    "query",
    "read_body",
    "respond",
    "text",
    "user_agent",
]

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json"

log = logging.getLogger(__name__)


def status_line(code: int) -> str:
    """``404`` -> ``'404 Not Found'``: WSGI wants the whole status line."""
    return f"{code} {HTTPStatus(code).phrase}"


def respond(
    start_response: StartResponse,
    status: int,
    body: bytes | str,
    content_type: str | None,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    """Start the response and return the body; Content-Length is always set.

    Flask's ``make_response`` does this when a view returns a string or a tuple.
    """
    data = body.encode("utf-8") if isinstance(body, str) else body
    header_list = [("Content-Length", str(len(data)))]
    if content_type is not None:
        header_list.insert(0, ("Content-Type", content_type))
    header_list.extend(headers)
    start_response(status_line(status), header_list)
    return [data]


def text(start_response: StartResponse, body: str, status: int = 200) -> list[bytes]:
    return respond(start_response, status, body, TEXT)


def html(start_response: StartResponse, body: str, status: int = 200) -> list[bytes]:
    return respond(start_response, status, body, HTML)


def json_response(start_response: StartResponse, value: Any, status: int = 200) -> list[bytes]:
    """``ensure_ascii=False`` keeps Korean readable; the body is UTF-8 either way."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return respond(start_response, status, body, JSON)


class Answer(Exception):
    """A finished response raised from deep inside a handler (OPTIONS, errors)."""

    def __init__(
        self,
        status: int,
        body: bytes | str = b"",
        content_type: str | None = TEXT,
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = list(headers)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        return respond(start_response, self.status, self.body, self.content_type, self.headers)


class HTTPProblem(Answer):
    """An error as ``application/problem+json``: what went wrong, never a traceback.

    Werkzeug's ``HTTPException`` (what Flask's ``abort`` raises) plays this role.
    """

    def __init__(
        self, status: int, detail: str, headers: Iterable[tuple[str, str]] = ()
    ) -> None:
        problem = {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": detail,
        }
        body = json.dumps(problem, ensure_ascii=False)
        super().__init__(status, body, "application/problem+json", headers)
        self.detail = detail


def allow_header(methods: Iterable[str]) -> str:
    """GET implies HEAD, and OPTIONS is always answered: Flask adds both for you."""
    allowed = set(methods) | {"OPTIONS"}
    if "GET" in allowed:
        allowed.add("HEAD")
    return ", ".join(sorted(allowed))


def check_method(environ: WSGIEnvironment, *methods: str) -> None:
    """Raise the right answer unless the request's method is one of ``methods``.

    ``@app.route(..., methods=[...])`` is this check, done by Werkzeug's router.
    """
    method = environ["REQUEST_METHOD"]
    if method in methods:
        return
    allow = [("Allow", allow_header(methods))]
    if method == "OPTIONS":
        raise Answer(200, headers=allow)
    raise HTTPProblem(405, f"{method} is not allowed here; use {allow[0][1]}", allow)


def not_found(path: str) -> HTTPProblem:
    return HTTPProblem(404, f"nothing is served at {path!r}")


def path_info(environ: WSGIEnvironment) -> str:
    """PATH_INFO as the client meant it: the server decoded the bytes as latin-1.

    Werkzeug re-decodes it as UTF-8 for Flask; invalid bytes become a 400 here.
    """
    raw: str = environ.get("PATH_INFO", "")
    try:
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise HTTPProblem(400, "the path is not valid UTF-8") from None


def query(environ: WSGIEnvironment) -> dict[str, list[str]]:
    """The query string as ``{name: [values...]}``, split on ``&`` only.

    This is ``request.args``; ``query(environ).get('name', [default])[0]`` is
    ``request.args.get('name', default)``.
    """
    raw = environ.get("QUERY_STRING", "")
    try:
        decoded = raw.encode("latin-1").decode("utf-8")
        pairs = parse_qsl(
            decoded, keep_blank_values=True, encoding="utf-8", errors="strict", separator="&"
        )
    except (UnicodeError, ValueError):
        raise HTTPProblem(400, "the query string is not valid UTF-8") from None
    args: dict[str, list[str]] = {}
    for name, value in pairs:
        args.setdefault(name, []).append(value)
    return args


def content_length(environ: WSGIEnvironment) -> int:
    """A missing, empty, negative or non-numeric CONTENT_LENGTH means no body.

    Blanks around the number are not part of it (RFC 9110): wsgiref and uWSGI
    pass ``Content-Length:  2 `` on as ``"2 "``.
    """
    value = (environ.get("CONTENT_LENGTH", "") or "").strip(" \t")
    if not value.isascii() or not value.isdigit():
        return 0
    return int(value)


def read_body(environ: WSGIEnvironment, limit: int) -> bytes:
    """Read exactly CONTENT_LENGTH bytes, in chunks, refusing more than ``limit``.

    Never call ``wsgi.input.read()`` without a size: under wsgiref it is the raw
    socket and waits for bytes the client will never send.  With no length, a
    body is read to its end only where the server says it ends
    (``wsgi.input_terminated``, e.g. a chunked request under uWSGI or gunicorn).
    Flask's ``request.get_data()`` with ``MAX_CONTENT_LENGTH`` set does this job.
    """
    stream = environ["wsgi.input"]

    def read(size: int) -> bytes:
        """One read, with the client's failures answered as the client's (4xx)."""
        try:
            chunk: bytes = stream.read(size)
        except TimeoutError:  # the server's socket timeout: the client went silent
            raise HTTPProblem(408, "the client stopped sending the body") from None
        except Exception as exc:  # the client went away, or sent a broken chunked body
            reason = f"{type(exc).__name__}: {exc}"
            log.warning("the request body could not be read (%s)", reason)
            raise HTTPProblem(400, f"the request body could not be read ({reason})") from None
        return chunk

    length = content_length(environ)
    if length > limit:
        raise HTTPProblem(413, f"the body is {length} bytes; the limit is {limit}")
    chunks: list[bytes] = []
    if length == 0:
        if not environ.get("wsgi.input_terminated"):
            return b""
        size = 0
        while chunk := read(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise HTTPProblem(413, f"the body is over the limit of {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    remaining = length
    while remaining:
        chunk = read(min(remaining, 64 * 1024))
        if not chunk:
            raise HTTPProblem(400, f"the body ended {remaining} bytes short of CONTENT_LENGTH")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def media_type(environ: WSGIEnvironment) -> tuple[str, dict[str, str]]:
    """``'Application/JSON; charset=UTF-8'`` -> ``('application/json', {'charset': 'UTF-8'})``.

    Parameter values keep their case: a multipart boundary is case-sensitive.
    """
    raw = environ.get("CONTENT_TYPE", "") or ""
    kind, _, rest = raw.partition(";")
    params: dict[str, str] = {}
    for item in rest.split(";"):
        name, sep, value = item.partition("=")
        if sep:
            params[name.strip().lower()] = value.strip().strip('"')
    return kind.strip().lower(), params


def user_agent(environ: WSGIEnvironment) -> str:
    """``request.headers['User-Agent']``, with a 400 saying so when it is missing.

    (Werkzeug 3.1 raises a plain KeyError there, which Flask serves as a 500.)
    The value is passed on as the server gave it (a latin-1 string), as Werkzeug does.
    """
    client: str | None = environ.get("HTTP_USER_AGENT")
    if client is None:
        raise HTTPProblem(400, "the request has no User-Agent header")
    return client


def is_json(environ: WSGIEnvironment) -> bool:
    """``request.is_json``: ``application/json`` or ``application/<something>+json``.

    A ``charset`` other than UTF-8 is refused too: JSON on the wire is UTF-8 (RFC 8259).
    """
    kind, params = media_type(environ)
    main, _, sub = kind.partition("/")
    if main != "application" or not (sub == "json" or (sub.endswith("+json") and len(sub) > 5)):
        return False
    return params.get("charset", "utf-8").lower() == "utf-8"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e400 would become inf, and go back out as Infinity
        raise ValueError(f"{literal} is out of range")
    return value


def json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a 400 saying why not."""
    if not body:
        raise HTTPProblem(400, "the body is empty; a JSON object is required")
    try:
        # Strict UTF-8; a BOM survives decoding as U+FEFF, and json.loads refuses it.
        value = json.loads(
            body.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite_float
        )
        # An unpaired "\ud800" parses, but could never be sent back as UTF-8.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise HTTPProblem(400, "the JSON is nested too deeply") from None
    except ValueError as exc:  # UnicodeError and JSONDecodeError are ValueErrors
        raise HTTPProblem(400, f"the body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise HTTPProblem(400, f"a JSON object is required, not {type(value).__name__}")
    return value


def exercise(app: WSGIApplication) -> WSGIApplication:
    """Wrap a raw handler: serve raised answers, and HEAD as GET without a body.

    Flask's ``wsgi_app`` is this loop: call the view, turn exceptions into responses.
    """

    def wrapper(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        is_head = environ["REQUEST_METHOD"] == "HEAD"
        if is_head:
            environ = dict(environ, REQUEST_METHOD="GET")
        try:
            body = app(environ, start_response)
        except Answer as answer:
            body = answer(environ, start_response)
        if not is_head:
            return body
        close: Callable[[], object] | None = getattr(body, "close", None)
        if close is not None:
            close()
        return []

    wrapper.__doc__ = app.__doc__
    wrapper.__name__ = getattr(app, "__name__", "application")
    return wrapper
