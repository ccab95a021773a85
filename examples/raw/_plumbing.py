"""The chores the first raw exercises wrote out, kept once for the later ones.

This module *is* the list of chores a framework does before and after your view
function runs.  Flask (through Werkzeug) does each of these for you; the first
exercises (hello, greet, status, headers, request-info, json-info, wsgi-environ,
wsgi-body) write every one of them out inline, even where that repeats another
file, so that each reads top to bottom.  Later exercises call the helpers here
instead, and each helper's docstring names the exercise that wrote it out first:

- ``utf8_path``: ``PATH_INFO`` re-decoded as UTF-8 (hello);
- ``method_check``: ``OPTIONS`` and the 405, both with ``Allow`` (hello);
- ``root_redirect``: the bare mount point's 308 to ``SCRIPT_NAME + "/"`` (hello);
- ``query_args``: ``request.args``, split on ``&`` only (request-info);
- ``user_agent``: the User-Agent, or None for the 400 (request-info);
- ``json_or_text``: a dict as JSON, a str as text (json-info);
- ``media_type`` and ``is_json``: the Content-Type, read (wsgi-body);
- ``read_body``: at most ``CONTENT_LENGTH`` bytes under a limit (wsgi-body);
- ``json_object``: the strict JSON parse (wsgi-body).

None of them calls ``start_response``: each returns a value, or the answer to
send, and the caller's own ``application`` sends it where the reader can see it.
``read_body`` and ``json_object`` have too many ways to fail for that, so they
raise ``BodyError`` (a status line and a reason), and the caller's
``application`` catches it in plain sight, as wsgi-body's does.

Only the standard library is imported: the raw exercises must not lean on wsgikit.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote_plus

if TYPE_CHECKING:
    from wsgiref.types import WSGIEnvironment

__all__ = [
    "BodyError",
    "is_json",
    "json_object",
    "json_or_text",
    "media_type",
    "method_check",
    "query_args",
    "read_body",
    "root_redirect",
    "user_agent",
    "utf8_path",
]

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
CHUNK = 64 * 1024  # read_body reads at most this much at a time

log = logging.getLogger(__name__)


# --- the path, the method and the query: hello and request-info --------------------


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


def root_redirect(
    environ: WSGIEnvironment, methods: Iterable[str]
) -> tuple[str, list[tuple[str, str]], str] | None:
    """The 308 from the bare mount point (an empty ``PATH_INFO``) to ``SCRIPT_NAME + "/"``.

    The redirect you wrote out in hello, returned as ``(status line, headers,
    text)`` for the caller to send.  A request for ``/app``, the app mounted at
    ``/app``, goes on to ``/app/``: the page's relative links then resolve under the
    mount.  Flask does the same.  The query is kept; the ``Location`` is
    root-relative and percent-encoded, as a client sends a path.  Only a method
    that ``/`` answers (``methods``, with HEAD and OPTIONS) is redirected: for any
    other, None, and nothing is served at the bare mount point (a 404, as in Flask).
    """
    if environ["REQUEST_METHOD"] not in methods:
        return None
    mount = environ.get("SCRIPT_NAME", "").encode("latin-1")
    location = quote(mount, safe="/!$&'()*+,;=:@") + "/"
    query = environ.get("QUERY_STRING", "")
    if query:
        location += "?" + quote(query.encode("latin-1"), safe="%!$&'()*+,/:;=?@")
    return "308 Permanent Redirect", [("Location", location)], f"Redirecting to {location}\n"


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


def user_agent(environ: WSGIEnvironment) -> str | None:
    """``request.headers['User-Agent']``, or None when there is none (a 400 saying so).

    The check you wrote out in request-info: a header is ``HTTP_`` + its name in
    capitals.  The value is passed on as the server gave it (a latin-1 string), as
    Werkzeug does.  (Werkzeug 3.1 raises a plain KeyError for a missing one, which
    Flask serves as a 500.)
    """
    client: str | None = environ.get("HTTP_USER_AGENT")
    return client


# --- the answer: json-info ----------------------------------------------------------


def json_or_text(value: dict[str, Any] | str) -> tuple[str, bytes]:
    """``(content type, body)``: a dict as JSON, a str as UTF-8 plain text.

    The switch you wrote out in json-info's ``application``; Flask makes it when
    a view returns a dict (``jsonify``) or a str (which Flask sends as HTML).
    """
    if isinstance(value, dict):
        return JSON, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return TEXT, value.encode("utf-8")


# --- the body: wsgi-body ------------------------------------------------------------


class BodyError(Exception):
    """The body cannot be read, or is not what the route needs: the status line and why.

    What wsgi-body's ``read_body`` and ``json_object`` raise, and its
    ``application`` catches and sends; a caller's parser may raise it too.
    Werkzeug's ``BadRequest``, ``RequestTimeout`` and ``RequestEntityTooLarge``
    play this part for Flask.
    """

    def __init__(self, status: str, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def media_type(environ: WSGIEnvironment) -> tuple[str, dict[str, str]]:
    """``'Application/JSON; charset=UTF-8'`` -> ``('application/json', {'charset': 'UTF-8'})``.

    The Content-Type parse you wrote out in wsgi-body's ``is_json``; Werkzeug's
    ``request.mimetype`` and ``request.mimetype_params``.  Parameter values keep
    their case: a multipart boundary is case-sensitive.
    """
    raw = environ.get("CONTENT_TYPE", "") or ""
    kind, _, rest = raw.partition(";")
    params: dict[str, str] = {}
    for item in rest.split(";"):
        name, sep, value = item.partition("=")
        if sep:
            params[name.strip().lower()] = value.strip().strip('"')
    return kind.strip().lower(), params


def is_json(environ: WSGIEnvironment) -> bool:
    """``request.is_json``: ``application/json`` or ``application/<something>+json``.

    The check you wrote out in wsgi-body.  A ``charset`` other than UTF-8 is
    refused too: JSON on the wire is UTF-8 (RFC 8259).
    """
    kind, params = media_type(environ)
    main, _, sub = kind.partition("/")
    if main != "application" or not (sub == "json" or (sub.endswith("+json") and len(sub) > 5)):
        return False
    return params.get("charset", "utf-8").lower() == "utf-8"


def read_body(environ: WSGIEnvironment, limit: int) -> bytes:
    """Exactly CONTENT_LENGTH bytes, read in chunks, never more than ``limit``.

    ``read_body`` is the loop you wrote in wsgi-body, with the limit as an
    argument.  A missing, negative or non-numeric CONTENT_LENGTH means no body
    (``b""``); blanks around the digits are not part of it (RFC 9110).  With no
    length, the body is read to its end only where the server says it ends
    (``wsgi.input_terminated``, e.g. a chunked request under uWSGI or gunicorn);
    a chunked body a server cannot end that way (wsgiref) is a 411, not an empty body.
    Raises ``BodyError``: 413 over the limit, 400 for a body cut short, 408 when
    the client stops sending until the server's socket times out, 400 and one
    WARNING log line (no traceback) when a read fails otherwise.  Flask's
    ``request.get_data()`` under ``MAX_CONTENT_LENGTH`` does this job.
    """
    digits = (environ.get("CONTENT_LENGTH") or "").strip(" \t")
    length = int(digits) if digits.isascii() and digits.isdigit() else 0
    if length > limit:  # refused before a byte is read
        raise BodyError("413 Content Too Large", f"The body is over {limit} bytes.")
    if length == 0 and not environ.get("wsgi.input_terminated"):
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            # a body is on its way, and this server (wsgiref) cannot say where it ends
            raise BodyError("411 Length Required",
                            "This server does not pass a chunked body on: send a Content-Length.")
        return b""  # the end is unknown: a read would wait for bytes that never come
    stream = environ["wsgi.input"]
    chunks: list[bytes] = []
    received = 0
    while length == 0 or received < length:
        size = CHUNK if length == 0 else min(CHUNK, length - received)
        try:
            chunk: bytes = stream.read(size)  # never read() without a size
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
        if received > limit:  # only a terminated stream gets here: it has no length to check first
            raise BodyError("413 Content Too Large", f"The body is over {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e400 would become inf, and go back out as Infinity
        raise ValueError(f"{literal} is out of range")
    return value


def json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a ``BodyError`` (400) saying why not.

    The strict parse you wrote out in wsgi-body: strict UTF-8 (no BOM), no
    ``NaN``/``Infinity``, no number that overflows to infinity, no unpaired
    surrogate escape, nesting too deep for the parser a 400 (not a
    ``RecursionError``), and anything but an object a 400.  Flask's
    ``request.get_json()`` parses, less strictly.
    """
    if not body:
        raise BodyError("400 Bad Request", "The body is empty; a JSON object is required.")
    try:
        # Strict UTF-8; a BOM survives decoding as U+FEFF, and json.loads refuses it.
        value = json.loads(
            body.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite_float
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
