"""Serve any WSGI app on the standard library's wsgiref: threaded, logged, reloadable.

Without an argument it serves the gallery of exercises (from a wsgikit checkout); with
``module:attr``, as uWSGI and gunicorn take it, that app::

    python -m wsgikit.serve                              # the gallery on 127.0.0.1:8000
    python -m wsgikit.serve examples.raw.hello --port 8001
    python -m wsgikit.serve myapp:app --mount /api=api:application --reload

``wsgiref.simple_server`` is the smallest complete WSGI server: ``http.server`` parses
a request, ``wsgiref.handlers`` calls the app, one connection at a time.  This module
keeps that pipeline and changes what a development server needs changed, each at a
hook wsgiref already has.

*Connections* (``ThreadingWSGIServer``).  A thread per connection, so one slow client
does not stall the rest, and at most ``--threads`` (512): past them the accepting thread
answers 503 itself.  A client silent for ``--timeout`` seconds (30) is dropped with one
log line.  A silent connection holds its thread until then, so the bound is set high
rather than guarded by a first-byte selector: an idle thread costs about 16 KiB, 200
silent clients leave 312 threads for the rest, and 512 sockets stay below the usual
limit of 1024 open files.  The listen backlog is ``socket.SOMAXCONN`` (wsgiref's is 5),
so a burst of connections waits in the kernel's queue instead of being refused.

*Requests* (``_RequestHandler``).  wsgiref's ``handle``, with one step added: the raw
header lines are read first and checked by ``_framing_error`` for what RFC 9112 tells a
server to refuse (a 400 that says why, 501 for an unknown transfer coding), because
``http.client`` folds or drops some of them before anyone else can look.  The environ
holds the request and nothing of the process's environment; each response ends with an
access-log line (logger ``wsgikit.access``) and a lingering close.

*The process* (``main``).  A bad APP, prefix or port is one line and exit status 2.
SIGINT and SIGTERM both raise ``KeyboardInterrupt``, once, so the server closes and
exits 0.  ``--reload`` is werkzeug's design at its plainest: the first process only runs
the server in a child, again each time the child exits with status 3, and passes a stop
on to it (a child starts with the stop signals blocked until its handler is in place, so
a stop that comes during a restart is clean too); the child serves while a thread polls
the mtimes of every imported source file, and exits 3 when one changes.  A child that
cannot import the app after a change says why and waits for the next one, so a typo
does not end the session.  ``--debug``
is ``--reload`` with ``DebugTracebacks`` around the app, on a loopback address only:
a traceback carries the secrets of its frames.

wsgiref is a development server: put uWSGI or gunicorn in front of real traffic.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import io
import ipaddress
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from contextlib import suppress
from http import HTTPStatus
from socketserver import ThreadingMixIn
from types import FrameType
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from .debug import DebugTracebacks
from .mount import Mount

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication, WSGIEnvironment

__all__ = ["AppLoadError", "load_app", "main", "make_server"]

GALLERY = "examples.gallery:application"
RELOAD_EXIT = 3  # a child's exit status that asks the reloader for a restart
_CHILD_ENV = "WSGIKIT_SERVE_CHILD"  # "start" in the first child, "restart" after
_STOPS = (signal.SIGINT, signal.SIGTERM)

access_log = logging.getLogger("wsgikit.access")
log = logging.getLogger("wsgikit.serve")


class AppLoadError(Exception):
    """``module:attr`` does not name a WSGI app; the message says what is missing."""


def load_app(spec: str) -> WSGIApplication:
    """Import ``module:attr``; ``attr`` defaults to ``application``, then ``app``."""
    module_name, _, attr = spec.partition(":")
    if not module_name:
        raise AppLoadError(f"{spec!r} names no module; write module:attr")
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())  # as uWSGI and gunicorn do
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        missing = exc.name if isinstance(exc, ModuleNotFoundError) else None
        if missing and module_name.startswith(missing):
            raise AppLoadError(f"no module named {missing!r} (from {spec!r})") from exc
        reason = f"{type(exc).__name__}: {exc}"
        raise AppLoadError(f"importing {module_name!r} failed: {reason}") from exc
    names = [attr] if attr else ["application", "app"]
    for name in names:
        app = getattr(module, name, None)
        if app is not None:
            if not callable(app):
                raise AppLoadError(f"{module_name}:{name} is not callable")
            return app  # type: ignore[no-any-return]
    raise AppLoadError(f"module {module_name!r} has no attribute {' or '.join(map(repr, names))}")


class _Handler(ServerHandler):
    """wsgiref's handler, without the process environment in the environ."""

    # wsgiref copies the whole process environment into every request's environ, a
    # habit from CGI; uWSGI and gunicorn do not, and an app that shows its environ
    # (a debug page, the gallery's trace) would show PATH, HOME and any API key.
    os_environ: dict[str, str] = {}  # noqa: RUF012 (wsgiref's own attribute)


