"""url_building (seed 001, URL 생성): ``url_for`` by hand, with ``SCRIPT_NAME``.

The Flask original::

    @app.route('/')                   -> index
    @app.route('/login')              -> login
    @app.route('/user/<username>')    -> profile

    url_for('index')                          # /
    url_for('login')                          # /login
    url_for('login', next='/')                # /login?next=/
    url_for('profile', username='John Doe')   # /user/John%20Doe

``GET /`` answers those four URLs as JSON.  ``url_for`` does three things that
are written out here: it prefixes the mount point (``SCRIPT_NAME``, so the URLs
work under ``/raw/url-building`` too), percent-encodes a path variable
(``John Doe`` -> ``John%20Doe``) and urlencodes unknown arguments into the query
(the ``/`` of ``next=/`` stays as it is, as Werkzeug leaves it).
``GET /login`` answers the text ``login``; ``GET /user/<username>`` answers
``User {username}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from ._plumbing import check_method, exercise, json_response, not_found, path_info, text

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment


def url_for(environ: WSGIEnvironment, path: str, **args: str) -> str:
    """The mount point + ``path`` + the arguments as a query string."""
    prefix = environ.get("SCRIPT_NAME", "").encode("latin-1")  # PEP 3333: latin-1
    url = quote(prefix, safe="/!$&'()*+,;=:@") + path
    if args:
        url += "?" + urlencode(args, safe="!$'()*,/:;?@")  # Werkzeug's safe characters
    return url


def segment(value: str) -> str:
    """One path segment, percent-encoded: what the string converter's ``to_url`` does."""
    return quote(value, safe="!$&'()*+,;=:@")


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    if path == "/":
        check_method(environ, "GET")
        return json_response(
            start_response,
            {
                "index": url_for(environ, "/"),
                "login": url_for(environ, "/login"),
                "login_next": url_for(environ, "/login", next="/"),
                "profile": url_for(environ, "/user/" + segment("John Doe")),
            },
        )
    if path == "/login":
        check_method(environ, "GET")
        return text(start_response, "login")
    name = path.removeprefix("/user/")
    if name != path and name and "/" not in name:
        check_method(environ, "GET")
        return text(start_response, f"User {name}")
    raise not_found(path)
