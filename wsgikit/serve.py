"""Serve any WSGI app on the standard library's wsgiref, threaded, with an access log.

``python -m wsgikit.serve`` with no argument serves the gallery of exercises
(from a wsgikit checkout);
with ``module:attr`` (as uWSGI and gunicorn take it) it serves that app::

    python -m wsgikit.serve                              # the gallery on 127.0.0.1:8000
    python -m wsgikit.serve examples.raw.hello --port 8001
    python -m wsgikit.serve myapp:app --mount /api=api:application --reload

What it adds to ``wsgiref.simple_server``:

- a thread per connection (one slow client does not stall the others), and a socket
  timeout: a client silent for ``--timeout`` seconds (30) is dropped with one log line;
- at most ``--threads`` connections at once (512); past that a client gets a 503 that
  says the server is busy.  A silent connection holds its thread until its timeout,
  so the bound is set high rather than guarded by a first-byte selector: an idle
  thread costs about 16 KiB, 200 silent clients leave 312 threads for the rest, and
  512 sockets stay below the usual limit of 1024 open files.  A client that
  trickles its request keeps its thread for as long as it trickles;
- a listen backlog of ``socket.SOMAXCONN`` (wsgiref's is 5), so that a burst of
  connections waits in the kernel's queue instead of having handshakes dropped;
- a 400 that says why (501 for an unknown transfer coding) for the header lines
  RFC 9112 tells a server to refuse: see ``_framing_error``;
- loopback by default, and a warning when bound to any other address;
- one access-log line per request through ``logging`` (logger ``wsgikit.access``):
  method, SCRIPT_NAME + PATH_INFO, status, body bytes, duration;
- ``--mount PREFIX=APP`` to put more apps beside the main one (``wsgikit.Mount``);
- ``--reload``: restart when a source file changes (a watcher in a child process);
  an edit that breaks the import is reported, and the next change restarts it;
- ``--debug``: ``--reload``, and ``wsgikit.DebugTracebacks`` around the app, so that a
  failing request from this machine gets its traceback; a ``--host`` that is not
  loopback is refused (the traceback, and the secrets in it, would go to the network);
- one-line errors with exit status 2 for a bad APP, a bad prefix or a port in use;
  Ctrl-C and SIGTERM stop it with status 0.

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
from collections.abc import Callable, Iterable
from http import HTTPStatus
from socketserver import ThreadingMixIn
from types import FrameType
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from .debug import DebugTracebacks
from .mount import Mount

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

__all__ = ["AppLoadError", "load_app", "main", "make_server"]

GALLERY = "examples.gallery:application"
RELOAD_EXIT = 3  # a child's exit status that asks the reloader for a restart
_CHILD_ENV = "WSGIKIT_SERVE_CHILD"

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
    except ModuleNotFoundError as exc:
        if exc.name is not None and module_name.startswith(exc.name):
            raise AppLoadError(f"no module named {exc.name!r} (from {spec!r})") from exc
        raise AppLoadError(f"importing {module_name!r} failed: {exc}") from exc
    except Exception as exc:
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
    """wsgiref's handler, logging one line per request when the response closes."""

    started = 0.0
    # wsgiref copies the whole process environment into every request's environ, a
    # habit from CGI; uWSGI and gunicorn do not, and an app that shows its environ
    # (a debug page, the gallery's trace) would show PATH, HOME and any API key.
    os_environ: dict[str, str] = {}  # noqa: RUF012 (wsgiref's own attribute)

    def close(self) -> None:
        # status, environ and bytes_sent are set by BaseHandler at run time.
        env: dict[str, Any] | None = getattr(self, "environ", None)
        status: str | None = getattr(self, "status", None)
        try:
            if status is not None and env is not None:
                path = env.get("SCRIPT_NAME", "") + env.get("PATH_INFO", "")
                access_log.info(
                    '%s "%s %s" %s %d %.1fms',
                    env.get("REMOTE_ADDR", "-"),
                    env.get("REQUEST_METHOD", "-"),
                    path.encode("latin-1").decode("utf-8", "backslashreplace"),
                    status.split(" ", 1)[0],
                    getattr(self, "bytes_sent", 0),
                    (time.perf_counter() - self.started) * 1000,
                )
        finally:
            super().close()


