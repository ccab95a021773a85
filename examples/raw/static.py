"""static (seed 001, 정적 파일): files from a folder, with ETag, 304 and no way out.

The Flask original::

    app = Flask(__name__)              # serves ./static/ at /static/<path:filename>
    url_for('static', filename='style.css')

Flask's ``send_static_file`` (Werkzeug's ``safe_join`` and ``send_file``) does a
lot that is written out here:

- the file name is checked segment by segment (no ``..``, ``.``, empty segments,
  backslashes or NUL) and the resolved path must still lie inside the folder
  (a symlink cannot lead out); anything else, a folder or a missing file, is 404;
- the content type is guessed from the extension (``text/*`` gets
  ``; charset=utf-8``, as Flask does);
- ``ETag`` (``"<size>-<mtime in ns>"`` in hex) and ``Last-Modified`` are sent
  with ``Cache-Control: no-cache``; ``If-None-Match`` (weak comparison, ``*``,
  lists) or else ``If-Modified-Since`` answer 304 with no body and no
  Content-Length or Content-Type;
- files are read whole, up to 1 MiB; a larger file is not served (404).

The folder is ``examples/static/``, shared by every form of the exercise.

What to notice: ``answer`` reads in the order of the checks: ``resolve`` keeps
the name inside the folder, ``load`` takes a regular file small enough to
send, then ``not_modified`` compares the validators the client sent back (a 304
saves sending the file again).  A 304 has no body, so ``application`` sends it
without Content-Type and Content-Length.  The body is the file's bytes, sent as
they are.  ``utf8_path`` and ``method_check`` are what hello wrote out.

What Flask does for you: the ``static`` route that every Flask app has, and
``send_static_file``: ``safe_join``, the media type, the validators and the 304.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/static.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import mimetypes
import os
import stat
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ._plumbing import method_check, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

    # the status line, the extra headers, the content type and the body
    Answer = tuple[str, list[tuple[str, str]], str, bytes]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
MAX_FILE_SIZE = 1024 * 1024
PREFIX = "/static/"
TEXT = "text/plain; charset=utf-8"
NOT_MODIFIED = "304 Not Modified"


def resolve(name: str) -> str | None:
    """``safe_join``: the file's real path inside STATIC_DIR, or None."""
    parts = name.split("/")
    for part in parts:
        if part in ("", ".", "..") or "\\" in part or "\0" in part:
            return None
    root = os.path.realpath(STATIC_DIR)
    candidate = os.path.realpath(os.path.join(root, *parts))
    try:
        inside = os.path.commonpath([root, candidate]) == root
    except ValueError:  # another drive, on Windows
        return None
    return candidate if inside and candidate != root else None


def load(path: str) -> tuple[bytes, os.stat_result] | None:
    """The file's bytes and stat, or None: not a regular file, unreadable, too big."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: a FIFO must not hang the worker
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_SIZE:
            return None
        data = f.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        return None
    return data, info


def content_type(name: str) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith("text/") else kind


def not_modified(environ: WSGIEnvironment, etag: str, mtime: int) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match first; If-Modified-Since only without it."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return any(tag == "*" or tag.removeprefix("W/") == etag for tag in tags)
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
        return mtime <= since.timestamp()  # a naive date (-0000) counts as UTC
    except (TypeError, ValueError, IndexError, OverflowError):
        return False  # not an HTTP date: ignored


def answer(environ: WSGIEnvironment) -> Answer:
    """The status line, the extra headers, the content type and the body for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], TEXT, b"The path is not valid UTF-8."
    name = path[len(PREFIX) :]
    # The rule /static/<path:filename>: a non-empty name that does not start with '/'.
    if not path.startswith(PREFIX) or not name or name.startswith("/"):
        return "404 Not Found", [], TEXT, b"Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        status, allow, text = refusal
        return status, allow, TEXT, text.encode("utf-8")
    real = resolve(name)  # None: the name would lead out of the folder
    found = load(real) if real is not None else None
    if found is None:
        return "404 Not Found", [], TEXT, b"No such file."
    data, info = found
    mtime = int(info.st_mtime)
    etag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
    caching = [("ETag", etag), ("Cache-Control", "no-cache")]
    if not_modified(environ, etag, mtime):
        return NOT_MODIFIED, caching, "", b""
    caching.append(("Last-Modified", formatdate(mtime, usegmt=True)))
    return "200 OK", caching, content_type(name), data


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, kind, body = answer(environ)
    if status == NOT_MODIFIED:
        # A 304 has no body; a Content-Length here would have to be the file's size.
        start_response(status, extra)
        return []
    headers = [("Content-Type", kind), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/static.py [--host H] [--port P]: wsgiref, the standard library's
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
