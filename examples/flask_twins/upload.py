"""upload (seeds 002, 003): a multipart/form-data upload, parsed by Werkzeug.

The seed's ``application.py``, without OpenCV and the model: ``POST /inference``
takes files in ``img_file`` and a text field ``model_type`` and answers JSON,
for each file its name, media type, size, SHA-256 and, for a PNG, JPEG or GIF,
the size read from its header.  ``GET /`` is a form that posts there.

Compared with ``examples/raw/upload.py``, which splits the body on its boundary
by hand, Flask does for you: ``request.files.getlist('img_file')`` and
``request.form['model_type']`` come out of Werkzeug's multipart decoder
(boundaries, part headers, ``filename*=UTF-8''...``, quoted names with escapes,
preamble and epilogue); a ``CONTENT_LENGTH`` over ``MAX_CONTENT_LENGTH`` is a 413
before a byte is read; ``url_for`` writes the form's ``action`` under the mount
point, and Jinja2 escapes it.

Bent where Werkzeug is laxer than the contract:

- a body that is not ``multipart/form-data`` leaves ``request.files`` empty: a 415
  here; a boundary that is missing or not 1 to 200 printable ASCII characters
  is a 400 before parsing (RFC 2046 says 70, as the raw form explains; Werkzeug
  takes any length);
- a chunked body is cut at the limit and parsed as if complete: ``get_body`` reads
  it first and makes the excess a 413;
- Werkzeug's parser takes a bare CR or LF before a boundary or between header
  lines, in any mix (so a file holding ``\\n--<boundary>`` is cut short), decodes
  text fields with ``errors="replace"``, refuses the whole form for one part
  without ``Content-Disposition`` (RFC 7578: skip the part), and leaves a spooled
  temporary file unclosed when a body breaks off inside a file.
  ``request_class.form_data_parser_class`` is Flask's way to swap the parser:
  :class:`StrictFormDataParser` drives Werkzeug's own decoder with one line
  break for the whole body, CRLF or a bare LF as the first boundary line has it
  (:class:`StrictDecoder`), skips parts that are not form fields, decodes fields
  strictly, and keeps the parts in memory, where ``get_body`` has put the body;
- a malformed body (or a field that is not UTF-8) parses "silently", Werkzeug's
  default, as an empty form, which ends in the 400 of the missing fields;
- ``filename*`` is percent-decoded with ``errors="replace"``: :func:`refuse_replaced`
  makes its U+FFFD a 400;
- ``secure_filename`` keeps ASCII only (``한글.png`` would be ``png``):
  :func:`safe_filename` keeps the base name as the raw form does;
- a part's ``filename=""`` (a browser's "no file chosen") is skipped, and the
  media type is reported without parameters, ``application/octet-stream`` if none.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from typing import IO, Any

from flask import abort, render_template_string, request
from werkzeug.datastructures import FileStorage, Headers, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from examples.imagesize import image_info

from ._common import StrictRequest, get_body, make_app


def line_break_of(body: bytes, boundary: bytes) -> bytes:
    """The line break that ends the body's first boundary line: CRLF, or a bare LF."""
    first = re.search(rb"(?:\A|\n)--" + re.escape(boundary) + rb"(?:--|[^\S\n\r]*(\r?\n))", body)
    return b"\n" if first is not None and first.group(1) == b"\n" else b"\r\n"


class StrictDecoder(MultipartDecoder):
    """Werkzeug's multipart decoder, with one line break for the whole body.

    Werkzeug takes a bare CR or LF before a boundary and between header lines,
    for broken clients.  A file whose bytes hold ``\\n--<boundary>`` is then cut
    short there, though the sender chose a boundary that occurs nowhere after a
    CRLF, as RFC 2046 asks.  Here the body's ``newline`` is CRLF, or the bare LF
    of some old clients (:func:`line_break_of`): a boundary follows it, header
    lines end with it and the headers with a blank line, as in the raw form.
    """

    def __init__(
        self,
        boundary: bytes,
        max_form_memory_size: int | None = None,
        *,
        max_parts: int | None = None,
        newline: bytes = b"\r\n",
    ) -> None:
        super().__init__(boundary, max_form_memory_size, max_parts=max_parts)
        self.newline = newline
        # after the boundary: "--" (the last one), or blanks and the line break
        nl = re.escape(newline)
        after = rb"(--[^\S\n\r]*(?:" + nl + rb")?|[^\S\n\r]*" + nl + rb")"
        self.preamble_re = re.compile(rb"(?:\A|\n)--" + re.escape(boundary) + after)
        self.boundary_re = re.compile(nl + rb"--" + re.escape(boundary) + after)

    def _parse_headers(self, data: bytes | bytearray) -> Headers:
        """A part's header lines: ``name: value`` in UTF-8, no folding; else ValueError."""
        blank_line = self.newline * 2
        if self.buffer[len(data) : len(data) + len(blank_line)] != blank_line:
            raise ValueError("a part's headers must end with a blank line")
        headers = Headers()
        for line in bytes(data).split(self.newline) if data else []:
            name, colon, value = line.partition(b":")
            if not colon or not name or name != name.strip():  # folded lines included
                raise ValueError("a part has a malformed header line")
            headers.add(name.decode("ascii"), value.decode("utf-8").strip())
        # Werkzeug fails the whole form without one; RFC 7578 says to skip the part.
        headers.setdefault("Content-Disposition", "")
        return headers


