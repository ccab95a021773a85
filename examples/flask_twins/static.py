"""static (seed 001, 정적 파일): files from a folder, with ETag, 304 and no way out.

The seed's app is ``Flask(__name__)``: Flask serves the ``static`` folder next to
the app at ``/static/<path:filename>`` without a line of code, and
``url_for('static', filename='style.css')`` links to it.  The folder here is
``examples/static/``, shared by every form of the exercise, hence
``static_folder``.  Compared with ``examples/raw/static.py``, Flask's
``send_static_file`` (Werkzeug's ``safe_join`` and ``send_file``) does for you:
``..`` segments, absolute names and anything that is not a regular file in the
folder are a 404; the media type is guessed from the extension; ``ETag``,
``Last-Modified`` and ``Cache-Control: no-cache`` are sent, and a conditional
GET is answered 304 with no body; ``HEAD`` gets the headers and no body.
Werkzeug's ``safe_join`` does not resolve symlinks: a link inside the folder is
followed wherever it points (the raw form refuses that; this folder holds none).

Flask differs: ``/static//etc/passwd`` is a 308 to ``/static/etc/passwd`` (Werkzeug
merges slashes), which then is a 404; ``Allow`` comes from a set; a name that is
not UTF-8 is a 404 (recorded in ``tests/cases/static.py``).
"""

from __future__ import annotations

from flask import Flask

# static_folder is relative to this package: the shared folder, not a copy.
app = Flask(__name__, static_folder="../static")


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.static run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
