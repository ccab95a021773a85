"""headers (seed 000, Test #5): adding a response header.

The Flask original::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        resp = make_response(f'{greeting}, {name}!', HTTPStatus.NOT_FOUND)
        resp.headers['MY_HEADER'] = 1234
        return resp

Werkzeug's ``Headers`` quietly turns the int ``1234`` into the string
``'1234'``.  PEP 3333 says header names and values are native strings, and
``wsgiref.validate`` rejects an int; so here the value is written as ``'1234'``.
The name keeps its underscore: it is a legal header token (RFC 9110), and
``wsgiref.validate`` accepts it, though some proxies (nginx by default) drop
*request* headers with underscores.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

from ._plumbing import TEXT, check_method, exercise, not_found, path_info, respond

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment


def match(path: str) -> tuple[str, str] | None:
    """``/안녕/세계`` -> ``('안녕', '세계')``; anything else -> None (a real 404)."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != "" or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ)  # UTF-8, or a 400: Werkzeug does this decoding for Flask
    found = match(path)
    if found is None:
        raise not_found(path)
    check_method(environ, "GET")
    greeting, name = found
    # resp.headers['MY_HEADER'] = 1234: a (str, str) pair in the header list.
    return respond(
        start_response,
        HTTPStatus.NOT_FOUND,
        f"{greeting}, {name}!",
        TEXT,
        headers=[("MY_HEADER", "1234")],
    )
