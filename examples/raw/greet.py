"""greet (seed 000, Test #3): two variables taken from the path.

The Flask original::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        return f'{greeting}, {name}!'

Werkzeug's router splits the path, checks each segment is non-empty and hands
the values over as keyword arguments; here that is a ``split('/')``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import check_method, exercise, not_found, path_info, text

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment


def match(path: str) -> tuple[str, str] | None:
    """``/안녕/세계`` -> ``('안녕', '세계')``; anything else -> None (404)."""
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
    return text(start_response, f"{greeting}, {name}!")
