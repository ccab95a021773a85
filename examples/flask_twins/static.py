"""static (seed 001, 정적 파일): files from a folder, with ETag, 304 and no way out.

The seed's app is ``Flask(__name__)``: Flask serves the ``static`` folder next to
the app at ``/static/<path:filename>`` without a line of code, and
``url_for('static', filename='style.css')`` links to it.  The folder here is
``examples/static/``, shared by every form of the exercise.  Compared with
``examples/raw/static.py``, ``send_static_file`` (Werkzeug's ``safe_join`` and
``send_file``) does for you:

- the file name is joined safely: ``..`` segments, absolute names and anything
  that is not a regular file in the folder are a 404;
- the media type is guessed from the extension (``text/css; charset=utf-8``);
- ``ETag``, ``Last-Modified`` and ``Cache-Control: no-cache`` are sent, and a
  conditional GET (``If-None-Match``, compared weakly, or else
  ``If-Modified-Since``) is answered 304 with no body;
- ``HEAD`` gets the headers and no body; the file is streamed, not read whole.

Bent in ``make_app`` only: Werkzeug would answer ``/static//etc/passwd`` with a
308 to ``/static/etc/passwd`` (it merges slashes); the contract says 404, which
is what the ``path`` converter gives once merging is off (and ``//static/...``
is a 404 too, not the file).  Werkzeug's
``safe_join`` does not resolve symlinks: a link inside the folder is followed
wherever it points (the raw form refuses that; this folder holds none).
"""

from __future__ import annotations

from ._common import make_app

# static_folder is relative to this package: the shared folder, not a copy.
app = make_app(__name__, static_folder="../static")
