"""hooks (seed 003): before-request, after-request and first-request hooks as WSGI middleware.

The Flask original::

    @app.before_first_request                   # removed in Flask 2.3
    def before_first_request(): print("flast 실행 후 첫 request")

    @app.before_request
    def before_request(): print("HTTP request를 받음")

    @app.after_request
    def after_request(response): return response  # "HTTP request에 대한 처리가 끝남"

Each hook is plain WSGI middleware here, a callable wrapped around the app:

- the *before* hook runs before the app sees the environ; it notes the time;
- the *after* hook wraps ``start_response``, the moment the app hands over its
  status and headers, and appends ``Server-Timing: app;dur=<ms>`` (milliseconds,
  three decimals: ``app;dur=0.123``) to every response, 404, 405 and OPTIONS
  included, as Flask's ``after_request`` sees every response;
- the *first-request* hook runs exactly once per process, however many threads
  race for the first request: a flag checked under a lock (checked once more
  inside it, so that only the first thread runs the hook and the others wait until
  it is done).

Flask 2.3 removed ``before_first_request``: "first request" was racy under threads,
and setup that runs lazily on a request makes that request slow and its failure
confusing.  The replacement Flask documents is to do the setup when the app is
created, in the factory (``create_app()``, inside ``with app.app_context():``).
Where it really must wait for the first request, write what this module does: a
``before_request`` that checks a flag under a ``threading.Lock``.

``make_app()`` is that factory: each call builds a fresh app with its own state
(the tests build one per test); ``application = make_app()`` is the one a server
imports.  ``GET /`` answers ``{"first_request_runs": N}``: how many times the
first-request hook has run in this app, which is always 1.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from ._plumbing import check_method, exercise, json_response, not_found, path_info

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import TracebackType
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]

STARTED = "examples.hooks.started"  # where the before hook leaves the start time


class State:
    """What one app instance remembers: is it set up, and how often the setup ran."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ready = False
        self.first_request_runs = 0


def first_request(state: State) -> None:
    """The body of the first-request hook: the once-per-process setup would go here."""
    state.first_request_runs += 1


def once(state: State) -> None:
    """Run the first-request hook once, whatever the number of threads."""
    if state.ready:  # the fast path, once the app is set up: no lock taken
        return
    with state.lock:
        if not state.ready:  # another thread may have done it while we waited
            first_request(state)
            state.ready = True


def with_hooks(app: WSGIApplication, state: State) -> WSGIApplication:
    """Flask's ``full_dispatch_request``: hooks before, the view, hooks after."""

    def middleware(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        once(state)  # before_first_request
        environ[STARTED] = time.perf_counter()  # before_request

        def after_request(
            status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
        ) -> Callable[[bytes], object]:
            elapsed_ms = (time.perf_counter() - environ[STARTED]) * 1000
            headers = [*headers, ("Server-Timing", f"app;dur={elapsed_ms:.3f}")]
            return start_response(status, headers, exc_info)

        return app(environ, after_request)

    return middleware


def make_app() -> WSGIApplication:
    """The app factory: a fresh app and a fresh state on every call."""
    state = State()

    @exercise
    def routes(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
        if path != "/":
            raise not_found(path)
        check_method(environ, "GET")
        return json_response(start_response, {"first_request_runs": state.first_request_runs})

    return with_hooks(routes, state)


application = make_app()
