"""url_building (seed 001, URL 생성): ``url_for`` by hand, with ``SCRIPT_NAME``.

The Flask original::

    @app.route('/')                   -> index
    @app.route('/login')              -> login
    @app.route('/user/<username>')    -> profile

    url_for('index')                          # /
    url_for('login')                          # /login
    url_for('login', next='/')                # /login?next=/
    url_for('profile', username='John Doe')   # /user/John%20Doe

``GET /`` answers those four URLs as JSON; ``GET /login`` answers the text
``login``; ``GET /user/<username>`` answers ``User {username}``.

What to notice: a URL built inside an app must start with the app's mount point,
``SCRIPT_NAME`` (``/raw/url-building`` in the gallery, ``''`` at its own root),
or its links break once it is mounted.  A path variable is percent-encoded
(``John Doe`` -> ``John%20Doe``), and extra arguments become the query (the
``/`` of ``next=/`` stays as it is, as Werkzeug leaves it).  ``utf8_path``,
``method_check`` and ``root_redirect`` are what hello wrote out; ``json_or_text``
is json-info's switch.

What Flask does for you: ``url_for`` does those three steps from the endpoint's
name, so no URL is written twice.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/url_building.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from ._plumbing import json_or_text, method_check, root_redirect, utf8_path

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


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], dict[str, Any] | str]:
    """The status line, the extra headers, and a dict (JSON) or a str (text)."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            return redirect
    name = path.removeprefix("/user/")
    value: dict[str, Any] | str
    if path == "/":
        value = {
            "index": url_for(environ, "/"),
            "login": url_for(environ, "/login"),
            "login_next": url_for(environ, "/login", next="/"),
            "profile": url_for(environ, "/user/" + segment("John Doe")),
        }
    elif path == "/login":
        value = "login"
    elif path.startswith("/user/") and name and "/" not in name:
        value = f"User {name}"
    else:
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        return refusal
    return "200 OK", [], value


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, value = answer(environ)
    content_type, body = json_or_text(value)
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/url_building.py [--host H] [--port P]: wsgiref, the standard library's
    # server, serves this application on 127.0.0.1:29130, the seed's port.  The seed's host
    # 0.0.0.0 would expose this development server to every machine on the network.
    import argparse
    from contextlib import suppress
    from wsgiref.simple_server import make_server

    parser = argparse.ArgumentParser(description="Serve this exercise with wsgiref.")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=29130, help="port (default: %(default)s)")
    args = parser.parse_args()
    with make_server(args.host, args.port, application) as server, suppress(KeyboardInterrupt):
        print(f"Serving on http://{args.host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()