def _plain_response(status: HTTPStatus, text: str) -> bytes:
    """A whole response that says ``text`` and closes the connection."""
    body = f"{status.phrase}: {text}\n".encode()
    return (f"HTTP/1.0 {status.value} {status.phrase}\r\nContent-Length: {len(body)}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n").encode() + body


#: what RFC 9112 (section 5) says makes a header line invalid, in the order checked
_BAD_LINES = [
    (re.compile(rb"[ \t]"), "a header line starts with whitespace (obs-fold)"),
    (re.compile(rb".*[\0\r]"), "a header line holds a NUL or a bare CR"),
    (re.compile(rb"[^:]*$"), "a header line has no colon"),
    (re.compile(rb"[^:]*[ \t]:"), "a header name has whitespace before the colon"),
]
#: the transfer codings registered for HTTP/1.1 (RFC 9112, section 7); not "identity"
_CODINGS = {"chunked", "compress", "deflate", "gzip", "x-compress", "x-gzip"}


def _framing_error(version: str, lines: list[bytes]) -> tuple[HTTPStatus, str] | None:
    """Why RFC 9112 says to refuse a request with these header lines, or None.

    The raw lines, because http.client folds or drops some of these before a handler
    sees them.  A bare LF ends a line, as RFC 9112 allows.
    """
    fields: dict[bytes, list[str]] = {}
    for line in lines:
        field = line.removesuffix(b"\n").removesuffix(b"\r")
        if not field:
            break
        for pattern, reason in _BAD_LINES:
            if pattern.match(field):
                return HTTPStatus.BAD_REQUEST, reason
        name, _, value = field.partition(b":")
        fields.setdefault(name.lower(), []).append(value.strip(b" \t").decode("latin-1"))
    lengths, hosts = fields.get(b"content-length", []), fields.get(b"host", [])
    codings = [c.strip(" \t").lower()
               for value in fields.get(b"transfer-encoding", []) for c in value.split(",")]
    unknown = next((coding for coding in codings if coding not in _CODINGS), None)
    refusals = [  # (refused?, status, reason), in the order checked
        (lengths and codings, 400, "both Content-Length and Transfer-Encoding"),
        (not all(n.isascii() and n.isdigit() for n in lengths), 400,
         "Content-Length is not a number"),
        (len(set(lengths)) > 1, 400, "Content-Length headers that differ"),
        (unknown is not None, 501, f"unknown transfer coding {unknown!r}"),
        (codings and codings[-1] != "chunked", 400, "chunked must be the last transfer coding"),
        (len(hosts) > 1, 400, "more than one Host header"),
        (not hosts and version not in ("HTTP/0.9", "HTTP/1.0"),
         400, "an HTTP/1.1 request needs a Host header"),
    ]
    for refused, status, reason in refusals:
        if refused:
            return HTTPStatus(status), reason
    return None


