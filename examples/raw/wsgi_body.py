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
(the server runs out of memory).  Here the body is read by ``read_body``: at most
``CONTENT_LENGTH`` bytes, never more than 1 MiB (413), and with no
``CONTENT_LENGTH`` only when the server says the stream ends by itself
(``wsgi.input_terminated``, as uWSGI and gunicorn do for a chunked request).
A POST with no length and no such promise is a 400: the body cannot be read.

In Flask this is ``request.get_json()`` under ``MAX_CONTENT_LENGTH``.  The rest,
by hand, with the same rules as ``json_echo``:

- the body must say it is JSON (``application/json`` or ``application/*+json``,
  UTF-8 if a charset is named): else 415, as ``get_json()`` does;
- strict UTF-8, no BOM, no ``NaN``/``Infinity``, no number that overflows to
  infinity, no unpaired surrogate escape, no nesting too deep to parse: else 400;
- the JSON must be an object with a string ``name``: else 400 (the seed's
  ``KeyError`` was a 500);
- the answer is ``text/plain``: the seed sent the name back as ``text/html``,
  unescaped, which lets any client inject markup (XSS).
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from ._plumbing import (
    HTTPProblem,
    check_method,
    content_length,
    exercise,
    media_type,
    not_found,
    path_info,
    read_body,
    text,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH: 1 MiB


def is_json(environ: WSGIEnvironment) -> bool:
    """``request.is_json``, plus: a charset other than UTF-8 is refused (RFC 8259)."""
    kind, params = media_type(environ)
    main, _, sub = kind.partition("/")
    if main != "application" or not (sub == "json" or (sub.endswith("+json") and len(sub) > 5)):
        return False
    return params.get("charset", "utf-8") == "utf-8"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e400 would become inf
        raise ValueError(f"{literal} is out of range")
    return value


def parse_object(body: bytes) -> dict[str, Any]:
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


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    if path != "/":
        raise not_found(path)
    check_method(environ, "POST")
    # get_json(): 415 unless the request says its body is JSON.
    if not is_json(environ):
        raise HTTPProblem(415, "the body must be application/json (UTF-8)")
    # No CONTENT_LENGTH and no wsgi.input_terminated: the body's end is unknown,
    # and reading "to the end" would hang.  Werkzeug reads nothing in that case.
    if content_length(environ) == 0 and not environ.get("wsgi.input_terminated"):
        raise HTTPProblem(400, "a body is required (send Content-Length)")
    document = parse_object(read_body(environ, LIMIT))  # 413 over 1 MiB, 400 if short
    name = document.get("name")
    if not isinstance(name, str):  # the seed's body_json["name"]: a KeyError, a 500
        raise HTTPProblem(400, 'the JSON object needs a string "name"')
    return text(start_response, f"Hello World {name}")
