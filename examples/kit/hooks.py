"""hooks (seed 003): before-request, after-request and first-request hooks as WSGI middleware.

The Flask original::

    @app.before_first_request                   # removed in Flask 2.3
    def before_first_request(): print("flast 실행 후 첫 request")

    @app.before_request
    def before_request(): print("HTTP request를 받음")

    @app.after_request
    def after_request(response): return response  # "HTTP request에 대한 처리가 끝남"

The before and after hooks print the seed's lines, flushed (see the raw form).
Each hook is a small middleware class around the router, as wsgikit's own
middleware is written: ``BeforeRequest`` notes the time in the environ,
``AfterRequest`` wraps ``start_response`` to add ``Server-Timing: app;dur=<ms>``
to every response (the router's 404, 405 and OPTIONS included), and
``FirstRequest`` runs a setup function exactly once per app, however many
threads race for the first request (a flag checked again under a lock).
Flask 2.3 removed ``before_first_request``; its documented replacement is setup
in the app factory, which ``make_app()`` is: see the raw form for why.
``GET /`` answers ``{"first_request_runs": N}``, always 1.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/hooks.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import threading
import time
from typing import TYPE_CHECKING

from wsgikit import Request, Router, handler

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import TracebackType
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]

STARTED = "examples.hooks.started"  # where the before hook leaves the start time


class BeforeRequest:
    """``before_request``: note when the request arrived."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        print("HTTP request를 받음", flush=True)  # the seed's line
        environ[STARTED] = time.perf_counter()
        return self.app(environ, start_response)


class AfterRequest:
    """``after_request``: add ``Server-Timing`` as the app hands over its headers."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def after_request(
            status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
        ) -> Callable[[bytes], object]:
            elapsed_ms = (time.perf_counter() - environ[STARTED]) * 1000
            print("HTTP request에 대한 처리가 끝남", flush=True)  # the seed's line
            headers = [*headers, ("Server-Timing", f"app;dur={elapsed_ms:.3f}")]
            return start_response(status, headers, exc_info)

        return self.app(environ, after_request)


class FirstRequest:
    """``before_first_request``, done right: ``setup()`` once, whatever the threads."""

    def __init__(self, app: WSGIApplication, setup: Callable[[], None]) -> None:
        self.app = app
        self.setup = setup
        self.lock = threading.Lock()
        self.ready = False

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not self.ready:  # once set up, no lock is taken
            with self.lock:
                if not self.ready:  # another thread may have done it while we waited
                    self.setup()
                    self.ready = True
        return self.app(environ, start_response)


def make_app() -> WSGIApplication:
    """The app factory: a fresh router and fresh hooks on every call."""
    runs = 0

    def first_request() -> None:  # the once-per-process setup would go here
        nonlocal runs
        runs += 1

    router = Router()

    @router.route("/")
    @handler
    def index(request: Request) -> dict[str, int]:
        return {"first_request_runs": runs}

    return FirstRequest(BeforeRequest(AfterRequest(router)), first_request)


application = make_app()


if __name__ == "__main__":
    # python examples/kit/hooks.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
