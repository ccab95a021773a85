"""errors (seeds 003, 004): abort, a custom 404, and a 500 that leaks nothing.

The seeds' app: ``abort(401)`` in a view, ``@app.errorhandler(404)`` with its own
page, and a view that raises.  Compared with ``examples/raw/errors.py``, Flask
does for you:

- ``abort(401)`` raises an ``HTTPException``, which *is* a response, and Flask
  sends it; the view's code simply stops there;
- ``@app.errorhandler(404)`` catches the router's ``NotFound`` for any unknown
  path (HEAD gets the page's headers without the body);
- a view that raises anything else becomes ``InternalServerError``: Flask logs the
  traceback (``app.logger.error`` with ``exc_info``) and, outside debug mode, sends
  the client a generic page, never the exception's text; ``@app.errorhandler`` for
  ``InternalServerError`` (500) chooses that page: the raw form's plain text.

Bent where Flask's defaults miss the contract:

- ``abort(401)`` alone sends no ``WWW-Authenticate``, which RFC 9110 requires on
  every 401, and ``abort(401, www_authenticate=WWWAuthenticate(...))`` would write
  ``realm=private``, where RFC 9110 says a sender MUST quote the realm.  So a 401
  handler sets the header as text: ``Bearer realm="private"`` (Bearer, so that no
  browser pops up a password dialog for a page that has no password);
- the 404 is logged at WARNING on the logger ``examples.errors`` shared by every
  form (``app.logger`` is named after this module), the path as a Python literal,
  so that a ``%0A`` in a URL cannot forge a log line;
- Flask's log handler writes to ``wsgi.errors`` only when nothing else is set up
  to handle the message: when logging is configured (under pytest, say) the
  traceback would go there instead of to the server's error stream.  Adding
  ``flask.logging.default_handler`` to ``app.logger`` makes it go to ``wsgi.errors``
  always (as well as wherever logging sends it).
"""

from __future__ import annotations

import logging
from typing import NoReturn

from flask import Response, abort, request, url_for
from flask.logging import default_handler
from werkzeug.exceptions import InternalServerError, NotFound, Unauthorized
from werkzeug.wrappers import Response as WerkzeugResponse

from ._common import make_app

app = make_app(__name__)
# Flask's handler, StreamHandler(wsgi_errors_stream): the traceback of a 500 goes
# to the request's wsgi.errors even where logging has handlers of its own.
app.logger.addHandler(default_handler)

logger = logging.getLogger("examples.errors")

NOT_FOUND_PAGE = "<h1>404 Error</h1>"
SERVER_ERROR = "500 Internal Server Error"


@app.route("/")
def index() -> Response:
    # url_for() builds the links under the mount point (SCRIPT_NAME).
    prefix = request.script_root
    return Response(
        f"GET {url_for('private')} -> 401 (abort)\n"
        f"GET {url_for('boom')} -> 500 (the handler raises; the traceback is logged, not sent)\n"
        f"GET {prefix}/<anything else> -> 404 (the custom handler, logged at WARNING)\n",
        mimetype="text/plain",
    )


@app.route("/private")
def private() -> NoReturn:
    abort(401)


@app.errorhandler(401)
def unauthorized(error: Unauthorized) -> WerkzeugResponse:
    response = error.get_response()  # Werkzeug's page, as abort(401) sends it
    response.headers["WWW-Authenticate"] = 'Bearer realm="private"'
    return response


@app.route("/boom")
def boom() -> NoReturn:
    raise RuntimeError("the database password is hunter2")  # must never reach the client


@app.errorhandler(404)
def page_not_found(error: NotFound) -> tuple[str, int]:
    logger.warning("404 Not Found: %r", request.path)
    return NOT_FOUND_PAGE, 404  # a str: text/html, as the seed sent it


@app.errorhandler(InternalServerError)
def internal_error(error: InternalServerError) -> Response:
    # Flask has logged the traceback (app.logger.error with exc_info) before calling this.
    return Response(SERVER_ERROR, 500, mimetype="text/plain")
