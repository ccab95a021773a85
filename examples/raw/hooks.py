"""hooks (seed 003): before-request, after-request and first-request hooks as WSGI middleware.

The Flask original::

    @app.before_first_request                   # removed in Flask 2.3
    def before_first_request(): print("flast 실행 후 첫 request")

    @app.before_request
    def before_request(): print("HTTP request를 받음")

    @app.after_request
    def after_request(response): return response  # "HTTP request에 대한 처리가 끝남"

What to notice: each hook is a plain function, and ``hooks`` is the middleware
that calls them around the app (``routes``), where you can see it:

- each hook prints the seed's line ("HTTP request를 받음", "HTTP request에 대한
  처리가 끝남") with ``flush=True``: standard output is the server's log under
  uWSGI and gunicorn (``capture_output``), and a buffered line would show up late;
- ``before_request`` runs before the app sees the environ; it notes the time
  in the environ, the one channel it shares with the rest of the request;
- ``after_request`` runs when the app hands over its status and headers: the
  middleware passes the app its own ``start_response``, which appends
  ``Server-Timing: app;dur=<ms>`` (milliseconds, three decimals:
  ``app;dur=0.123``) and then calls the server's.  Every response gets it, 404,
  405 and OPTIONS included, as Flask's ``after_request`` sees every response;
- ``before_first_request`` runs exactly once per process, however many threads
  race for the first request: a flag checked under a lock (checked once more
  inside it, so that only the first thread runs the hook and the others wait
  until it is done).

Flask 2.3 removed ``before_first_request``: "first request" was racy under threads,
and setup that runs lazily on a request makes that request slow and its failure
confusing.  The replacement Flask documents is to do the setup when the app is
created, in the factory (``create_app()``, inside ``with app.app_context():``).
Where it really must wait for the first request, write what this module does: a
``before_request`` that checks a flag under a ``threading.Lock``.

``make_app()`` is that factory: each call builds a fresh app with its own state
(the tests build one per test); ``application`` is the one a server imports,
with the module's own state.  ``GET /`` answers ``{"first_request_runs": N}``:
how many times the first-request hook has run in this app, which is always 1.
``utf8_path``, ``method_check`` and ``root_redirect`` are what hello wrote
out, ``json_or_text`` is json-info's switch.

What Flask does for you: ``@app.before_request`` and ``@app.after_request``
register the hooks, and ``full_dispatch_request`` calls them around the view.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/hooks.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import threading
import time
from typing import TYPE_CHECKING, Any

from ._plumbing import json_or_text, method_check, root_redirect, utf8_path

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import TracebackType
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]

STARTED = "examples.hooks.started"  # where before_request leaves the start time


class State:
    """What one app instance remembers: is it set up, and how often the setup ran."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ready = False
        self.first_request_runs = 0


# --- the hooks: the seed's three decorated functions ------------------------------


def before_first_request(state: State) -> None:
    """The once-per-process setup would go here (the seed printed a line)."""
    state.first_request_runs += 1


def before_request(environ: WSGIEnvironment) -> None:
    print("HTTP request를 받음", flush=True)  # the seed's line
    environ[STARTED] = time.perf_counter()


def after_request(
    environ: WSGIEnvironment, headers: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    elapsed_ms = (time.perf_counter() - environ[STARTED]) * 1000
    print("HTTP request에 대한 처리가 끝남", flush=True)  # the seed's line
    return [*headers, ("Server-Timing", f"app;dur={elapsed_ms:.3f}")]


def once(state: State) -> None:
    """Run ``before_first_request`` once, whatever the number of threads."""
    if state.ready:  # the fast path, once the app is set up: no lock taken
        return
    with state.lock:
        if not state.ready:  # another thread may have done it while we waited
            before_first_request(state)
            state.ready = True


# --- the app, and the middleware around it -----------------------------------------


def answer(
    state: State, environ: WSGIEnvironment
) -> tuple[str, list[tuple[str, str]], dict[str, Any] | str]:
    """The status line, the extra headers, and a dict (JSON) or a str (text)."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            return redirect
    if path != "/":
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        return refusal
    return "200 OK", [], {"first_request_runs": state.first_request_runs}


def routes(
    state: State, environ: WSGIEnvironment, start_response: StartResponse
) -> Iterable[bytes]:
    """The app inside the hooks: it knows nothing of them."""
    status, extra, value = answer(state, environ)
    content_type, body = json_or_text(value)
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


def hooks(state: State, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    """The middleware: Flask's ``full_dispatch_request``, the hooks around the app."""
    once(state)
    before_request(environ)

    def start_response_after_request(
        status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
    ) -> Callable[[bytes], object]:
        # The app hands over its status and headers here: the after hook's moment.
        return start_response(status, after_request(environ, headers), exc_info)

    return routes(state, environ, start_response_after_request)


def make_app() -> WSGIApplication:
    """The app factory: a fresh app and a fresh state on every call."""
    state = State()

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        return hooks(state, environ, start_response)

    return app


STATE = State()  # what application, the app a server imports, remembers


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    return hooks(STATE, environ, start_response)


if __name__ == "__main__":
    # python examples/raw/hooks.py [--host H] [--port P]: wsgiref, the standard library's
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