class _RequestHandler(WSGIRequestHandler):
    timeout = 30.0  # seconds a client may stay silent; set from --timeout
    environ: WSGIEnvironment | None = None  # once the request reaches the app

    def handle(self) -> None:
        """wsgiref's ``handle``, with the raw header lines read first and checked."""
        self.started = time.perf_counter()
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414)
                return
            head: list[bytes] = []  # to the blank line, within http.client's limits (431)
            while len(head) <= 100:
                head.append(line := self.rfile.readline(65537))
                if line in (b"\r\n", b"\n", b"") or len(line) > 65536:
                    break
        except TimeoutError:  # an idle connection (a browser's preconnect, say)
            log.info("%s timed out after %gs without a complete request",
                     self.address_string(), self.timeout)
            return
        except ConnectionError:
            return  # the client left before its request was complete
        rfile, self.rfile = self.rfile, io.BytesIO(b"".join(head))  # for http.server to parse
        try:
            if not self.parse_request():
                return  # http.server has answered with its own error
        finally:
            self.rfile = rfile
        refusal = _framing_error(self.request_version, head)
        if refusal is not None:
            log.warning('%s "%s" refused with %d: %s', self.address_string(), self.requestline,
                        *refusal)
            self.wfile.write(_plain_response(*refusal))
            return
        self.environ = self.get_environ()
        handler = _Handler(self.rfile, self.wfile, self.get_stderr(),  # type: ignore[arg-type]
                           self.environ, multithread=True)
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """The access line, which wsgiref's handler asks for as a response ends."""
        env = self.environ
        if env is None:
            return  # http.server refused the request itself, and logged a warning
        path = env["SCRIPT_NAME"] + env["PATH_INFO"]
        access_log.info('%s "%s %s" %s %s %.1fms', env["REMOTE_ADDR"], env["REQUEST_METHOD"],
                        path.encode("latin-1").decode("utf-8", "backslashreplace"), code, size,
                        (time.perf_counter() - self.started) * 1000)

    def log_message(self, format: str, *args: Any) -> None:
        log.warning("%s %s", self.address_string(), format % args)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """A thread per connection, up to ``threads`` of them (then a 503); on close,
    requests in flight get ``grace`` seconds to finish."""

    daemon_threads = True  # a stuck client does not keep the process alive past the grace
    request_queue_size = socket.SOMAXCONN  # the listen backlog
    threads = 512
    grace = 5.0
    linger = 2.0

    def process_request(self, request: Any, client_address: Any) -> None:
        # Only the serving thread runs this, so the list needs no lock.
        self._live = [t for t in getattr(self, "_live", []) if t.is_alive()]
        if len(self._live) >= self.threads:
            log.warning("%s refused with 503: all %d threads are busy",
                        client_address[0], self.threads)
            busy = f"the server is busy ({self.threads} connections); try again later"
            with suppress(OSError):  # it has left already
                request.sendall(_plain_response(HTTPStatus.SERVICE_UNAVAILABLE, busy))
            super().shutdown_request(request)  # no lingering here: this thread accepts
            return
        thread = threading.Thread(target=self.process_request_thread,
                                  args=(request, client_address), daemon=True)
        self._live.append(thread)
        thread.start()

    def shutdown_request(self, request: Any) -> None:
        """Close as nginx does, lingering: an answer sent before the body was read (a
        413) is followed by the rest of the body, and a socket closed with unread data
        sends a reset, on which a browser drops the answer it had.  So: stop writing,
        read and discard what still arrives (``linger`` seconds at most), then close."""
        with suppress(OSError):  # gone, reset, or silent past the deadline
            request.shutdown(socket.SHUT_WR)
            request.settimeout(self.linger)
            deadline = time.monotonic() + self.linger
            while time.monotonic() < deadline and request.recv(65536):
                pass
        self.close_request(request)

    def server_close(self) -> None:
        super().server_close()
        deadline = time.monotonic() + self.grace
        for thread in getattr(self, "_live", []):
            thread.join(max(0.0, deadline - time.monotonic()))


