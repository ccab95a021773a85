"""context_locals (seed 001, context local): a global ``request`` that is each request's own.

The seed (요청 데이터 접근하기, context local) says that Flask's ``request`` is a
global object, and yet thread safe, because it stands in for the request of the
current context: the thread (or whatever unit of concurrency the server uses)
that is handling it.  In Flask, this exercise is::

    from flask import request

    @app.route('/')
    def index():
        return greeting()

    def greeting():                     # called from the view, deep in the stack:
        name = request.args.get('name', 'World')   # nobody passed it the request
        return f'Hello, {name}!'

``GET /?name=X`` answers ``Hello, X!`` (``Hello, World!`` without a name);
``GET /slow?name=X`` answers the same after 0.3 seconds, spent in ``greeting``
before it reads the name, so that two requests overlap there.

What to notice:

- ``current_environ`` is a ``contextvars.ContextVar``: it holds one value per
  context, and every thread starts with a context of its own (so does every
  asyncio task, with a copy of its creator's).  A threaded server runs each
  request in its own thread, so two requests never see each other's value.
- ``application`` is the middleware, a few lines: ``request_context`` sets the
  variable to this request's environ, the app runs, and the ``finally`` resets
  it with the token ``set`` returned, so that nothing is left over for the next
  request the same thread serves.  ``request_context(environ)`` is also what
  Flask's ``test_request_context()`` is: a request to work in, outside a server.
- ``request`` is a proxy: a tiny object whose attributes read the environ the
  variable holds *now*.  ``greeting`` is called by ``render``, called by
  ``app``; none of them is given the environ.
- Outside a request (at import time, in a shell, in a thread the app started) the
  proxy raises ``RuntimeError: working outside a request``, as Flask's raises
  ``Working outside of request context.``
- The variable is reset when ``app`` returns: a body that a generator produced
  later, while the server iterates it, would run outside the request.  Flask's
  ``wsgi_app`` pops its context at the same moment; ``stream_with_context`` is
  its way around that.

``utf8_path``, ``method_check`` and ``root_redirect`` are what hello wrote
out; ``query_args`` is request-info's ``request.args``.

What Flask does for you: it pushes a request context around every request
(since Flask 2.2 a ``ContextVar`` too, ``flask.globals._cv_request``), and
``request`` is Werkzeug's ``LocalProxy`` over it; ``test_request_context()``
pushes one by hand.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/context_locals.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from ._plumbing import method_check, query_args, root_redirect, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from wsgiref.types import StartResponse, WSGIEnvironment

TEXT = "text/plain; charset=utf-8"
DEFAULT_NAME = "World"
SLOW = 0.3  # seconds GET /slow spends in greeting() before it reads the name

current_environ: ContextVar[WSGIEnvironment] = ContextVar("current_environ")


class RequestProxy:
    """``request``: each attribute reads the environ of the request this context serves."""

    @property
    def environ(self) -> WSGIEnvironment:
        try:
            return current_environ.get()
        except LookupError:
            raise RuntimeError(
                "working outside a request: request is only set while the app serves one "
                "(or inside `with request_context(environ):`)"
            ) from None

    @property
    def args(self) -> dict[str, str]:
        """The query, ``{name: first value}``; ``app`` has refused one that is not UTF-8."""
        return query_args(self.environ) or {}


request = RequestProxy()


@contextmanager
def request_context(environ: WSGIEnvironment) -> Iterator[None]:
    """Make ``environ`` the current request while the block runs: the middleware's part."""
    token = current_environ.set(environ)
    try:
        yield
    finally:
        current_environ.reset(token)  # back to what it was: no request, in a server's thread


def greeting(pause: float) -> str:
    """Deep in the call stack, given no request: it reads the current one."""
    time.sleep(pause)  # /slow: another request may run meanwhile; its name must not leak in
    name = request.args.get("name", DEFAULT_NAME)
    return f"Hello, {name}!"


def render(pause: float) -> bytes:
    return greeting(pause).encode("utf-8")


ROUTES = {"/": 0.0, "/slow": SLOW}  # path -> the pause in greeting()


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], bytes]:
    """The status line, the extra headers and the body."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], b"The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            status, location, text = redirect
            return status, location, text.encode("utf-8")
    pause = ROUTES.get(path)
    if pause is None:
        return "404 Not Found", [], b"Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        status, allow, text = refusal
        return status, allow, text.encode("utf-8")
    if query_args(environ) is None:
        return "400 Bad Request", [], b"The query string is not valid UTF-8."
    return "200 OK", [], render(pause)  # no environ passed down


def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    """The application itself: the WSGI exchange, with ``request`` set around it."""
    status, extra, body = answer(environ)
    headers = [("Content-Type", TEXT), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    """The middleware: while ``app`` runs, this request is the current one."""
    with request_context(environ):
        return app(environ, start_response)


if __name__ == "__main__":
    # python examples/raw/context_locals.py [--host H] [--port P]: wsgiref's ThreadingMixIn
    # server (a thread per request, as the seed describes) serves this application on
    # 127.0.0.1:29130, the seed's port.  The seed's host 0.0.0.0 would expose this
    # development server to every machine on the network.
    import argparse
    from contextlib import suppress
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIServer, make_server

    class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    parser = argparse.ArgumentParser(description="Serve this exercise with wsgiref, threaded.")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=29130, help="port (default: %(default)s)")
    args = parser.parse_args()
    server = make_server(args.host, args.port, application, server_class=ThreadingWSGIServer)
    with server, suppress(KeyboardInterrupt):
        print(f"Serving on http://{args.host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()
