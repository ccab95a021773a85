"""debug (seeds 001 "debug 모드", 004 ``--debug``): the traceback for you, a bare 500 for others.

The seeds turn Flask's debug mode on in three ways::

    app.debug = True
    app.run()

    app.run(debug=True)

    $ flask --app flask1 run --port 19310 -debug

and warn (seed 001) that the interactive debugger lets a user run any Python
code on your machine, so never in production; seed 004 notices that the caller,
not only the server's log, gets the debugging information.

What to notice: the catching middleware is ``application`` itself, a few lines
around ``site`` (the app being debugged: ``/`` says whether debug mode is on,
``/boom`` raises an exception whose text holds a database password):

- it calls ``site`` and catches what escapes; ``traceback.format_exc()`` is the
  traceback of the exception being handled, and it goes to
  ``environ['wsgi.errors']`` (the server's error log), flushed, always;
- with debug mode on and a client on this machine (``REMOTE_ADDR`` in
  127.0.0.0/8 or ``::1``, checked with ``ipaddress``) the 500's body is that
  traceback as ``text/plain``; anyone else gets ``500 Internal Server Error``
  and nothing more.  ``REMOTE_ADDR`` is the address the server's socket saw; a
  ``Host`` or ``X-Forwarded-For`` header is whatever the client wrote;
- if ``site`` had called ``start_response`` before it failed, the second call
  must pass ``sys.exc_info()`` (PEP 3333): the server then replaces the headers
  it holds, or re-raises if they are on the wire already.  This ``site`` raises
  before it calls it, and returns a list, which cannot fail while the server
  iterates it; ``wsgikit.DebugTracebacks`` also catches a body that fails then.

Debug mode is ``WSGIKIT_DEBUG=1`` in the environment, read once, when the module
is imported: the person who starts the server decides, the environment of a
running server does not change, and no code that edits ``os.environ`` later
can switch tracebacks on for everyone.  Flask reads ``FLASK_DEBUG`` once, too.
Run it as ``WSGIKIT_DEBUG=1 python -m wsgikit.serve examples.raw.debug``.

What Flask does for you: ``app.debug`` makes Flask let the exception out instead
of answering its own logged 500, and ``flask run --debug`` puts Werkzeug's
debugger around the app: it catches it, and sends an HTML traceback page with a
Python console in each frame, to any client, behind a PIN (see the Flask twin).
``utf8_path``, ``method_check`` and ``root_redirect`` are what hello wrote out.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/debug.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import ipaddress
import os
import sys
import traceback
from typing import TYPE_CHECKING, Any, NoReturn

from ._plumbing import method_check, root_redirect, utf8_path

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

DEBUG = os.environ.get("WSGIKIT_DEBUG") == "1"  # read once: see the docstring

TEXT = "text/plain; charset=utf-8"
SERVER_ERROR = "500 Internal Server Error"
DB_PASSWORD = "hunter2-debug-4711"  # the planted secret: no stranger may ever read it


def boom(environ: WSGIEnvironment) -> NoReturn:
    password = DB_PASSWORD  # a local variable, as a real handler would hold one
    raise RuntimeError(f"cannot reach the database with password {password!r}")


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the text; ``/boom`` raises instead."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            return redirect
    if path not in ("/", "/boom"):
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        return refusal
    if path == "/boom":
        boom(environ)
    prefix = environ.get("SCRIPT_NAME", "").encode("latin-1").decode("utf-8", "replace")
    state = "on" if DEBUG else "off"
    return "200 OK", [], f"debug mode is {state}\nGET {prefix}/boom -> 500 (the handler raises)\n"


def site(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
    """The app being debugged."""
    status, extra, text = answer(environ)
    body = text.encode("utf-8")
    start_response(status, [("Content-Type", TEXT), ("Content-Length", str(len(body))), *extra])
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def from_loopback(environ: WSGIEnvironment) -> bool:
    """Is the client on this machine: ``REMOTE_ADDR`` in 127.0.0.0/8 or ``::1``?"""
    try:
        address = ipaddress.ip_address(environ.get("REMOTE_ADDR") or "")
    except ValueError:
        return False  # no address at all: not known to be local
    mapped = getattr(address, "ipv4_mapped", None)  # '::ffff:127.0.0.1' from a dual-stack socket
    return bool((mapped or address).is_loopback)


def application(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
    """The catching middleware, by hand: call the site, and answer what escapes it."""
    called = []

    def noting_start_response(status: str, headers: list[tuple[str, str]],
                              exc_info: Any = None) -> Any:
        called.append(status)
        return start_response(status, headers, exc_info)

    try:
        return site(environ, noting_start_response)
    except Exception:
        text = traceback.format_exc()
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        errors = environ["wsgi.errors"]
        errors.write(f"Exception on {environ['REQUEST_METHOD']} {path!r}:\n{text}")
        errors.flush()  # the stream may be buffered (it is under uWSGI): PEP 3333 says flush
        if DEBUG and from_loopback(environ):
            body = text.encode("utf-8", "backslashreplace")  # the traceback, for you
        else:
            body = SERVER_ERROR.encode("utf-8")  # nothing of the exception, for anyone else
        headers = [("Content-Type", TEXT), ("Content-Length", str(len(body)))]
        start_response("500 Internal Server Error", headers, sys.exc_info() if called else None)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


if __name__ == "__main__":
    # WSGIKIT_DEBUG=1 python examples/raw/debug.py [--host H] [--port P]: wsgiref, the
    # standard library's server, serves this application on 127.0.0.1:29130, the seed's port.
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
