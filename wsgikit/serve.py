"""Serve any WSGI app on the standard library's wsgiref, threaded, with an access log.

``python -m wsgikit.serve`` with no argument serves the gallery of exercises;
with ``module:attr`` (as uWSGI and gunicorn take it) it serves that app::

    python -m wsgikit.serve                              # the gallery on 127.0.0.1:8000
    python -m wsgikit.serve examples.raw.hello --port 8001
    python -m wsgikit.serve myapp:app --mount /api=api:application --reload

What it adds to ``wsgiref.simple_server``:

- a thread per request (one slow client does not stall the others), and a socket
  timeout so that a client that never sends its body holds a thread only so long;
- loopback by default, and a warning when bound to any other address;
- one access-log line per request through ``logging`` (logger ``wsgikit.access``):
  method, SCRIPT_NAME + PATH_INFO, status, body bytes, duration;
- ``--mount PREFIX=APP`` to put more apps beside the main one (``wsgikit.Mount``);
- ``--reload``: restart when a source file changes (a watcher in a child process);
- one-line errors with exit status 2 for a bad APP, a bad prefix or a port in use;
  Ctrl-C and SIGTERM stop it with status 0.

wsgiref is a development server: put uWSGI or gunicorn in front of real traffic.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import ipaddress
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from socketserver import ThreadingMixIn
from types import FrameType
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

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


class _RequestHandler(WSGIRequestHandler):
    timeout = 30.0  # seconds a client may stay silent; set from --timeout

    def handle(self) -> None:
        started = time.perf_counter()
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = ""
            self.request_version = ""
            self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
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
    """A thread per request; on close, requests in flight get ``grace`` seconds to finish."""

    daemon_threads = True  # a stuck client does not keep the process alive past the grace
    grace = 5.0

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        # Only the serving thread runs this, so the list needs no lock.
        self._live = [t for t in getattr(self, "_live", []) if t.is_alive()] + [thread]
        thread.start()

    def server_close(self) -> None:
        super().server_close()
        deadline = time.monotonic() + self.grace
        for thread in getattr(self, "_live", []):
            thread.join(max(0.0, deadline - time.monotonic()))


class _IPv6Server(ThreadingWSGIServer):
    address_family = socket.AF_INET6


def make_server(
    host: str, port: int, app: WSGIApplication, *, timeout: float = 30.0
) -> ThreadingWSGIServer:
    """A threaded wsgiref server bound to ``(host, port)``, ready for ``serve_forever``."""
    server_class = _IPv6Server if ":" in host else ThreadingWSGIServer
    handler = type("RequestHandler", (_RequestHandler,), {"timeout": timeout})
    server = server_class((host, port), handler)
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
    parser.add_argument("app", nargs="?", default=GALLERY, metavar="APP",
                        help="module:attr of the WSGI app (attr: application, then app)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (8000; 0 picks a free one)")
    parser.add_argument("--mount", action="append", default=[], metavar="PREFIX=APP",
                        help="also serve APP under PREFIX; repeatable")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds a client may stay silent before it is dropped (30)")
    parser.add_argument("--reload", action="store_true",
                        help="restart when a source file changes")
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


def _watch(stop: threading.Event, on_change: Callable[[], None], interval: float = 0.5) -> None:
    """Poll the mtimes of every imported source file; call ``on_change`` once."""

    def snapshot() -> dict[str, float]:
        times = {}
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if path and os.path.isfile(path):
                times[path] = os.stat(path).st_mtime
        return times

    before = snapshot()
    while not stop.wait(interval):
        now = snapshot()
        changed = [p for p, t in now.items() if before.get(p, t) != t]
        if changed:
            log.warning("%s changed, reloading", changed[0])
            on_change()
            return
        before.update(now)


def _reloader(argv: list[str]) -> int:
    """Run the server in a child and start it again whenever it exits asking to."""
    env = dict(os.environ, **{_CHILD_ENV: "1"})
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
    return 0  # a stop that came between one child and the next


def _error(message: str) -> int:
    print(f"wsgikit.serve: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv``, serve until Ctrl-C or SIGTERM; 0 on a clean stop, 2 on bad input."""
    args = _parser().parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
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


def _serve(args: argparse.Namespace) -> int:
    status = 0
    stop_watch = threading.Event()
    try:
        app = _build_app(args.app, args.mount)
    except (AppLoadError, ValueError) as exc:
        return _error(str(exc))
    try:
        server = make_server(args.host, args.port, app, timeout=args.timeout)
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
        url_host = f"[{host}]" if ":" in host else host
        print(f"wsgikit.serve: serving {args.app} on http://{url_host}:{port}/ "
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
