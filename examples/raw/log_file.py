"""log_file (seed 003, logger): unknown paths, logged at WARNING to a rotating file.

The Flask original::

    if not app.debug:
        from logging.handlers import RotatingFileHandler
        file_handler = RotatingFileHandler("exam_log.log", maxBytes = 2000, backupCount = 10)
        file_handler.setLevel(logging.WARNING)
        app.logger.addHandler(file_handler)

    @app.errorhandler(404)
    def page_not_found(error):
        app.logger.error(error)            # WARNING here: a wrong URL is the client's mistake
        return "<h1>404 Error</h1>", 404

``GET /`` answers a line of text; any other path is ``<h1>404 Error</h1>`` with
status 404, and one WARNING line: ``404 Not Found: '/the/path'``.

What to notice:

- The handler goes on this module's logger, ``logging.getLogger(__name__)``,
  when the module is imported: once per process, never per request.  Loggers
  live in the ``logging`` module, not in yours, so a module that runs again
  (``importlib.reload``) gets the same logger back, handler and all:
  ``install_file_handler`` leaves the one it finds in place.  The seed's lines,
  run twice, write every line twice.
- The file's path comes from ``$WSGIKIT_LOG_FILE``.  Unset, there is no file
  handler: the line still goes up to the root logger, which ``python -m
  wsgikit.serve`` prints on stderr (with no logging set up at all, Python's
  last-resort handler prints WARNING lines there too).  An import must not leave
  a file in whatever the current directory is (the gallery and the tests import
  every exercise), and stderr is where uWSGI, gunicorn and systemd already
  collect, and rotate, a server's log.
- Not while debugging: ``$WSGIKIT_DEBUG`` set (to anything but ``0``, ``false``
  or ``no``, the values Flask reads in ``FLASK_DEBUG``) means no file.
- ``maxBytes=2000, backupCount=10``: a line goes into the file only while the
  file stays under 2000 bytes; otherwise the file becomes ``.1``, ``.1`` becomes
  ``.2`` and so on, and ``.10`` is dropped.  Forty lines of 120 bytes leave
  ``x.log`` (8 lines), ``x.log.1`` and ``x.log.2`` (16 each).
- ``%.200a``: the path as an ASCII Python literal, cut at 200 characters.  A
  ``%0A`` in the URL is ``\\n`` in the log, not a new line that would look like
  a record of its own, and ``%1B`` cannot recolour the terminal that shows the
  log.  ASCII also keeps ``maxBytes`` true: the handler measures a line in
  characters and the file in bytes, so ``한`` (3 bytes) would make a file grow
  past its limit.  The cut: the client chooses the length of the path, and a
  line longer than ``maxBytes`` would push a whole file out of the rotation.
- The format is Flask's own (``flask.logging.default_handler``'s), so the three
  forms write the same line.
- One process only: ``RotatingFileHandler`` renames the file under any other
  process writing to it (``processes = 4`` under uWSGI).  There, log to stderr,
  or use ``WatchedFileHandler`` and let ``logrotate`` rotate.

``utf8_path``, ``method_check`` and ``root_redirect`` are what hello wrote out.

What Flask does for you: ``app.logger``, a logger named after the app (with a
handler to ``wsgi.errors`` where logging has none), ``app.debug`` read from
``FLASK_DEBUG``, and ``@app.errorhandler(404)``.  The logging itself is the
standard library's, in every form.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/log_file.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import logging
import os
from logging.handlers import RotatingFileHandler
from typing import TYPE_CHECKING

from ._plumbing import method_check, root_redirect, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

logger = logging.getLogger(__name__)

LOG_FORMAT = "[%(asctime)s] %(levelname)s in %(module)s: %(message)s"  # Flask's default
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
INDEX = "Any other path is a 404, logged at WARNING."
NOT_FOUND_PAGE = "<h1>404 Error</h1>"


def debug_flag(value: str | None) -> bool:
    """``$WSGIKIT_DEBUG`` read as Flask reads ``FLASK_DEBUG``: set, and not 0, false or no."""
    return bool(value and value.lower() not in ("0", "false", "no"))


def install_file_handler(path: str) -> None:
    """The seed's four lines, on this module's logger, once per process."""
    if any(isinstance(handler, RotatingFileHandler) for handler in logger.handlers):
        return  # the module ran again: its logger, and the handler on it, are the old ones
    file_handler = RotatingFileHandler(path, maxBytes=2000, backupCount=10, encoding="utf-8")
    file_handler.setLevel(logging.WARNING)
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logger.addHandler(file_handler)


LOG_FILE = os.environ.get("WSGIKIT_LOG_FILE")  # unset or empty: no file, the line goes to stderr
if LOG_FILE and not debug_flag(os.environ.get("WSGIKIT_DEBUG")):
    install_file_handler(LOG_FILE)


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str, str]:
    """The status line, the extra headers, the content type and the text."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], TEXT, "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            status, location, text = redirect
            return status, location, TEXT, text
    if path != "/":  # @app.errorhandler(404)
        logger.warning("404 Not Found: %.200a", path)  # one line, whatever the path holds
        return "404 Not Found", [], HTML, NOT_FOUND_PAGE
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        status, allow, text = refusal
        return status, allow, TEXT, text
    return "200 OK", [], TEXT, INDEX


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, content_type, text = answer(environ)
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/log_file.py [--host H] [--port P]: wsgiref, the standard library's
    # server, serves this application on 127.0.0.1:29130, the seed's port.  The seed's host
    # 0.0.0.0 would expose this development server to every machine on the network.
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
