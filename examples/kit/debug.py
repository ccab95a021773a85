"""debug (seeds 001 "debug 모드", 004 ``--debug``): the traceback for you, a bare 500 for others.

The seeds turn Flask's debug mode on in three ways::

    app.debug = True
    app.run()

    app.run(debug=True)

    $ flask --app flask1 run --port 19310 -debug

What the raw form's ``application`` does by hand is ``wsgikit.DebugTracebacks``:
it logs the traceback of every exception that escapes the router to
``wsgi.errors``, sends it as text to a client whose ``REMOTE_ADDR`` is loopback,
and a bare 500 to anyone else; it also catches a body that fails while the
server iterates it.  It sets ``environ["wsgikit.debug"]``, which makes the
router let the exception out instead of answering it (Flask's
``PROPAGATE_EXCEPTIONS`` in debug mode), and which ``index`` reads to say
whether debug mode is on.  Debug off, the router logs the traceback itself and
``@router.error_handler(500)`` sends the bare text.

Two ways to turn it on: ``WSGIKIT_DEBUG=1`` in the environment, read once when
this module is imported (``build(True)``), or
``python -m wsgikit.serve examples.kit.debug --debug``, which puts the same
middleware around any app, adds ``--reload``, and refuses a ``--host`` that is
not loopback.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/debug.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import os
from typing import TYPE_CHECKING, NoReturn

from wsgikit import DebugTracebacks, Request, Router, handler

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

DB_PASSWORD = "hunter2-debug-4711"  # the planted secret: no stranger may ever read it

router = Router()


@router.route("/")
@handler
def index(request: Request) -> str:
    state = "on" if request.environ.get("wsgikit.debug") else "off"
    return f"debug mode is {state}\nGET {request.script_name}/boom -> 500 (the handler raises)\n"


@router.route("/boom")
@handler
def boom(request: Request) -> NoReturn:
    password = DB_PASSWORD  # a local variable, as a real handler would hold one
    raise RuntimeError(f"cannot reach the database with password {password!r}")


@router.error_handler(500)
@handler
def internal_error(request: Request) -> tuple[str, int]:
    return "500 Internal Server Error", 500  # the router has logged the traceback


def build(debug: bool) -> WSGIApplication:
    """The router; in debug mode, inside ``DebugTracebacks``."""
    return DebugTracebacks(router) if debug else router


application = build(os.environ.get("WSGIKIT_DEBUG") == "1")


if __name__ == "__main__":
    # WSGIKIT_DEBUG=1 python examples/kit/debug.py [--host H] [--port P]: wsgikit.serve's
    # threaded server serves this application on 127.0.0.1:29130, the seed's port (see
    # examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
