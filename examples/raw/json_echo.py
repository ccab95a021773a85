"""json_echo (seed 000, Test #8): reading a JSON body, and refusing bad ones.

The Flask original::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        return {
            'method': request.method,
            'name': request.args.get('name', default='이름이 없는 자'),
            'client': request.headers['User-Agent'],
            'key1': request.get_json().get('key1', 'No key'),
        }

The seed let GET in, where ``get_json()`` can only fail; the contract keeps
POST only.  ``request.get_json()`` hides several chores, done by hand here:
check the media type (415), read at most ``CONTENT_LENGTH`` bytes under a limit
(``MAX_CONTENT_LENGTH``, 413), decode strict UTF-8 and parse (400).  The parse
is stricter than Flask's: no BOM, no ``NaN``/``Infinity``, no number that
overflows to infinity, no unpaired surrogate escape, and nesting too deep for
the parser is a 400, not a ``RecursionError`` and a 500.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from ._plumbing import (
    HTTPProblem,
    check_method,
    exercise,
    json_response,
    media_type,
    not_found,
    path_info,
    query,
    read_body,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

NO_NAME = "이름이 없는 자"
NO_KEY = "No key"
LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH: 1 MiB


def user_agent(environ: WSGIEnvironment) -> str:
    """``request.headers['User-Agent']``: a missing key is Werkzeug's 400 (BadRequestKeyError)."""
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
    return params.get("charset", "utf-8") == "utf-8"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e400 would become inf, and go back out as Infinity
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
    name = query(environ).get("name", [NO_NAME])[0]
    client = user_agent(environ)
    # request.get_json(): 415 unless the body says it is JSON ...
    if not is_json(environ):
        raise HTTPProblem(415, "the body must be application/json (UTF-8)")
    # ... then get_data() under MAX_CONTENT_LENGTH (413), then json.loads (400).
    document = parse_object(read_body(environ, LIMIT))
    return json_response(
        start_response,
        {
            "method": environ["REQUEST_METHOD"],
            "name": name,
            "client": client,
            "key1": document.get("key1", NO_KEY),
        },
    )
