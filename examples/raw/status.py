"""status (seed 000, Test #4): the status code is independent of the body.

The Flask original::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        return make_response(f'{greeting}, {name}!', HTTPStatus.NOT_FOUND)

``make_response(body, status)`` pairs any body with any status.  In WSGI the
two were never tied: the status line goes to ``start_response`` and the body
is whatever the callable returns, so a 404 can carry a friendly greeting.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

from ._plumbing import check_method, exercise, not_found, path_info, text

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
        raise not_found(path)  # no route matched: Flask's router answers this 404
    check_method(environ, "GET")
    greeting, name = found
    # The route matched, and the view *chose* 404: make_response(body, 404).
    return text(start_response, f"{greeting}, {name}!", status=HTTPStatus.NOT_FOUND)
