"""wsgi_environ (seed 000, Test #11): the bare WSGI callable, and where its log goes.

The seed's ``wsgi1.py``::

    def application(environ, start_response):
        print(environ['REQUEST_METHOD'])
        print(environ['PATH_INFO'])
        start_response('200 OK', [('Content-Type', 'text/html')])
        return [b'Hello World wsgi1']

Every method and every path gets the page, so there is nothing to route: this
is a plain WSGI callable, and wsgikit's pieces work without a router.
``Request.path`` re-decodes ``PATH_INFO`` as UTF-8 (a ``BadRequest``, itself a
WSGI app, when it is not), the line goes to ``wsgi.errors`` (not ``print``: see
the raw form), and ``html_response`` adds the charset, Content-Length and an
empty body for ``HEAD``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/wsgi_environ.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from typing import TYPE_CHECKING

from wsgikit import BadRequest, Request, html_response

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

BODY = "Hello World wsgi1"


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    request = Request(environ)
    try:
        line = f"{request.method} {request.path}\n"
    except BadRequest as error:  # a path that is not UTF-8
        return error(environ, start_response)
    errors = environ["wsgi.errors"]
    errors.write(line)
    errors.flush()  # PEP 3333: the stream may be buffered (under uWSGI it is); flush to see it
    return html_response(BODY)(environ, start_response)


if __name__ == "__main__":
    # python examples/kit/wsgi_environ.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