def _plain_response(status: HTTPStatus, text: str) -> bytes:
    """A whole response that says ``text`` and closes the connection."""
    body = f"{status.phrase}: {text}\n".encode()
    head = (f"HTTP/1.0 {status.value} {status.phrase}\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n")
    return head.encode("latin-1") + body


def _read_head(rfile: io.BufferedIOBase) -> list[bytes]:
    """The raw header lines, to the blank one, within http.client's limits (it
    answers 431 past them when it parses these lines)."""
    lines: list[bytes] = []
    while len(lines) <= 100:
        line = rfile.readline(65537)
        lines.append(line)
        if line in (b"\r\n", b"\n", b"") or len(line) > 65536:
            break
    return lines


#: the transfer codings registered for HTTP/1.1 (RFC 9112, section 7); not "identity"
_CODINGS = {"chunked", "compress", "deflate", "gzip", "x-compress", "x-gzip"}


def _framing_error(version: str, lines: list[bytes]) -> tuple[HTTPStatus, str] | None:
    """Why RFC 9112 says to refuse a request with these header lines, or None.

    http.client folds or drops some of these before a handler sees them, so the
    raw lines are checked.  A bare LF ends a line, as RFC 9112 allows.
    """
    fields: dict[bytes, list[str]] = {}
    for line in lines:
        field = line.removesuffix(b"\n").removesuffix(b"\r")
        if not field:
            break
        if field[:1] in (b" ", b"\t"):
            return HTTPStatus.BAD_REQUEST, "a header line starts with whitespace (obs-fold)"
        if b"\0" in field or b"\r" in field:
            return HTTPStatus.BAD_REQUEST, "a header line holds a NUL or a bare CR"
        name, colon, value = field.partition(b":")
        if not colon:
            return HTTPStatus.BAD_REQUEST, "a header line has no colon"
        if name != name.rstrip(b" \t"):
            return HTTPStatus.BAD_REQUEST, "a header name has whitespace before the colon"
        fields.setdefault(name.lower(), []).append(value.strip(b" \t").decode("latin-1"))
    lengths = fields.get(b"content-length", [])
    codings = [c.strip(" \t").lower()
               for value in fields.get(b"transfer-encoding", []) for c in value.split(",")]
    hosts = fields.get(b"host", [])
    if lengths and codings:
        return HTTPStatus.BAD_REQUEST, "both Content-Length and Transfer-Encoding"
    if not all(re.fullmatch("[0-9]+", length) for length in lengths):
        return HTTPStatus.BAD_REQUEST, "Content-Length is not a number"
    if len(set(lengths)) > 1:
        return HTTPStatus.BAD_REQUEST, "Content-Length headers that differ"
    unknown = [coding for coding in codings if coding not in _CODINGS]
    if unknown:
        return HTTPStatus.NOT_IMPLEMENTED, f"unknown transfer coding {unknown[0]!r}"
    if codings and codings[-1] != "chunked":
        return HTTPStatus.BAD_REQUEST, "chunked must be the last transfer coding"
    if len(hosts) > 1:
        return HTTPStatus.BAD_REQUEST, "more than one Host header"
    if not hosts and version not in ("HTTP/0.9", "HTTP/1.0"):
        return HTTPStatus.BAD_REQUEST, "an HTTP/1.1 request needs a Host header"
    return None


