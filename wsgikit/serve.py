"""Serve any WSGI app on the standard library's wsgiref: threaded, logged, reloadable.

Without an argument it serves the gallery of exercises (from a wsgikit checkout); with
``module:attr``, as uWSGI and gunicorn take it, that app::

    python -m wsgikit.serve                              # the gallery on 127.0.0.1:8000
    python -m wsgikit.serve myapp:app --mount /api=api:application --reload

wsgiref's pipeline stays: ``socketserver`` accepts a connection, ``http.server`` parses
its request, ``wsgiref.handlers`` calls the app.  What a development server needs more is
added at hooks the pipeline has.  (For real traffic, use uWSGI or gunicorn.)

*Connections* (``ThreadingWSGIServer``): a thread each, at most ``--threads`` (then the
accepting thread answers 503); a listen backlog of ``SOMAXCONN`` (wsgiref's is 5); a
client silent for ``--timeout`` seconds dropped with one log line; a lingering close.

*Requests* (``_RequestHandler.handle``): the raw header lines are checked for what RFC
9112 tells a server to refuse (a 400 that says why, 501 for an unknown transfer coding)
before ``http.client`` folds or drops any; the environ holds nothing of the process's
environment; every response logs one line on ``wsgikit.access``.

*The process* (``main``): bad input is one line and exit status 2; SIGINT or SIGTERM
raises ``KeyboardInterrupt`` once, so the server closes and exits 0.  ``--reload`` (and
``--debug``, which adds ``DebugTracebacks`` on a loopback address only) makes the first
process a loop: block the stop signals, start a child, ``sigwait`` for its exit or for a
stop (passed on to it), and start it again if it exited 3.  The child lifts the inherited
block once its handler is in place, so a stop during a restart waits for it.  It serves
while a thread polls the mtimes of the imported files, and exits 3 when one changes; one
whose app no longer imports says why and waits for the next change.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import io
import logging
import os
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
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from .debug import DebugTracebacks, from_loopback
from .mount import Mount

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication, WSGIEnvironment

__all__ = ["AppLoadError", "load_app", "main", "make_server"]

GALLERY = "examples.gallery:application"
RELOAD_EXIT = 3  # a child's exit status that asks the reloader for a restart
_CHILD = "WSGIKIT_SERVE_CHILD"  # in a reloader's child: "start", then "restart"
_STOPS = {signal.SIGINT, signal.SIGTERM}
_WAITED = {*_STOPS, signal.SIGCHLD}  # what the reloader waits for
_CODINGS = {"chunked", "compress", "deflate", "gzip", "x-compress", "x-gzip"}  # RFC 9112, 7

access_log = logging.getLogger("wsgikit.access")
log = logging.getLogger("wsgikit.serve")


class AppLoadError(Exception):
    """``module:attr`` does not name a WSGI app; the message says what is missing."""


def load_app(spec: str) -> WSGIApplication:
    """Import ``module:attr``; ``attr`` defaults to ``application``, then ``app``."""
    module_name, _, attr = spec.partition(":")
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())  # as uWSGI and gunicorn do
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        missing = exc.name if isinstance(exc, ModuleNotFoundError) else None
        if missing and f"{module_name}.".startswith(f"{missing}."):  # not one it imports
            raise AppLoadError(f"no module named {missing!r} (from {spec!r})") from exc
        reason = f"{type(exc).__name__}: {exc}"
        raise AppLoadError(f"importing {module_name!r} failed: {reason}") from exc
    names = [attr] if attr else ["application", "app"]
    for name in names:
        if (app := getattr(module, name, None)) is not None:
            if not callable(app):
                raise AppLoadError(f"{module_name}:{name} is not callable")
            return app  # type: ignore[no-any-return]
    raise AppLoadError(f"module {module_name!r} has no attribute {' or '.join(map(repr, names))}")


def _plain_response(status: int, text: str) -> bytes:
    phrase = HTTPStatus(status).phrase
    body = f"{phrase}: {text}\n".encode()
    return (f"HTTP/1.0 {status} {phrase}\r\nContent-Length: {len(body)}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n").encode() + body


def _framing_error(version: str, lines: list[bytes]) -> tuple[int, str] | None:
    """Why RFC 9112 (sections 5 to 7) says to refuse these raw header lines, or None."""
    fields: dict[bytes, list[str]] = {b"content-length": [], b"host": [], b"transfer-encoding": []}
    for line in lines:
        field = line.removesuffix(b"\n").removesuffix(b"\r")  # a bare LF ends a line too
        name, colon, value = field.partition(b":")
        if field.startswith((b" ", b"\t")):
            return 400, "a header line starts with whitespace (obs-fold)"
        if b"\0" in field or b"\r" in field:
            return 400, "a header line holds a NUL or a bare CR"
        if not colon:
            return 400, "a header line has no colon"
        if name.endswith((b" ", b"\t")):
            return 400, "a header name has whitespace before the colon"
        fields.setdefault(name.lower(), []).append(value.strip(b" \t").decode("latin-1"))
    lengths, hosts, te = fields[b"content-length"], fields[b"host"], fields[b"transfer-encoding"]
    items = (item.strip(" \t").lower() for value in te for item in value.split(","))
    codings = [item for item in items if item]  # RFC 9110, 5.6.1: empty list items are ignored
    if lengths and te:
        return 400, "both Content-Length and Transfer-Encoding"
    if not all(n.isascii() and n.isdigit() for n in lengths):
        return 400, "Content-Length is not a number"
    if len(set(lengths)) > 1:
        return 400, "Content-Length headers that differ"
    if unknown := next((coding for coding in codings if coding not in _CODINGS), None):
        return 501, f"unknown transfer coding {unknown!r}"
    if te and not codings:
        return 400, "Transfer-Encoding names no transfer coding"
    if codings and codings[-1] != "chunked":
        return 400, "chunked must be the last transfer coding"
    if len(hosts) > 1:
        return 400, "more than one Host header"
    if not hosts and version not in ("HTTP/0.9", "HTTP/1.0"):
        return 400, "an HTTP/1.1 request needs a Host header"
    return None


class _RequestHandler(WSGIRequestHandler):
    timeout = 30.0  # seconds a client may stay silent; make_server sets it from --timeout
    environ: WSGIEnvironment | None = None  # once the request reaches the app

    def handle(self) -> None:
        self.started = time.perf_counter()
        try:  # the request line, then header lines to the blank one, within http's limits
            head = [line := self.rfile.readline(65537)]
            while line not in (b"\r\n", b"\n", b"") and len(line) <= 65536 and len(head) <= 101:
                head.append(line := self.rfile.readline(65537))
        except TimeoutError:  # an idle connection (a browser's preconnect, say)
            log.info("%s timed out after %gs without a complete request",
                     self.address_string(), self.timeout)
            return
        except ConnectionError:
            return  # the client left before its request was complete
        self.raw_requestline = head[0]
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        rfile, self.rfile = self.rfile, io.BytesIO(b"".join(head[1:]))
        parsed = self.parse_request()  # http.server parses the header lines from the copy
        self.rfile = rfile
        if not parsed:
            return  # http.server has answered with its own error (431, say)
        if refusal := _framing_error(self.request_version, head[1:-1]):  # not the blank line
            log.warning('%s "%s" refused with %d: %s', self.address_string(), self.requestline,
                        *refusal)
            self.wfile.write(_plain_response(*refusal))
            return
        self.environ = self.get_environ()
        handler = ServerHandler(self.rfile, self.wfile, self.get_stderr(),  # type: ignore[arg-type]
                                self.environ)
        # wsgiref copies the process environment into every environ, a habit from CGI;
        # uWSGI and gunicorn do not, and a page that shows its environ would show secrets.
        handler.os_environ = {}
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if (env := self.environ) is None:
            return  # http.server refused the request itself, and logged a warning
        path = (env["SCRIPT_NAME"] + env["PATH_INFO"]).encode("latin-1")
        access_log.info('%s "%s %s" %s %s %.1fms', env["REMOTE_ADDR"], env["REQUEST_METHOD"],
                        path.decode("utf-8", "backslashreplace"), code, size,
                        (time.perf_counter() - self.started) * 1000)

    def log_message(self, format: str, *args: Any) -> None:
        log.warning("%s %s", self.address_string(), format % args)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """wsgiref's server with a thread per connection, up to ``threads``, then a 503."""

    request_queue_size = socket.SOMAXCONN  # the listen backlog
    threads = 512  # an idle thread costs about 16 KiB; 512 sockets stay below 1024 files
    grace = 5.0  # seconds requests in flight get to finish when the server closes
    linger = 2.0  # seconds at most to read what a client still sends after its answer

    def process_request(self, request: Any, client_address: Any) -> None:
        # Only the serving thread runs this, so the list needs no lock.
        self._live = [t for t in getattr(self, "_live", []) if t.is_alive()]
        if len(self._live) < self.threads:  # daemon: a stuck client ends with the process
            thread = threading.Thread(target=self.process_request_thread,
                                      args=(request, client_address), daemon=True)
            self._live.append(thread)
            thread.start()
            return
        log.warning("%s refused with 503: all %d threads are busy", client_address[0],
                    self.threads)
        busy = f"the server is busy ({self.threads} connections); try again later"
        with suppress(OSError):  # it has left already
            request.sendall(_plain_response(503, busy))
        super().shutdown_request(request)  # no lingering here: this thread accepts

    def shutdown_request(self, request: Any) -> None:
        # As nginx does: a socket closed with unread data sends a reset, on which a
        # browser drops an answer sent before the body was read (a 413).
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


