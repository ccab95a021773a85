"""hello (seed 000, Test #1-#2): three routes, one of them open to POST.

The Flask original::

    @app.route('/')                               -> 'Hello, World!'
    @app.route('/bad', methods=['GET', 'POST'])   -> 'Bad World!'
    @app.route('/good')                           -> 'Good World!'

Here the routing table is a dict, and the method check is written out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import check_method, exercise, not_found, path_info, text

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

# path -> (allowed methods, body).  Flask builds this table from @app.route.
ROUTES = {
    "/": (("GET",), "Hello, World!"),
    "/bad": (("GET", "POST"), "Bad World!"),
    "/good": (("GET",), "Good World!"),
}


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    if path not in ROUTES:
        raise not_found(path)
    methods, body = ROUTES[path]
    check_method(environ, *methods)  # 405 + Allow, or 200 + Allow for OPTIONS
    return text(start_response, body)
