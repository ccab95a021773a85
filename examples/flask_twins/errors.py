"""errors (seeds 003, 004): abort, a custom 404, and a 500 that leaks nothing.

The seeds' app::

    @app.route('/login')
    def login():
        abort(401)
        this_is_never_executed()

    @app.errorhandler(404)
    def page_not_found(error):
        app.logger.error(error)
        return "<h1>404 Error</h1>", 404

Compared with ``examples/raw/errors.py``, Flask does for you: ``abort(401)``
raises an ``HTTPException``, which *is* a response, and the view stops there;
``@app.errorhandler(404)`` catches the router's ``NotFound`` for any unknown
path; a view that raises anything else becomes ``InternalServerError``: Flask
logs the traceback (``app.logger.error`` with ``exc_info``) and, outside debug
mode, sends a generic page, never the exception's text.  RFC 9110 requires
``WWW-Authenticate`` on every 401, so ``abort`` is given one (Bearer, so that no
browser pops up a password dialog).  The 404 is logged at WARNING on the logger
``examples.errors`` that every form shares, the path as a Python literal, so
that a ``%0A`` in a URL cannot forge a log line.

Flask differs: the 401's realm goes out unquoted (``Bearer realm=private``, where
RFC 9110 says a sender quotes it); the 500 is Werkzeug's HTML page; ``Allow``
comes from a set; a path that is not UTF-8 gets the custom 404 (recorded in
``tests/cases/errors.py``).

"Leaks nothing" holds with debug mode off only: under ``flask run --debug`` Flask
lets ``/boom``'s exception out and Werkzeug's debugger sends its HTML traceback
page, ``hunter2`` included, to whoever asked, from any address
(``tests/test_ex_debug.py``; the ``debug`` exercise explains it).
"""

from __future__ import annotations

import logging
from typing import NoReturn

from flask import Flask, Response, abort, request, url_for
from flask.logging import default_handler
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import NotFound

app = Flask(__name__)
# Flask adds its handler (to the request's wsgi.errors) only where logging has none
# of its own; added here, the traceback of a 500 goes to the server's error log always.
app.logger.addHandler(default_handler)

logger = logging.getLogger("examples.errors")


@app.route("/")
def index() -> Response:
    prefix = request.script_root  # the mount point, as url_for() puts it in front
    return Response(
        f"GET {url_for('private')} -> 401 (abort)\n"
        f"GET {url_for('boom')} -> 500 (the handler raises; the traceback is logged, not sent)\n"
        f"GET {prefix}/<anything else> -> 404 (the custom handler, logged at WARNING)\n",
        mimetype="text/plain",
    )


@app.route("/private")
def private() -> NoReturn:
    abort(401, www_authenticate=WWWAuthenticate("Bearer", {"realm": "private"}))


@app.route("/boom")
def boom() -> NoReturn:
    raise RuntimeError("the database password is hunter2")  # must never reach the client


@app.errorhandler(404)
def page_not_found(error: NotFound) -> tuple[str, int]:
    logger.warning("404 Not Found: %r", request.path)
    return "<h1>404 Error</h1>", 404


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.errors run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