def make_server(host: str, port: int, app: WSGIApplication, *, timeout: float = 30.0,
                threads: int = ThreadingWSGIServer.threads) -> ThreadingWSGIServer:
    """A ``ThreadingWSGIServer`` on ``(host, port)`` serving ``app``, for ``serve_forever``."""
    handler = type("RequestHandler", (_RequestHandler,), {"timeout": timeout})
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("Server", (ThreadingWSGIServer,),
                        {"address_family": family, "threads": threads})
    server: ThreadingWSGIServer = server_class((host, port), handler)
    server.set_app(app)
    return server


def _watch(extra: list[str | None]) -> None:
    """Return once an imported source file, or one of ``extra``, changes (polled)."""
    seen: dict[str, float] = {}  # the first mtime of each file
    while True:
        files = [getattr(module, "__file__", None) for module in list(sys.modules.values())]
        for path in filter(None, [*files, *extra]):  # a built-in module has no file
            with suppress(OSError):  # gone for a moment: an editor replacing it, say
                if seen.setdefault(path, mtime := os.stat(path).st_mtime) != mtime:
                    log.info("%s changed, reloading", path)
                    return
        time.sleep(0.5)


def _reloader(argv: list[str]) -> int:
    """Run the server in a child, again each time it exits with ``RELOAD_EXIT``."""
    # From here on only sigwait takes a stop or a child's exit, and each child inherits the
    # block.  SIGCHLD gets a handler: some systems drop an ignored signal even while blocked.
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.pthread_sigmask(signal.SIG_BLOCK, _WAITED)
    env = {**os.environ, _CHILD: "start"}
    stopped = False
    while True:
        child = subprocess.Popen([sys.executable, "-m", "wsgikit.serve", *argv], env=env)
        while child.poll() is None:
            if (signum := signal.sigwait(_WAITED)) != signal.SIGCHLD:
                child.send_signal(signum)  # it waits in the child until its handler is in place
                stopped = True
        if child.returncode != RELOAD_EXIT:
            return child.returncode
        if stopped:
            return 0  # the stop came as the child exited to restart
        env[_CHILD] = "restart"