class _RequestHandler(WSGIRequestHandler):
    timeout = 30.0  # seconds a client may stay silent; set from --timeout

    def handle(self) -> None:
        started = time.perf_counter()
        try:
            self.raw_requestline = self.rfile.readline(65537)
            head = _read_head(self.rfile) if len(self.raw_requestline) <= 65536 else []
        except TimeoutError:  # an idle connection (a browser's preconnect, say)
            log.info("%s timed out after %gs without a complete request",
                     self.address_string(), self.timeout)
            return
        except ConnectionError:
            return  # the client left before its request was complete
        if len(self.raw_requestline) > 65536:
            self.requestline = ""
            self.request_version = ""
            self.command = ""
            self.send_error(414)
            return
        rfile, self.rfile = self.rfile, io.BytesIO(b"".join(head))  # the lines read above
        try:
            if not self.parse_request():
                return
        finally:
            self.rfile = rfile
        refusal = _framing_error(self.request_version, head)
        if refusal is not None:
            status, reason = refusal
            log.warning('%s "%s" refused with %d: %s',
                        self.address_string(), self.requestline, status, reason)
            self.wfile.write(_plain_response(status, reason))
            return
        handler = _Handler(
            self.rfile,
            self.wfile,  # type: ignore[arg-type]
            self.get_stderr(),
            self.get_environ(),
            multithread=True,
        )
        handler.started = started
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """The access line is written by the handler, which knows the environ."""

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
            try:
                request.sendall(_plain_response(HTTPStatus.SERVICE_UNAVAILABLE, busy))
            except OSError:
                pass  # it has left already
            super().shutdown_request(request)  # no lingering here: this thread accepts
            return
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        self._live.append(thread)
        thread.start()

    def shutdown_request(self, request: Any) -> None:
        """Close as nginx does, lingering: an answer sent before the body was read (a
        413) is followed by the rest of the body, and a socket closed with unread data
        sends a reset, on which a browser drops the answer it had.  So: stop writing,
        read and discard what still arrives (``linger`` seconds at most), then close."""
        try:
            request.shutdown(socket.SHUT_WR)
            request.settimeout(self.linger)
            deadline = time.monotonic() + self.linger
            while time.monotonic() < deadline and request.recv(65536):
                pass
        except OSError:
            pass  # gone, reset, or silent past the deadline
        self.close_request(request)

    def server_close(self) -> None:
        super().server_close()
        deadline = time.monotonic() + self.grace
        for thread in getattr(self, "_live", []):
            thread.join(max(0.0, deadline - time.monotonic()))


class _IPv6Server(ThreadingWSGIServer):
    address_family = socket.AF_INET6


def make_server(
    host: str,
    port: int,
    app: WSGIApplication,
    *,
    timeout: float = 30.0,
    threads: int = ThreadingWSGIServer.threads,
) -> ThreadingWSGIServer:
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
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wsgikit.serve",
        description="Serve a WSGI app (default: the exercise gallery) on wsgiref.",
    )
    parser.add_argument("app", nargs="?", metavar="APP",
                        help="module:attr of the WSGI app (attr: application, then app); "
                             "without it, the gallery of a wsgikit checkout")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (8000; 0 picks a free one)")
    parser.add_argument("--mount", action="append", default=[], metavar="PREFIX=APP",
                        help="also serve APP under PREFIX; repeatable")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds a client may stay silent before it is dropped (30)")
    parser.add_argument("--threads", type=int, default=ThreadingWSGIServer.threads,
                        help="most connections served at once; past them, a 503 (512)")
    parser.add_argument("--reload", action="store_true",
                        help="restart when a source file changes")
    parser.add_argument("--debug", action="store_true",
                        help="--reload, and a failing request from this machine gets its "
                             "traceback (loopback --host only)")
    return parser


def _build_app(spec: str, mounts: list[str]) -> WSGIApplication:
    app = load_app(spec)
    if not mounts:
        return app
    table: dict[str, WSGIApplication] = {}
    for item in mounts:
        prefix, sep, target = item.partition("=")
        if not sep or not target:
            raise ValueError(f"--mount {item!r}: write PREFIX=module:attr")
        table[prefix] = load_app(target)
    try:
        return Mount(app, table)
    except ValueError as exc:
        raise ValueError(f"--mount: {exc}") from None


