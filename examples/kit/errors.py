"""errors (seeds 003, 004): abort, a custom 404, and a 500 that leaks nothing.

The Flask original::

    @app.route('/private')
    def private():
        abort(401)

    @app.errorhandler(404)
    def page_not_found(error):
        app.logger.warning(error)
        return '<h1>404 Error</h1>', 404

    @app.route('/boom')
    def boom():
        raise RuntimeError('...')      # Flask: log the traceback, send a bare 500

What the raw form's loop does by hand, the router does: an ``HTTPError``
raised in a handler (``Unauthorized`` here, with the ``WWW-Authenticate`` RFC
9110 requires; Bearer, so that no browser asks for a password) is the response;
``@router.error_handler(404)`` serves every unknown path, logged at WARNING
(logger ``examples.errors``, the path as a literal so that ``%0A`` cannot forge
a line); an exception escaping a handler has its traceback written to
``wsgi.errors`` and the client gets ``@router.error_handler(500)``'s bare text.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/errors.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import logging

from wsgikit import Request, Response, Router, Unauthorized, handler, html_response

logger = logging.getLogger("examples.errors")

router = Router()


@router.route("/")
@handler
def index(request: Request) -> str:
    prefix = request.script_name  # url_for reads it too
    return (
        f"GET {prefix}/private -> 401 (abort)\n"
        f"GET {prefix}/boom -> 500 (the handler raises; the traceback is logged, not sent)\n"
        f"GET {prefix}/<anything else> -> 404 (the custom handler, logged at WARNING)\n"
    )


@router.route("/private")
@handler
def private(request: Request) -> str:
    raise Unauthorized("this page is private", www_authenticate='Bearer realm="private"')


@router.route("/boom")
@handler
def boom(request: Request) -> str:
    raise RuntimeError("the database password is hunter2")  # must never reach the client


@router.error_handler(404)
@handler
def page_not_found(request: Request) -> Response:
    logger.warning("404 Not Found: %r", request.path)
    return html_response("<h1>404 Error</h1>", 404)


@router.error_handler(500)
@handler
def internal_error(request: Request) -> tuple[str, int]:
    return "500 Internal Server Error", 500  # the router has logged the traceback


application = router


if __name__ == "__main__":
    # python examples/kit/errors.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