def _interrupt(signum: int, frame: object) -> None:
    for sig in _STOPS:  # once: a second stop (Ctrl-C twice) must not cut the clean-up
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt


def _error(message: str) -> int:
    print(f"wsgikit.serve: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv``, serve until Ctrl-C or SIGTERM; 0 on a clean stop, 2 on bad input."""
    parser = argparse.ArgumentParser(prog="python -m wsgikit.serve", description=(
        "Serve a WSGI app (default: the exercise gallery) on wsgiref."))
    add = parser.add_argument
    add("app", nargs="?", metavar="APP", help="module:attr of the WSGI app (attr: "
        "application, then app); without it, the gallery of a wsgikit checkout")
    add("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    add("--port", type=int, default=8000, help="port (8000; 0 picks a free one)")
    add("--mount", action="append", default=[], metavar="PREFIX=APP",
        help="also serve APP under PREFIX; repeatable")
    add("--timeout", type=float, default=30.0, help="seconds a client may stay silent (30)")
    add("--threads", type=int, default=ThreadingWSGIServer.threads,
        help="most connections served at once; past them, a 503 (512)")
    add("--reload", action="store_true", help="restart when a source file changes")
    add("--debug", action="store_true", help="--reload, and a failing request from this "
        "machine gets its traceback (loopback --host only)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO,  # unless the caller has set logging up
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # DebugTracebacks's own test of a client's address, put to the address we bind
    loopback = args.host == "localhost" or from_loopback({"REMOTE_ADDR": args.host})
    if args.debug and not loopback:
        return _error(f"--debug sends tracebacks, and the secrets in them, to the client: "
                      f"it binds to a loopback address only, not {args.host}")
    if args.threads < 1:
        return _error("--threads must be at least 1")
    child = os.environ.get(_CHILD)
    if (args.reload or args.debug) and not child:
        return _reloader(sys.argv[1:] if argv is None else argv)
    # Installed explicitly (a shell starts background jobs with SIGINT ignored),
    # and before the app is loaded, so that a stop during start-up is clean too.
    previous = {sig: signal.signal(sig, _interrupt) for sig in _STOPS}
    try:
        if child:  # blocked by the reloader until now
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _WAITED)
        return _serve(args, loopback, child)
    except KeyboardInterrupt:
        print("wsgikit.serve: stopped", file=sys.stderr, flush=True)
        return 0
    finally:
        for sig, handler in previous.items():  # a child exits now: no late signal cuts it
            signal.signal(sig, signal.SIG_IGN if child else handler)


def _serve(args: argparse.Namespace, loopback: bool, child: str | None) -> int:
    spec = args.app or GALLERY
    try:
        app, mounts = load_app(spec), {}
        for item in args.mount:
            prefix, sep, target = item.partition("=")
            if not sep or not target:
                raise ValueError(f"--mount {item!r}: write PREFIX=module:attr")
            mounts[prefix] = load_app(target)
        app = Mount(app, mounts) if mounts else app
    except (AppLoadError, ValueError) as exc:
        cause = exc.__cause__ or exc
        if args.app is None and isinstance(cause, ModuleNotFoundError) and cause.name == "examples":
            return _error("no APP given and no gallery here: give an APP (module:attr), "
                          "or run it from a wsgikit checkout to serve the gallery")
        status = _error(str(exc))
        if child != "restart":
            return status
        # Wait for the next edit, watching the error's files too (a SyntaxError's is in no frame).
        print("wsgikit.serve: waiting for a change to restart", file=sys.stderr, flush=True)
        where = [frame.filename for frame in traceback.extract_tb(cause.__traceback__)]
        _watch([*where, getattr(cause, "filename", None)])
        return RELOAD_EXIT
    try:
        server = make_server(args.host, args.port, DebugTracebacks(app) if args.debug else app,
                             timeout=args.timeout, threads=args.threads)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return _error(f"port {args.port} on {args.host} is already in use")
        return _error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    with server:  # closed on the way out, a stop included
        host, port = str(server.server_address[0]), server.server_port
        if not loopback:
            log.warning("listening on %s: reachable from other machines; wsgiref is a "
                        "development server, put uWSGI or gunicorn in front of real traffic", host)
        if args.debug:
            log.warning("--debug: a failing request from this machine gets its traceback; "
                        "never use it in production")
        url_host = f"[{host}]" if ":" in host else host
        print(f"wsgikit.serve: serving {spec} on http://{url_host}:{port}/ (Ctrl-C to stop)",
              file=sys.stderr, flush=True)
        if child:
            def restart() -> None:
                _watch([])
                server.shutdown()
            threading.Thread(target=restart, daemon=True).start()
        server.serve_forever()
    return RELOAD_EXIT  # only the watcher ends serve_forever


if __name__ == "__main__":
    raise SystemExit(main())