class _Stop(BaseException):
    """Raised by SIGINT or SIGTERM; a BaseException, like KeyboardInterrupt, so that
    an ``except Exception`` in the app being imported cannot swallow it."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    # Once is enough: a second signal (Ctrl-C twice, or the reloader's) must not
    # cut the clean-up the first one started.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    raise _Stop


def _watch(
    stop: threading.Event,
    on_change: Callable[[], None],
    extra: Iterable[str] = (),
    interval: float = 0.5,
) -> None:
    """Poll the mtimes of every imported source file and of ``extra``; call
    ``on_change`` once."""

    def snapshot() -> dict[str, float]:
        paths = [getattr(module, "__file__", None) for module in list(sys.modules.values())]
        times: dict[str, float] = {}
        for path in [*paths, *extra]:
            try:
                if path and os.path.isfile(path):
                    times[path] = os.stat(path).st_mtime
            except OSError:
                pass  # gone between the two calls: an editor replacing it, say
        return times

    before = snapshot()
    while not stop.wait(interval):
        now = snapshot()
        changed = [p for p, t in now.items() if before.get(p, t) != t]
        if changed:
            log.info("%s changed, reloading", changed[0])
            on_change()
            return
        before.update(now)


def _reloader(argv: list[str]) -> int:
    """Run the server in a child and start it again whenever it exits asking to."""
    env = dict(os.environ, **{_CHILD_ENV: "start"})
    child: subprocess.Popen[bytes] | None = None
    stop: int | None = None  # the signal that asked us to stop, once one has

    def forward(signum: int, frame: FrameType | None) -> None:
        nonlocal stop
        stop = signum
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    while stop is None:
        child = subprocess.Popen([sys.executable, "-m", "wsgikit.serve", *argv], env=env)
        if stop is not None:  # it came while the child was starting: pass it on
            child.send_signal(stop)
        status = child.wait()
        if status != RELOAD_EXIT:
            return status
        env[_CHILD_ENV] = "restart"
    return 0  # a stop that came between one child and the next


def _error(message: str) -> int:
    print(f"wsgikit.serve: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv``, serve until Ctrl-C or SIGTERM; 0 on a clean stop, 2 on bad input."""
    args = _parser().parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.debug:
        if not _is_loopback(args.host):
            return _error(f"--debug sends tracebacks, and the secrets in them, to the client: "
                          f"it binds to a loopback address only, not {args.host}")
        args.reload = True
    if args.reload and not os.environ.get(_CHILD_ENV):
        return _reloader(sys.argv[1:] if argv is None else argv)
    # Installed explicitly (a shell starts background jobs with SIGINT ignored),
    # and before the app is loaded, so that a stop during start-up is clean too.
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _serve(args)
    except _Stop:  # before there was a server to close
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _source_files(exc: BaseException) -> list[str]:
    """The files an import error points at: where the fix will be made."""
    cause = exc.__cause__
    if cause is None:
        return []
    files = [frame.filename for frame in traceback.extract_tb(cause.__traceback__)]
    if isinstance(cause, SyntaxError) and cause.filename:
        files.append(cause.filename)
    return files


def _serve(args: argparse.Namespace) -> int:
    status = 0
    stop_watch = threading.Event()
    if args.threads < 1:
        return _error("--threads must be at least 1")
    try:
        app = _build_app(args.app or GALLERY, args.mount)
    except (AppLoadError, ValueError) as exc:
        cause = exc.__cause__
        if args.app is None and isinstance(cause, ModuleNotFoundError) and cause.name == "examples":
            return _error("no APP given and no gallery here: give an APP (module:attr), "
                          "or run it from a wsgikit checkout to serve the gallery")
        status = _error(str(exc))
        if os.environ.get(_CHILD_ENV) != "restart":
            return status
        # An edit broke the app: wait for the next one rather than stop the reloader.
        print("wsgikit.serve: waiting for a change to restart", file=sys.stderr, flush=True)
        _watch(stop_watch, lambda: None, _source_files(exc))
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
                nonlocal status
                status = RELOAD_EXIT
                server.shutdown()

            threading.Thread(target=_watch, args=(stop_watch, restart), daemon=True).start()
        server.serve_forever()
    except _Stop:
        status = 0  # a stop wins over a reload that was under way
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):  # a second signal must not cut this
            signal.signal(sig, signal.SIG_IGN)
        stop_watch.set()
        server.server_close()
    if status == 0:
        print("wsgikit.serve: stopped", file=sys.stderr, flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
