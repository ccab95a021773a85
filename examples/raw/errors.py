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

What to notice: three of the chores of Flask's ``wsgi_app``, done by hand in
``answer``:

- ``abort(401)`` raises an exception that *is* an answer (``Abort`` here); the
  ``except Abort`` around the view sends it.  401 comes with ``WWW-Authenticate:
  Bearer realm="private"``: RFC 9110 requires the header on every 401 (Flask's
  bare ``abort(401)`` leaves it out); Bearer, so that no browser pops up a
  password dialog for a page that has no password.
- An unknown path goes to the custom 404 handler: exactly ``<h1>404 Error</h1>``
  as ``text/html; charset=utf-8``, and a WARNING through ``logging`` (logger
  ``examples.errors``), ``404 Not Found: '/path'``: the path as a Python
  literal, so that a ``%0A`` in a URL cannot forge a log line.
- A view that raises anything else: the ``except Exception`` around the view
  answers ``500 Internal Server Error`` as ``text/plain; charset=utf-8`` and
  nothing else, never the exception's text (it may hold secrets, paths, SQL);
  the traceback goes to ``environ['wsgi.errors']``, the server's error log
  (where Flask's default log handler writes it too).

``GET /`` lists the routes as plain text, with the mount point's prefix.
``utf8_path``, ``method_check`` and ``root_redirect`` are what hello wrote out.

What Flask does for you: ``abort`` and ``HTTPException``, ``@app.errorhandler``,
and ``handle_exception``, which logs the traceback and sends the bare 500.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/errors.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import logging
import traceback
from typing import TYPE_CHECKING

from ._plumbing import method_check, root_redirect, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

    # the status line, the extra headers, the content type and the text
    Answer = tuple[str, list[tuple[str, str]], str, str]

logger = logging.getLogger("examples.errors")

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
NOT_FOUND_PAGE = "<h1>404 Error</h1>"
SERVER_ERROR = "500 Internal Server Error"


class Abort(Exception):
    """What ``abort(401)`` raises in Flask: not a failure, an answer to send."""

    def __init__(self, status: str, text: str, headers: list[tuple[str, str]]) -> None:
        super().__init__(status)
        self.status = status
        self.text = text
        self.headers = headers


def index(environ: WSGIEnvironment) -> Answer:
    # url_for() would build these from SCRIPT_NAME; so does this.
    prefix = environ.get("SCRIPT_NAME", "").encode("latin-1").decode("utf-8", "replace")
    routes = (
        f"GET {prefix}/private -> 401 (abort)\n"
        f"GET {prefix}/boom -> 500 (the handler raises; the traceback is logged, not sent)\n"
        f"GET {prefix}/<anything else> -> 404 (the custom handler, logged at WARNING)\n"
    )
    return "200 OK", [], TEXT, routes


def private(environ: WSGIEnvironment) -> Answer:
    # abort(401): raise, and let the except Abort in answer() send it.
    challenge = ("WWW-Authenticate", 'Bearer realm="private"')
    raise Abort("401 Unauthorized", "This page is private.", [challenge])


def boom(environ: WSGIEnvironment) -> Answer:
    raise RuntimeError("the database password is hunter2")  # must never reach the client


def page_not_found(path: str) -> Answer:
    """``@app.errorhandler(404)``: our own page instead of the default one."""
    logger.warning("404 Not Found: %r", path)
    return "404 Not Found", [], HTML, NOT_FOUND_PAGE


def internal_error(environ: WSGIEnvironment, path: str) -> Answer:
    """Flask's ``handle_exception``: log the traceback for the operator, say nothing more.

    Called from an ``except`` block, so ``format_exc()`` is the exception being
    handled.  No ``exc_info`` goes to ``start_response``: PEP 3333 needs it only
    when headers may already be out (then the server must re-raise), and the
    view raised before ``start_response`` was called.
    """
    errors = environ["wsgi.errors"]
    errors.write(f"Exception on {path!r}:\n{traceback.format_exc()}")
    errors.flush()  # the stream may be buffered (it is under uWSGI): PEP 3333 says flush
    return "500 Internal Server Error", [], TEXT, SERVER_ERROR


ROUTES = {"/": index, "/private": private, "/boom": boom}


def answer(environ: WSGIEnvironment) -> Answer:
    """Route, call the view, and turn what it raises into an answer: Flask's ``wsgi_app``."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], TEXT, "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            status, location, text = redirect
            return status, location, TEXT, text
    view = ROUTES.get(path)
    if view is None:
        return page_not_found(path)
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        status, allow, text = refusal
        return status, allow, TEXT, text
    try:
        return view(environ)
    except Abort as abort:  # abort(): an answer, not an error
        return abort.status, abort.headers, TEXT, abort.text
    except Exception:  # anything else is the server's fault: a 500 that says nothing more
        return internal_error(environ, path)


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, content_type, text = answer(environ)
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/errors.py [--host H] [--port P]: wsgiref, the standard library's
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
