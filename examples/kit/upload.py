"""upload (seeds 002, 003): a multipart/form-data upload, parsed by wsgikit.

The Flask original (the seed's ``application.py``, without OpenCV and the model)::

    @app.route('/inference', methods=['POST'])
    def api_inference():
        files = request.files.getlist('img_file')
        model_type = request.form['model_type']
        for file in files:
            bin_img = file.read()
            ...

``request.files`` and ``request.form`` come from wsgikit's streaming multipart
parser, where the raw form splits a body it holds whole: boundaries (checked
against RFC 2046, 400), part headers, ``filename*=UTF-8''...``, quoted names,
preamble and epilogue; file names reduced to a safe base name; files spooled to
disk; 413 over ``max_upload_bytes`` (8 MiB), from ``CONTENT_LENGTH`` before a
byte is read; temporary files deleted when the response is closed.  The
router answers 404, 405 and OPTIONS, and ``url_for`` writes the form's action
under the mount point.  The image sniffing is the raw form's, copied.

Bent to the raw form's decisions (see its docstring): a body that is not
``multipart/form-data`` is a 415 (``request.files`` would be empty); a part's
media type is reported lower-cased and without parameters; an empty file name
(wsgikit's answer for ``''``, ``.`` and ``..``) is ``unnamed``, unless the part
is also empty: a browser's "no file chosen", skipped; the body is read whole
before it is parsed (at most 8 MiB, as in the raw form), so that one that ends
short of ``CONTENT_LENGTH`` is a 400 even after a complete closing boundary.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/upload.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import hashlib
from html import escape
from typing import Any

from examples.imagesize import image_info
from wsgikit import (
    BadRequest,
    Request,
    Response,
    Router,
    UnsupportedMediaType,
    handler,
    html_response,
)
from wsgikit.body import media_type
from wsgikit.multipart import UploadedFile, boundary_of

LIMIT = 8 * 1024 * 1024  # MAX_CONTENT_LENGTH: 8 MiB
FILE_FIELD = "img_file"
MODEL_FIELD = "model_type"

FORM_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>upload</title></head><body>
<h1>Upload images</h1>
<form method="post" action="{action}" enctype="multipart/form-data">
<p><label>model_type <input name="model_type" value="strawberry" required></label></p>
<p><label>img_file <input type="file" name="img_file" multiple required></label></p>
<p><button>POST /inference</button></p>
</form>
</body></html>
"""


class UploadRequest(Request):
    """The raw form's limit: 8 MiB (MAX_CONTENT_LENGTH)."""

    max_upload_bytes = LIMIT


# --- the form -----------------------------------------------------------------------


def describe(upload: UploadedFile) -> dict[str, Any]:
    data = upload.read()
    return {
        "filename": upload.filename or "unnamed",
        "content_type": upload.content_type.split(";", 1)[0].strip().lower()
        or "application/octet-stream",
        "size": upload.size,
        "sha256": hashlib.sha256(data).hexdigest(),
        "image": image_info(data),
    }


router = Router()


@router.route("/")
@handler
def form_page(request: Request) -> Response:
    action = request.url_for("inference")
    return html_response(FORM_PAGE.format(action=escape(action, quote=True)))


@router.route("/inference", methods=("POST",))
@handler(request_class=UploadRequest)
def inference(request: Request) -> dict[str, Any]:
    kind, params = media_type(request.environ)
    if kind != "multipart/form-data":
        raise UnsupportedMediaType("the body must be multipart/form-data")
    boundary_of(params)  # 400 before a byte is read, as in the raw form
    model_type = request.form.get(MODEL_FIELD, "")  # the first of repeated values
    if not model_type:
        raise BadRequest("the form needs a non-empty model_type field")
    # filename '' and no bytes: a browser's "no file chosen"
    files = [f for f in request.files.getlist(FILE_FIELD) if f.filename or f.size]
    if not files:
        raise BadRequest("the form needs at least one file in img_file")
    return {"model_type": model_type, "files": [describe(f) for f in files]}


application = router


if __name__ == "__main__":
    # python examples/kit/upload.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
