"""context_locals (seed 001, context local): Flask's global ``request``, each request's own.

The seed (요청 데이터 접근하기, context local): ``request`` is a global object,
and yet thread safe, because it is a proxy for the request of the current
context, the thread (or other unit of concurrency) handling it.  Here the view
calls ``render()``, which calls ``greeting()``, which reads ``request.args``:
nobody passes the request down.  ``GET /?name=X`` answers ``Hello, X!``
(``Hello, World!`` without a name); ``GET /slow?name=X`` the same after 0.3
seconds spent in ``greeting`` before it reads the name.

Compared with ``examples/raw/context_locals.py``, which sets a ``ContextVar``
in a few lines of middleware and reads it through a small proxy class, Flask
does for you: ``wsgi_app`` pushes a request context around every request and
pops it afterwards (since Flask 2.2 it is a ``ContextVar`` too), and
``flask.request`` is Werkzeug's ``LocalProxy`` over it.  Outside a request it
raises ``RuntimeError: Working outside of request context.``;
``app.test_request_context()`` pushes a context by hand, for a shell, a test or
``url_for`` (``context_locals_script.py`` beside this file runs the seed's).

Flask differs: a returned ``str`` is ``text/html``, so the name is escaped (as
Flask's quickstart does); ``Allow`` comes from a set; a query that is not UTF-8
reaches the view percent-encoded, and a path that is not UTF-8 is a 404
(recorded in ``tests/cases/context_locals.py``).
"""

from __future__ import annotations

import time

from flask import Flask, request
from markupsafe import escape

DEFAULT_NAME = "World"
SLOW = 0.3  # seconds GET /slow spends in greeting() before it reads the name

app = Flask(__name__)


@app.route("/")
def index() -> str:
    return render()


@app.route("/slow")
def slow() -> str:
    return render(pause=SLOW)


def render(pause: float = 0.0) -> str:
    return greeting(pause)


def greeting(pause: float = 0.0) -> str:
    """Deep in the call stack, given nothing: ``request`` is this request's."""
    time.sleep(pause)  # /slow: another request may run meanwhile; its name must not leak in
    name = request.args.get("name", DEFAULT_NAME)
    return f"Hello, {escape(name)}!"  # a str is HTML in Flask: the name is escaped


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.context_locals run`
# imports this module, so it skips this block and serves on its own default port, 5000.
# The seed's host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
