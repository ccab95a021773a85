"""Small HTTP facts and WSGI chores that several wsgikit modules share.

Private: import these names inside wsgikit only.  Each is written once here so
that the modules that need it say the same thing the same way.

- ``TOKEN``: the RFC 9110 token (a header name, a method); use ``fullmatch``.
- ``STATUS_LINES``: ``{404: "404 Not Found", ...}`` for every ``http.HTTPStatus``.
- ``check_status``, ``check_header``: the code or the pair, else ``ValueError``
  (no header injection: a name is a token, a value latin-1 without CR, LF, NUL).
- ``quote_path(path)``: percent-encoded as a client sends it, ``/`` and
  ``PATH_SAFE`` kept; pass a WSGI string as ``path.encode("latin-1")``.
- ``close(iterable)``: its ``close()`` if it has one (PEP 3333).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from http import HTTPStatus
from urllib.parse import quote

__all__ = ["PATH_SAFE", "STATUS_LINES", "TOKEN", "check_header", "check_status", "close",
           "quote_path"]

TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
STATUS_LINES = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}
PATH_SAFE = "!$&'()*+,;=:@"  # what a path segment may hold unescaped (RFC 3986)
_CR_LF_NUL = re.compile(r"[\r\n\x00]")


def check_status(code: int) -> int:
    if code not in STATUS_LINES:
        raise ValueError(f"unknown HTTP status {code!r}")
    return code


def check_header(name: str, value: str) -> tuple[str, str]:
    if not isinstance(name, str) or not TOKEN.fullmatch(name):
        raise ValueError(f"invalid header name {name!r}")
    if not isinstance(value, str):
        raise ValueError(f"header {name} must be a str, not {type(value).__name__}")
    if _CR_LF_NUL.search(value):
        raise ValueError(f"header {name} holds CR, LF or NUL: {value!r}")
    if not value.isascii() and max(value) > "\xff":
        raise ValueError(f"header {name} is not latin-1: {value!r}")
    return name, value


def quote_path(path: str | bytes) -> str:
    return quote(path, safe="/" + PATH_SAFE)


def close(iterable: Iterable[bytes]) -> None:
    method = getattr(iterable, "close", None)
    if method is not None:
        method()

