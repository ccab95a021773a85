"""context_locals (seed 001, context local): the request, passed by hand instead.

In Flask::

    @app.route('/')
    def index():
        return greeting()

    def greeting():                     # deep in the stack, reading a global request
        name = request.args.get('name', 'World')
        return f'Hello, {name}!'

``GET /?name=X`` answers ``Hello, X!`` (``Hello, World!`` without a name);
``GET /slow?name=X`` the same after 0.3 seconds spent in ``greeting``.  Here
each ``@handler`` receives its ``Request`` and hands it down: ``render(request)``
calls ``greeting(request)``.  Why wsgikit has no ``request`` global:

- testability: ``greeting(Request(environ))`` runs in a test as it is, with an
  environ built on the spot; a function that reads a global needs a context
  pushed first (Flask's ``test_request_context()``);
- threads against async: a global that is each request's own is right only as
  long as a context variable is set and reset exactly around each request, in
  every thread, task or greenlet, which depends on the server's concurrency
  model (Werkzeug's thread-locals had to learn greenlets, then asyncio; since
  Flask 2.2 the request context is a ``ContextVar``, behind Werkzeug's
  ``LocalProxy``, see ``examples/raw/context_locals.py``).  An argument is
  right under any model, and can be handed to a thread the handler starts
  (Flask's ``request`` is not there: ``copy_current_request_context``);
- explicit data flow: the signature says what a function depends on, and a
  helper that needs the request cannot be called, by mistake, where there is none.

Building URLs needs no request either: ``router.url_for(name, **values)`` is
the path of a route from its name alone; given an environ
(``router.url_for(name, environ, ...)``, or ``request.url_for`` inside a
handler) it starts with that environ's mount point.  ``built_urls()`` shows it.
Flask's ``url_for`` needs an app context with ``SERVER_NAME`` configured, or a
request context: hence the seed's ``with app.test_request_context():``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/context_locals.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import time

from wsgikit import Request, Router, handler

DEFAULT_NAME = "World"
SLOW = 0.3  # seconds GET /slow spends in greeting() before it reads the name

router = Router()


@router.route("/")
@handler
def index(request: Request) -> str:
    return render(request)


@router.route("/slow")
@handler
def slow(request: Request) -> str:
    return render(request, pause=SLOW)


def render(request: Request, pause: float = 0.0) -> str:
    return greeting(request, pause)


def greeting(request: Request, pause: float = 0.0) -> str:
    """Deep in the call stack, with the request it was given."""
    time.sleep(pause)
    name = request.args.get("name", DEFAULT_NAME)  # not UTF-8: a 400
    return f"Hello, {name}!"


def built_urls(script_name: str = "") -> dict[str, str]:
    """URLs of this app's routes, built outside any request (under ``script_name``)."""
    environ = {"SCRIPT_NAME": script_name}  # all url_for reads of an environ
    return {
        "index": router.url_for("index"),
        "slow": router.url_for("slow", name="John Doe"),
        "mounted": router.url_for("slow", environ, name="John Doe"),
    }


application = router


if __name__ == "__main__":
    # python examples/kit/context_locals.py [--host H] [--port P]: wsgikit.serve's threaded
    # server serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
