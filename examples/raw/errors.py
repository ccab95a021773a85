"""errors (seeds 003, 004): abort, a custom 404, and a 500 that leaks nothing.

The Flask original::

    @app.route('/private')
    def private():
        abort(401)

    @app.errorhandler(404)
    def page_not_found(error):
        app.logger.error(error)        # WARNING here: a wrong URL is the client's mistake
        return '<h1>404 Error</h1>', 404

    @app.route('/boom')
    def boom():
        raise RuntimeError('...')      # Flask: log the traceback, send a bare 500

Three of the chores of Flask's ``wsgi_app``, done by hand:

- ``abort(401)`` raises an exception that *is* a response (``HTTPProblem`` here);
  the router's loop sends it.  401 comes with ``WWW-Authenticate: Bearer
  realm="private"``: RFC 9110 requires the header on every 401 (Flask's bare
  ``abort(401)`` leaves it out); Bearer, so that no browser pops up a password
  dialog for a page that has no password.
- An unknown path goes to the custom 404 handler: exactly ``<h1>404 Error</h1>``
  as ``text/html; charset=utf-8``, and a WARNING through ``logging`` (logger
  ``examples.errors``), ``404 Not Found: '/path'``: the path as a Python
  literal, so that a ``%0A`` in a URL cannot forge a log line.
- A handler that raises: the client gets ``500 Internal Server Error`` as
  ``text/plain; charset=utf-8`` and nothing else, never the exception's text (it
  may hold secrets, paths, SQL); the traceback goes to ``environ['wsgi.errors']``,
  the server's error log (where Flask's default log handler writes it too).

``GET /`` lists the routes as plain text, with the mount point's prefix.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

from ._plumbing import Answer, HTTPProblem, check_method, exercise, html, path_info, text

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

logger = logging.getLogger("examples.errors")

NOT_FOUND_PAGE = "<h1>404 Error</h1>"
SERVER_ERROR = "500 Internal Server Error"


def index(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    # url_for() would build these from SCRIPT_NAME; so does this.
    prefix = environ.get("SCRIPT_NAME", "").encode("latin-1").decode("utf-8", "replace")
    return text(
        start_response,
        f"GET {prefix}/private -> 401 (abort)\n"
        f"GET {prefix}/boom -> 500 (the handler raises; the traceback is logged, not sent)\n"
        f"GET {prefix}/<anything else> -> 404 (the custom handler, logged at WARNING)\n",
    )


def private(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    # abort(401): raise, and let the loop in @exercise send the answer.
    raise HTTPProblem(401, "this page is private", [("WWW-Authenticate", 'Bearer realm="private"')])


def boom(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    raise RuntimeError("the database password is hunter2")  # must never reach the client


def page_not_found(
    environ: WSGIEnvironment, start_response: StartResponse, path: str
) -> Iterable[bytes]:
    """``@app.errorhandler(404)``: our own page instead of the default one."""
    logger.warning("404 Not Found: %r", path)
    return html(start_response, NOT_FOUND_PAGE, 404)


def internal_error(
    environ: WSGIEnvironment, start_response: StartResponse, path: str
) -> Iterable[bytes]:
    """Flask's ``handle_exception``: log the traceback for the operator, say nothing more.

    Called from an ``except`` block, so ``format_exc()`` is the exception being
    handled.  No ``exc_info`` goes to ``start_response``: PEP 3333 needs it only
    when headers may already be out (then the server must re-raise), and the
    handler raised before ``start_response`` was called.
    """
    errors = environ["wsgi.errors"]
    errors.write(f"Exception on {path!r}:\n{traceback.format_exc()}")
    errors.flush()  # the stream may be buffered (it is under uWSGI): PEP 3333 says flush
    return text(start_response, SERVER_ERROR, 500)


ROUTES = {"/": index, "/private": private, "/boom": boom}


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    handler = ROUTES.get(path)
    if handler is None:
        return page_not_found(environ, start_response, path)
    check_method(environ, "GET")
    try:
        return handler(environ, start_response)
    except Answer:  # abort() and friends: a response, not an error
        raise
    except Exception:  # what Flask turns into InternalServerError
        return internal_error(environ, start_response, path)
