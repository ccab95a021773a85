"""hooks (seed 003): before-request, after-request and a first-request hook.

The seed's app::

    @app.before_first_request                   # removed in Flask 2.3
    def before_first_request(): print("flast 실행 후 첫 request")

    @app.before_request
    def before_request(): print("HTTP request를 받음")

    @app.after_request
    def after_request(response): return response  # "HTTP request에 대한 처리가 끝남"

Compared with ``examples/raw/hooks.py``, which wraps the app in WSGI middleware
(and ``start_response`` in a closure) to get the same moments, Flask does for
you: ``@app.before_request`` runs before every view, ``@app.after_request``
gets every response object, the router's 404 and 405 and the automatic OPTIONS
answer included, and may edit its headers; ``g`` carries the start time from
one to the other, one ``g`` per request.  The hooks print the seed's lines,
flushed so that they reach a server's log at once.  The after hook adds
``Server-Timing: app;dur=<ms>`` (three decimals) to every response.

Flask 2.3 removed ``before_first_request``: "first request" was racy under
threads, and setup that waits for a request makes that request slow and its
failure confusing.  The replacement Flask documents is to do the setup where the
app is made, in the factory: ``make_app()`` below, inside
``with app.app_context():`` if the setup needs the app.  Where it really must
wait for the first request, a ``before_request`` hook checks a flag under a
``threading.Lock`` (checked again inside it, so that only the first thread runs
the setup and the others wait until it is done); this twin does that, to keep
the seed's hook.  ``GET /`` answers ``{"first_request_runs": N}``, always 1.
``make_app()`` builds a fresh app with its own state on every call (the tests
build one per test); ``app = make_app()`` is the one a server imports.

Flask differs: ``Allow`` comes from a set; a path that is not UTF-8 is a 404,
timed like any other (recorded in ``tests/cases/hooks.py``).
"""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, g


class State:
    """What one app remembers: is it set up, and how often the setup ran."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ready = False
        self.first_request_runs = 0


def make_app() -> Flask:
    """The app factory: a fresh app and a fresh state on every call."""
    app = Flask(__name__)
    state = State()
    # Flask's own replacement for before_first_request is setup right here, once per
    # app and before any request: with app.app_context(): init_db(), say.  The seed's
    # hook waited for the first request, so this twin keeps that, done safely:

    @app.before_request
    def before_first_request() -> None:
        """Once per app, however many threads race for the first request."""
        if state.ready:  # the fast path, once the app is set up: no lock taken
            return
        with state.lock:
            if not state.ready:  # another thread may have done it while we waited
                state.first_request_runs += 1  # the once-per-process setup goes here
                state.ready = True

    @app.before_request
    def before_request() -> None:
        print("HTTP request를 받음", flush=True)  # the seed's line
        g.started = time.perf_counter()

    @app.after_request
    def after_request(response: Response) -> Response:
        elapsed_ms = (time.perf_counter() - g.started) * 1000
        print("HTTP request에 대한 처리가 끝남", flush=True)  # the seed's line
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.3f}"
        return response

    @app.route("/")
    def index() -> dict[str, int]:
        return {"first_request_runs": state.first_request_runs}

    return app


app = make_app()


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.hooks run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