class _IPv6Server(ThreadingWSGIServer):
    address_family = socket.AF_INET6


def make_server(host: str, port: int, app: WSGIApplication, *, timeout: float = 30.0,
                threads: int = ThreadingWSGIServer.threads) -> ThreadingWSGIServer:
    """A threaded wsgiref server bound to ``(host, port)``, ready for ``serve_forever``:
    clients silent for ``timeout`` seconds are dropped, past ``threads`` connections
    a client gets a 503."""
    server_class = _IPv6Server if ":" in host else ThreadingWSGIServer
    handler = type("RequestHandler", (_RequestHandler,), {"timeout": timeout})
    server = server_class((host, port), handler)
    server.threads = threads
    server.set_app(app)
    return server


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m wsgikit.serve", description=(
        "Serve a WSGI app (default: the exercise gallery) on wsgiref."))
    add = parser.add_argument
    add("app", nargs="?", metavar="APP", help="module:attr of the WSGI app (attr: "
        "application, then app); without it, the gallery of a wsgikit checkout")
    add("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    add("--port", type=int, default=8000, help="port (8000; 0 picks a free one)")
    add("--mount", action="append", default=[], metavar="PREFIX=APP",
        help="also serve APP under PREFIX; repeatable")
    add("--timeout", type=float, default=30.0,
        help="seconds a client may stay silent before it is dropped (30)")
    add("--threads", type=int, default=ThreadingWSGIServer.threads,
        help="most connections served at once; past them, a 503 (512)")
    add("--reload", action="store_true", help="restart when a source file changes")
    add("--debug", action="store_true", help="--reload, and a failing request from this "
        "machine gets its traceback (loopback --host only)")
    return parser


def _build_app(spec: str, mounts: list[str]) -> WSGIApplication:
    app = load_app(spec)
    table: dict[str, WSGIApplication] = {}
    for item in mounts:
        prefix, sep, target = item.partition("=")
        if not sep or not target:
            raise ValueError(f"--mount {item!r}: write PREFIX=module:attr")
        table[prefix] = load_app(target)
    try:
        return Mount(app, table) if table else app
    except ValueError as exc:
        raise ValueError(f"--mount: {exc}") from None


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # Once is enough: a second signal (Ctrl-C twice, or the reloader's) must not
    # cut the clean-up the first one started.
    for sig in _STOPS:
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt


def _watch(extra: list[str]) -> None:
    """Return once an imported source file, or one of ``extra``, changes (polled)."""

    def mtimes() -> dict[str, float]:
        found: dict[str, float] = {}
        files = [getattr(module, "__file__", None) for module in list(sys.modules.values())]
        for path in filter(None, [*files, *extra]):  # a built-in module has no file
            with suppress(OSError):  # gone for a moment: an editor replacing it, say
                found[path] = os.stat(path).st_mtime
        return found

    before = mtimes()
    while True:
        time.sleep(0.5)
        for path, mtime in mtimes().items():
            if before.setdefault(path, mtime) != mtime:  # a file seen first is no change
                log.info("%s changed, reloading", path)
                return


def _reloader(argv: list[str]) -> int:
    """Run the server in a child, again each time it exits with ``RELOAD_EXIT``."""
    env = {**os.environ, _CHILD_ENV: "start"}
    child: subprocess.Popen[bytes] | None = None
    stop: int | None = None  # the signal that asked us to stop, once one has

    def pass_on(signum: int, frame: FrameType | None) -> None:
        nonlocal stop
        stop = signum
        if child is not None:
            child.send_signal(signum)  # which does nothing once the child has exited

    for sig in _STOPS:
        signal.signal(sig, pass_on)
    while stop is None:
        # The child starts with the stop signals blocked and unblocks them once its
        # handler is in place, so a stop sent while it starts waits instead of killing
        # it halfway through an import; here, one sent during Popen waits for child.
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
        try:
            child = subprocess.Popen([sys.executable, "-m", "wsgikit.serve", *argv], env=env)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
        status = child.wait()
        if status != RELOAD_EXIT:
            return status
        env[_CHILD_ENV] = "restart"
    return 0  # a stop came as a child exited to restart


def _error(message: str) -> int:
    print(f"wsgikit.serve: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv``, serve until Ctrl-C or SIGTERM; 0 on a clean stop, 2 on bad input."""
    args = _parser().parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.debug and not _is_loopback(args.host):
        return _error(f"--debug sends tracebacks, and the secrets in them, to the client: "
                      f"it binds to a loopback address only, not {args.host}")
    args.reload = args.reload or args.debug
    child = bool(os.environ.get(_CHILD_ENV))
    if args.reload and not child:
        return _reloader(sys.argv[1:] if argv is None else argv)
    # Installed explicitly (a shell starts background jobs with SIGINT ignored),
    # and before the app is loaded, so that a stop during start-up is clean too.
    previous = {sig: signal.signal(sig, _interrupt) for sig in _STOPS}
    try:
        if child:  # blocked by the reloader until now
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
        return _serve(args)
    except KeyboardInterrupt:  # before there was a server to close
        return 0
    finally:
        for sig, handler in previous.items():  # a child exits now: no late signal cuts it
            signal.signal(sig, signal.SIG_IGN if child else handler)


def _serve(args: argparse.Namespace) -> int:
    if args.threads < 1:
        return _error("--threads must be at least 1")
    try:
        app = _build_app(args.app or GALLERY, args.mount)
    except (AppLoadError, ValueError) as exc:
        cause = exc.__cause__ or exc
        if args.app is None and isinstance(cause, ModuleNotFoundError) and cause.name == "examples":
            return _error("no APP given and no gallery here: give an APP (module:attr), "
                          "or run it from a wsgikit checkout to serve the gallery")
        status = _error(str(exc))
        if os.environ.get(_CHILD_ENV) != "restart":
            return status
        # An edit broke the app: wait for the next one rather than stop the reloader,
        # watching the files the error points at too (where the fix will be made).
        print("wsgikit.serve: waiting for a change to restart", file=sys.stderr, flush=True)
        where = [frame.filename for frame in traceback.extract_tb(cause.__traceback__)]
        if isinstance(cause, SyntaxError) and cause.filename:
            where.append(cause.filename)  # the broken file, which is in no frame
        _watch(where)
        return RELOAD_EXIT
    if args.debug:
        app = DebugTracebacks(app)
    try:
        server = make_server(args.host, args.port, app, timeout=args.timeout,
                             threads=args.threads)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return _error(f"port {args.port} on {args.host} is already in use")
        return _error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    try:
        host, port = str(server.server_address[0]), int(server.server_address[1])
        if not _is_loopback(args.host):
            log.warning("listening on %s: reachable from other machines; wsgiref is a "
                        "development server, put uWSGI or gunicorn in front of real traffic",
                        host)
        if args.debug:
            log.warning("--debug: a failing request from this machine gets its traceback; "
                        "never use it in production")
        url_host = f"[{host}]" if ":" in host else host
        print(f"wsgikit.serve: serving {args.app or GALLERY} on http://{url_host}:{port}/ "
              "(Ctrl-C to stop)", file=sys.stderr, flush=True)
        if args.reload:
            def restart() -> None:
                _watch([])
                server.shutdown()
            threading.Thread(target=restart, daemon=True).start()
        server.serve_forever()
        status = RELOAD_EXIT  # only the watcher ends serve_forever
    except KeyboardInterrupt:
        status = 0  # a stop wins over a reload under way
    finally:
        server.server_close()
    if status == 0:
        print("wsgikit.serve: stopped", file=sys.stderr, flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
