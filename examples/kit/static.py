"""static (seed 001, 정적 파일): files from a folder, with ETag, 304 and no way out.

The Flask original::

    app = Flask(__name__)              # serves ./static/ at /static/<path:filename>
    url_for('static', filename='style.css')

The router's ``path`` converter takes the file name, and answers 405, OPTIONS,
HEAD and the 304's missing body; wsgikit has no ``send_file``, so the rest is
the raw form's (see it for each rule): the name is checked segment by segment
and must resolve inside ``examples/static/``, files are read whole up to 1 MiB,
``ETag`` and ``Last-Modified`` are sent, ``If-None-Match`` (else
``If-Modified-Since``) gives a 304.  Anything else is a 404.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/static.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import mimetypes
import os
import stat
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from wsgikit import NotFound, Request, Response, Router, handler

STATIC_DIR = os.path.realpath(Path(__file__).resolve().parent.parent / "static")
MAX_FILE_SIZE = 1024 * 1024


def load(filename: str) -> tuple[bytes, os.stat_result] | None:
    """Werkzeug's ``safe_join`` and a bounded read: the file's bytes and stat, or None."""
    parts = filename.split("/")
    if any(part in ("", ".", "..") or "\\" in part or "\0" in part for part in parts):
        return None
    path = os.path.realpath(os.path.join(STATIC_DIR, *parts))
    if path == STATIC_DIR or not Path(path).is_relative_to(STATIC_DIR):
        return None  # a symlink that leads out (or, on Windows, another drive)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:  # O_NONBLOCK: a FIFO must not hang the worker
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_SIZE:
            return None
        data = f.read(MAX_FILE_SIZE + 1)
    return (data, info) if len(data) <= MAX_FILE_SIZE else None


def not_modified(request: Request, etag: str, mtime: int) -> bool:
    """RFC 9110 13.2.2: If-None-Match (weak, ``*``, lists) first, else If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return any(tag == "*" or tag.removeprefix("W/") == etag for tag in tags)
    try:
        return mtime <= parsedate_to_datetime(request.headers["If-Modified-Since"]).timestamp()
    except (KeyError, TypeError, ValueError, IndexError, OverflowError):
        return False  # absent, or not an HTTP date


router = Router()


@router.route("/static/<path:filename>")
@handler
def static(request: Request, filename: str) -> Response:
    found = load(filename)
    if found is None:
        raise NotFound(f"no file {filename!r}")
    data, info = found
    mtime = int(info.st_mtime)
    headers = {"ETag": f'"{info.st_size:x}-{info.st_mtime_ns:x}"', "Cache-Control": "no-cache"}
    if not_modified(request, headers["ETag"], mtime):
        return Response(b"", 304, headers, content_type=None)  # no body, no Content-Length
    headers["Last-Modified"] = formatdate(mtime, usegmt=True)
    kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    return Response(data, 200, headers, content_type=kind)


application = router


if __name__ == "__main__":
    # python examples/kit/static.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
