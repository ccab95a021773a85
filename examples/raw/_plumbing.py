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

The first exercises (hello, greet, status, headers, request-info, json-info,
wsgi-environ, wsgi-body) write every chore out inline, even where that repeats
another file, so that each reads top to bottom.  Later exercises call the
helpers here instead, and each helper's docstring names the exercise that
wrote it out first.  ``utf8_path``, ``method_check``, ``query_args`` and
``json_or_text`` never raise: they return a value (or the answer to send), and
the caller's own ``application`` calls ``start_response`` where the reader can
see it.  The raising helpers (``path_info``, ``query``, ``check_method``,
``HTTPProblem``, ``@exercise``) serve the exercises not yet written that way.

Only the standard library is imported: the raw exercises must not lean on wsgikit.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote_plus

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
    "json_or_text",
    "json_response",
    "method_check",
    "path_info",
    "query",
    "query_args",
    "read_body",
    "respond",
    "text",
    "user_agent",
    "utf8_path",
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

    The exchange hello's ``application`` writes out: status line, Content-Type,
    Content-Length, ``start_response``, ``[body]``.  HEAD is left to the caller
    (``@exercise`` drops the body).  Flask's ``make_response`` does this when a
    view returns a string or a tuple.
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
    """``value`` sent as JSON, as json-info's ``application`` writes it out.

    ``ensure_ascii=False`` keeps Korean readable; the body is UTF-8 either way.
    """
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return respond(start_response, status, body, JSON)


# The non-raising helpers: each returns what the caller answers in its own code.


def utf8_path(environ: WSGIEnvironment) -> str | None:
    """``PATH_INFO`` re-decoded as UTF-8, or None when its bytes are not UTF-8 (a 400).

    The re-decoding you wrote out in hello: PEP 3333 hands ``PATH_INFO`` over as a
    latin-1 string of the bytes the client sent.  Werkzeug does it for Flask.
    """
    raw: str = environ.get("PATH_INFO", "")
    try:
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def method_check(
    environ: WSGIEnvironment, methods: Iterable[str]
) -> tuple[str, list[tuple[str, str]], str] | None:
    """The answer to OPTIONS (200) or to a method not in ``methods`` (405); None if allowed.

    The check you wrote out in hello, returned as ``(status line, headers, text)``
    for the caller to send: both answers carry ``Allow``.  ``methods`` is the
    whole list, HEAD and OPTIONS included (Flask adds those two to every route);
    ``Allow`` lists it sorted.  The text quotes nothing the client sent, so it is
    safe in an HTML answer too.  ``@app.route(..., methods=[...])`` is this check.
    """
    allowed = tuple(methods)
    allow = ", ".join(sorted(allowed))
    method = environ["REQUEST_METHOD"]
    if method == "OPTIONS":
        return "200 OK", [("Allow", allow)], ""
    if method not in allowed:
        return "405 Method Not Allowed", [("Allow", allow)], f"This path answers {allow} only."
    return None


def query_args(environ: WSGIEnvironment) -> dict[str, str] | None:
    """``request.args`` as ``{name: first value}``, or None when it is not UTF-8 (a 400).

    The loop you wrote out in request-info: ``QUERY_STRING`` re-decoded from
    latin-1, split on ``&`` only (``;`` is no separator), each pair on its first
    ``=``, each part unquoted as strict UTF-8 (``+`` is a space); the first value
    of a repeated name wins, as with ``request.args.get``.
    """
    args: dict[str, str] = {}
    try:
        raw: str = environ.get("QUERY_STRING", "")
        for pair in raw.encode("latin-1").decode("utf-8").split("&"):
            key, _, value = pair.partition("=")
            key = unquote_plus(key, errors="strict")
            args.setdefault(key, unquote_plus(value, errors="strict"))
    except UnicodeError:
        return None
    return args


def json_or_text(value: dict[str, Any] | str) -> tuple[str, bytes]:
    """``(content type, body)``: a dict as JSON, a str as UTF-8 plain text.

    The switch you wrote out in json-info's ``application``; Flask makes it when
    a view returns a dict (``jsonify``) or a str (which Flask sends as HTML).
    """
    if isinstance(value, dict):
        return JSON, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return TEXT, value.encode("utf-8")


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

    Hello writes this check out inline; ``method_check`` returns the answer
    instead of raising it.  ``@app.route(..., methods=[...])`` is this check,
    done by Werkzeug's router.
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
    Hello writes this out inline; ``utf8_path`` returns None instead of raising.
    """
    raw: str = environ.get("PATH_INFO", "")
    try:
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise HTTPProblem(400, "the path is not valid UTF-8") from None


def query(environ: WSGIEnvironment) -> dict[str, list[str]]:
    """The query string as ``{name: [values...]}``, split on ``&`` only.

    This is ``request.args``; ``query(environ).get('name', [default])[0]`` is
    ``request.args.get('name', default)``.  It is the loop you wrote out in
    request-info, keeping every value; ``query_args`` keeps the first and returns
    None instead of raising.
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
    Request-info writes this check out inline.
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
