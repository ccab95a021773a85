"""slashes (seed 001, URL과 redirection): a trailing slash is part of the URL.

The Flask original::

    @app.route('/projects/')   -> 'The project page'
    @app.route('/about')       -> 'The about page'

Werkzeug's router redirects ``/projects`` to the canonical ``/projects/`` with a
308 (which keeps the method and body), and answers ``/about/`` with a 404.
Here the redirect is written out: the ``Location`` keeps the mount point
(``SCRIPT_NAME``) and the query string.  It is root-relative
(``/raw/slashes/projects/?x=1``); Flask sends an absolute URL built from the
Host header (``http://localhost/raw/slashes/projects/?x=1``): both are valid.
The redirect answers every method, as a 308 should.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from ._plumbing import check_method, exercise, not_found, path_info, respond, text

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


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ)  # UTF-8, or a 400: Werkzeug does this decoding for Flask
    if path in PAGES:
        check_method(environ, "GET")
        return text(start_response, PAGES[path])
    if path + "/" in PAGES:
        # strict_slashes: Werkzeug raises RequestRedirect, Flask turns it into a 308.
        location = mount_url(environ, path + "/")
        query = environ.get("QUERY_STRING", "")
        if query:
            # Passed on as it came; bytes a header cannot carry are percent-encoded.
            location += "?" + quote(query.encode("latin-1"), safe="%!$&'()*+,/:;=?@")
        body = f"Redirecting to {location}\n"
        return respond(
            start_response, 308, body, "text/plain; charset=utf-8", [("Location", location)]
        )
    raise not_found(path)
