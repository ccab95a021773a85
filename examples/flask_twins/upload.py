"""upload (seeds 002, 003): a multipart/form-data upload, parsed by Werkzeug.

The seed's ``application.py``, without OpenCV and the model::

    @app.route("/inference", methods = ['POST', "PUT"])
    def api_inference():
        files = request.files['img_file']
        model_type = request.form['model_type']
        for file in files:
            bin_img = files[file].read()
            ...

``POST /inference`` takes files in ``img_file`` and a text field ``model_type``
and answers JSON: for each file its name, media type, size, SHA-256 and, for a
PNG, JPEG or GIF, the size read from its header.  ``GET /`` is a form that posts
there.  Compared with ``examples/raw/upload.py``, which splits the body on its
boundary by hand, Flask does for you: ``request.files.getlist('img_file')`` and
``request.form`` come out of Werkzeug's streaming multipart parser (boundaries,
part headers, ``filename*=UTF-8''...``, quoted names, preamble and epilogue,
CRLF or bare LF); a ``CONTENT_LENGTH`` over ``MAX_CONTENT_LENGTH`` is a 413
before a byte is read; ``secure_filename`` makes a name safe to store;
``url_for`` writes the form's ``action`` under the mount point.  A part with
``filename=""`` is a browser's "no file chosen", and is skipped.

Flask differs: ``secure_filename`` keeps ASCII letters, digits and ``._-`` only
and joins a path's parts (``한글 사진.png`` is ``png``, ``../../etc/passwd``
``etc_passwd``); Werkzeug's parser takes a boundary after a bare CR or LF in a
CRLF body (the form breaks: a 400) and a file's last CR in an LF body for part
of the line break, decodes text fields and ``filename*`` with
``errors="replace"``, and takes a boundary of any length; ``Allow`` comes from a
set; a path that is not UTF-8 is a 404 (recorded in ``tests/cases/upload.py``).
Not recordable there: where a body breaks off inside a file part (cut short,
no closing boundary), Werkzeug drops that part's ``SpooledTemporaryFile``
unclosed, for the garbage collector to close with a ``ResourceWarning``; and
behind nginx's ``uwsgi_pass`` a chunked upload arrives empty (as in wsgi_body).
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/flask_twins/upload.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.flask_twins"

import hashlib
from typing import Any

from flask import Flask, abort, render_template_string, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import ClientDisconnected
from werkzeug.utils import secure_filename

from examples.imagesize import image_info

from ._common import client_failed

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024  # 8 MiB, then 413
app.register_error_handler(ClientDisconnected, client_failed)  # 408 for a stalled body

FORM_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>upload</title></head><body>
<h1>Upload images</h1>
<form method="post" action="{{ url_for('api_inference') }}" enctype="multipart/form-data">
<p><label>model_type <input name="model_type" value="strawberry" required></label></p>
<p><label>img_file <input type="file" name="img_file" multiple required></label></p>
<p><button>POST /inference</button></p>
</form>
</body></html>
"""


def describe(file: FileStorage) -> dict[str, Any]:
    data = file.read()
    return {
        "filename": secure_filename(file.filename or ""),
        # mimetype: lower-cased, without parameters; "" when the part sent none
        "content_type": file.mimetype or "application/octet-stream",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "image": image_info(data),
    }


@app.route("/")
def form_page() -> str:
    return render_template_string(FORM_PAGE)


@app.route("/inference", methods=["POST"])
def api_inference() -> dict[str, Any]:
    if request.mimetype != "multipart/form-data":
        abort(415, "the body must be multipart/form-data")
    files = [file for file in request.files.getlist("img_file") if file.filename]
    model_type = request.form.get("model_type")
    if not model_type:
        abort(400, "the form needs a non-empty model_type field")
    if not files:
        abort(400, "the form needs at least one file in img_file")
    return {"model_type": model_type, "files": [describe(file) for file in files]}


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.upload run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