class StrictFormDataParser(FormDataParser):
    """``request.form`` and ``request.files`` from :class:`StrictDecoder`'s events.

    What Werkzeug's ``MultiPartParser.parse`` does (which names its decoder class
    with no way to swap it), kept short: the body is in memory already
    (``get_body``), so each part is too.  Text fields are decoded strictly: bytes
    that are not UTF-8 raise, and the parser, being silent, leaves the form empty.
    """

    def _parse_multipart(
        self,
        stream: IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> tuple[IO[bytes], MultiDict[str, Any], MultiDict[str, Any]]:
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("missing boundary")
        body = stream.read()  # in memory already: get_body() read it
        decoder = StrictDecoder(boundary, self.max_form_memory_size, max_parts=self.max_form_parts,
                                newline=line_break_of(body, boundary))
        fields: list[tuple[str, str]] = []
        files: list[tuple[str, FileStorage]] = []
        part: Field | File | None = None
        chunks: list[bytes] = []
        # in pieces: the decoder refuses more than max_form_memory_size at once
        pieces = [body[i : i + 64 * 1024] for i in range(0, len(body), 64 * 1024)]
        for data in [*pieces, None]:  # None: the end of the body
            decoder.receive_data(data)
            while not isinstance(event := decoder.next_event(), (NeedData, Epilogue)):
                if isinstance(event, (Field, File)):
                    part, chunks = event, []
                    disposition = parse_options_header(event.headers["Content-Disposition"])[0]
                    if disposition.lower() != "form-data" or event.name is None:
                        part = None  # not a form field: its data is skipped
                elif isinstance(event, Data) and part is not None:
                    chunks.append(event.data)
                    if isinstance(part, Field) and self.max_form_memory_size is not None:
                        if sum(map(len, chunks)) > self.max_form_memory_size:
                            raise RequestEntityTooLarge()
                    if event.more_data:
                        continue
                    content = b"".join(chunks)
                    if isinstance(part, File):
                        stored = io.BytesIO(content)
                        upload = FileStorage(stored, part.filename, part.name, headers=part.headers)
                        files.append((part.name, upload))
                    else:
                        fields.append((part.name, content.decode("utf-8")))  # strict
        return stream, self.cls(fields), self.cls(files)


class UploadRequest(StrictRequest):
    form_data_parser_class = StrictFormDataParser


app = make_app(__name__)
app.request_class = UploadRequest
app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024  # 8 MiB, then 413
# Jinja2 drops a template's last newline; the raw form's page ends with one.
app.jinja_env.keep_trailing_newline = True

FILE_FIELD = "img_file"
MODEL_FIELD = "model_type"
MAX_BOUNDARY = 200  # characters: RFC 2046 says 70, see the raw form

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


# --- the bends -----------------------------------------------------------------------


def check_boundary() -> None:
    """The boundary from Content-Type: 1 to 200 printable ASCII characters."""
    boundary = request.mimetype_params.get("boundary", "")
    if not boundary:
        abort(400, "multipart/form-data needs a boundary parameter")
    if len(boundary) > MAX_BOUNDARY or not boundary.isascii() or not boundary.isprintable():
        abort(400, f"the boundary must be 1 to {MAX_BOUNDARY} printable ASCII characters")


def refuse_replaced(filename: str) -> None:
    """A 400 where Werkzeug put U+FFFD for ``filename*`` bytes that were not UTF-8.

    (A part's header line that is not UTF-8 makes the parse fail, hence a 400,
    already: only ``filename*``'s percent-escapes are decoded with replacement.)
    """
    if "\ufffd" in filename:
        abort(400, "filename* is not valid UTF-8")


def safe_filename(name: str) -> str:
    """The base name, without directories or control characters: never a path."""
    base = re.split(r"[/\\]", name)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) != "Cc").strip()
    return "unnamed" if base in ("", ".", "..") else base


def describe(file: FileStorage) -> dict[str, Any]:
    data = file.read()
    return {
        "filename": safe_filename(file.filename or ""),
        # mimetype: lower-cased, without parameters; "" when the part sent none
        "content_type": file.mimetype or "application/octet-stream",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "image": image_info(data),
    }


# --- the routes ----------------------------------------------------------------------


@app.route("/")
def form_page() -> str:
    return render_template_string(FORM_PAGE)


@app.route("/inference", methods=["POST"])
def api_inference() -> dict[str, Any]:
    if request.mimetype != "multipart/form-data":
        abort(415, "the body must be multipart/form-data")
    check_boundary()
    get_body()  # 413 over the limit, a chunked body included
    files = [file for file in request.files.getlist(FILE_FIELD) if file.filename]
    for file in files:
        refuse_replaced(file.filename or "")
    model_type = request.form.get(MODEL_FIELD, "")
    if not model_type:  # the seed's request.form['model_type']: a 400 when missing
        abort(400, "the form needs a non-empty model_type field")
    if not files:
        abort(400, "the form needs at least one file in img_file")
    return {"model_type": model_type, "files": [describe(file) for file in files]}
