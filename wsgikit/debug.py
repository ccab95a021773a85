"""Debug tracebacks: a failing request from this machine gets its traceback, any other a bare 500.

Use it while you develop, to read the traceback of a failing request in the
browser or in curl's output instead of digging in the server's log.
``python -m wsgikit.serve APP --debug`` puts it around APP (with ``--reload``,
and on a loopback address only)::

    from wsgikit import DebugTracebacks

    application = DebugTracebacks(router)      # development only

What it does with an exception that escapes the app, at call time or while
the server iterates the body:

- the traceback always goes to ``environ["wsgi.errors"]``, the server's error
  log, flushed (PEP 3333 says so: the stream may be buffered, as uWSGI's is);
- a client whose ``REMOTE_ADDR`` is a loopback address (127.0.0.0/8, ``::1``, or
  ``::ffff:127.x.y.z`` from a dual-stack socket) gets ``500`` with the traceback
  as ``text/plain; charset=utf-8``;
- any other client, and a request with no ``REMOTE_ADDR``, gets the bare
  ``500 Internal Server Error`` and nothing of the exception.

Only ``REMOTE_ADDR`` counts: it is the address the server's socket saw, while
``Host`` and ``X-Forwarded-For`` are whatever the client wrote.  Behind a proxy
on the same machine every client looks local, so never put this behind one:
that, and a server bound to a public address, is how a traceback meant for you
reaches a stranger (``serve --debug`` refuses a ``--host`` that is not loopback).

It sets ``environ["wsgikit.debug"] = True``: a :class:`wsgikit.Router` then lets
an exception out of a target instead of answering its own 500 (as Flask does in
debug mode, where ``PROPAGATE_EXCEPTIONS`` lets the exception reach Werkzeug's
debugger), and a handler may say that debug mode is on.  If the app had called
``start_response`` already, the 500 goes out with ``exc_info``, as PEP 3333
asks: the server replaces the headers it holds, or, if they are on the wire,
re-raises and drops the connection (the log still has the traceback).  The
app's ``close()`` is always called; a list body is passed through untouched.

Why plain text, and not an interactive debugger like Werkzeug's, which
``flask run --debug`` puts around a Flask app (``DebuggedApplication(app,
evalex=True)``): that debugger turns every frame of the traceback page into a
Python console, so whoever can type there runs code on the server, as its user,
with its files and secrets.  It is remote code execution by design; a PIN
printed on the server's console (and a cookie once it is typed) and a check of
the ``Host`` header are all that stand in the way, and the traceback page
itself, with the exception's text and the source around each line, goes to
every client, whatever its address.  And it cannot work when the server forks:
the frames the console evaluates in live in the memory of the one worker
process that failed, and the console's next request may reach another worker,
which has no such frame.  A text traceback needs no state: it is whole in its
own response.
"""

from __future__ import annotations

import ipaddress
import sys
import traceback
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ._http import close

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["DebugTracebacks", "from_loopback"]

GENERIC = b"500 Internal Server Error"
TEXT = "text/plain; charset=utf-8"


def from_loopback(environ: WSGIEnvironment) -> bool:
    """Is ``REMOTE_ADDR`` on this machine: 127.0.0.0/8, ``::1``, or 127.x mapped into IPv6?"""
    try:
        address = ipaddress.ip_address(environ.get("REMOTE_ADDR") or "")
    except ValueError:
        return False  # missing, or no address (a Unix socket's ''): not known to be local
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback  # Python 3.11's is_loopback says False for these
    return address.is_loopback


class DebugTracebacks:
    """Log every exception that escapes ``app``; show its traceback to loopback clients only."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ["wsgikit.debug"] = True
        failing = _Failing(environ, start_response)
        try:
            body = self.app(environ, failing.start_response)
        except Exception:
            return failing.answer()
        if isinstance(body, list):
            return body  # iterating a list cannot fail
        return _WatchedBody(body, failing)


class _Failing:
    """One request: its ``start_response`` (noting that the app called it), and its 500."""

    __slots__ = ("environ", "server_start_response", "started")

    def __init__(self, environ: WSGIEnvironment, start_response: StartResponse) -> None:
        self.environ = environ
        self.server_start_response = start_response
        self.started = False

    def start_response(self, status: str, headers: list[tuple[str, str]],
                       exc_info: Any = None) -> Any:
        self.started = True
        return self.server_start_response(status, headers, exc_info)

    def answer(self) -> list[bytes]:
        """Log the exception being handled and answer it; called in an ``except`` block."""
        environ = self.environ
        text = traceback.format_exc()
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        errors = environ["wsgi.errors"]
        # The path as a literal: a %0A in it cannot forge a line of the log.
        errors.write(f"wsgikit.debug: error in {environ.get('REQUEST_METHOD')} {path!r}:\n{text}")
        errors.flush()
        body = text.encode("utf-8", "backslashreplace") if from_loopback(environ) else GENERIC
        headers = [("Content-Type", TEXT), ("Content-Length", str(len(body)))]
        exc_info = sys.exc_info() if self.started else None  # PEP 3333: a second call needs it
        self.server_start_response("500 Internal Server Error", headers, exc_info)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


class _WatchedBody:
    """The app's body: an exception while the server iterates it is answered like one at
    call time (or, once the headers are sent, re-raised by the server's start_response)."""

    def __init__(self, body: Iterable[bytes], failing: _Failing) -> None:
        self.body = body
        self.failing = failing

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.body
        except Exception:
            yield from self.failing.answer()

    def close(self) -> None:
        close(self.body)
