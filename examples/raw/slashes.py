"""slashes (seed 001, URL과 redirection): a trailing slash is part of the URL.

The Flask original::

    @app.route('/projects/')   -> 'The project page'
    @app.route('/about')       -> 'The about page'

What to notice: ``/projects`` and ``/projects/`` are two URLs.  The one without
the slash is redirected with a 308 (which, unlike 301, keeps the method and the
body), for the methods ``/projects/`` answers; for any other (a POST, say) the
308 would only lead to a 405, so ``/projects`` is a 404, as in Flask.
``/about/`` is simply a 404.  The
``Location`` must keep the mount point (``SCRIPT_NAME``) and the query string,
percent-encoded where a header could not carry the bytes.  It is root-relative
(``/raw/slashes/projects/?x=1``); Flask sends an absolute URL built from the
Host header (``http://localhost/raw/slashes/projects/?x=1``): both are valid.
``utf8_path`` and ``method_check`` are what hello wrote out.

What Flask does for you: with ``strict_slashes`` (the default) Werkzeug's
router raises ``RequestRedirect`` for ``/projects``, and Flask turns it into the
308 with its ``Location``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/slashes.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

from typing import TYPE_CHECKING
from urllib.parse import quote

from ._plumbing import method_check, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

PAGES = {
    "/projects/": "The project page",
    "/about": "The about page",
}


def mount_url(environ: WSGIEnvironment, path: str) -> str:
    """``path`` under the exercise's mount point, percent-encoded for a header."""
    prefix = environ.get("SCRIPT_NAME", "").encode("latin-1")
    return quote(prefix, safe="/!$&'()*+,;=:@") + path


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the text for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if path in PAGES:
        refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
        if refusal is not None:
            return refusal
        return "200 OK", [], PAGES[path]
    if path + "/" in PAGES and environ["REQUEST_METHOD"] in ("GET", "HEAD", "OPTIONS"):
        location = mount_url(environ, path + "/")
        query = environ.get("QUERY_STRING", "")
        if query:
            # Passed on as it came; bytes a header cannot carry are percent-encoded.
            location += "?" + quote(query.encode("latin-1"), safe="%!$&'()*+,/:;=?@")
        return "308 Permanent Redirect", [("Location", location)], f"Redirecting to {location}\n"
    return "404 Not Found", [], "Nothing is served at this path."


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, text = answer(environ)
    body = text.encode("utf-8")
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *extra,
    ]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/slashes.py [--host H] [--port P]: wsgiref, the standard library's
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
