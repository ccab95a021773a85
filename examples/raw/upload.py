"""upload (seeds 002, 003): a multipart/form-data upload, parsed by hand.

The Flask original (the seed's ``application.py``, without OpenCV and the model)::

    @app.route('/inference', methods=['POST'])
    def api_inference():
        files = request.files.getlist('img_file')
        model_type = request.form['model_type']
        for file in files:
            bin_img = file.read()
            ...

``POST /inference`` takes one or more files in the field ``img_file`` and a text
field ``model_type``, and answers JSON: the model type and, for each file, its
name, media type, size, SHA-256 and, when its first bytes are a PNG, JPEG or GIF
header, the image's format, width and height (read from the header: nothing is
decoded).  ``GET /`` is an HTML form that posts there (under any mount prefix).

What ``request.files`` and ``request.form`` did for Flask, by hand:

- 415 unless the body is ``multipart/form-data``; 400 without a ``boundary``, or
  with one over 200 characters (RFC 2046 says 70: see ``boundary_of``);
- 413 when ``CONTENT_LENGTH`` is over 8 MiB (``MAX_CONTENT_LENGTH``), decided
  before a byte is read; a chunked body is cut off at the same limit;
- the bounded body is split on its boundary lines (RFC 2046, RFC 7578), and each
  part's ``Content-Disposition`` parsed for ``name`` and ``filename`` (or
  ``filename*=UTF-8''…``, RFC 8187).  Browsers send a non-ASCII filename as raw
  UTF-8 inside the quotes, and a backslash as it is (only ``\\"`` and ``\\\\``
  are escapes); bytes that are not UTF-8 are a 400;
- lines end in CRLF, or in a bare LF as some old clients sent: the line break
  that ends the first boundary line is the whole body's, so ``LF--boundary``
  inside a CRLF body is data;
- a filename is reduced to a safe base name: whatever follows the last ``/`` or
  ``\\``, without control characters, trimmed; ``''``, ``.`` or ``..`` become
  ``unnamed``.  A file part with an empty filename is a browser's "no file
  chosen" and is skipped.  A part's media type is reported lower-cased, without
  parameters, ``application/octet-stream`` when it sends none;
- no file in ``img_file``, or no (or an empty) ``model_type``: 400.  Missing
  blank lines or boundaries make a malformed body: 400.

Everything is read into memory first (at most 8 MiB), which is what makes a
hand-written parser short.  The better way is a streaming parser, which hands
each part over as it arrives and can spool big files to disk: Werkzeug's, or
the one wsgikit will have.  The stdlib's ``email`` parser can read a bounded
body too, but it is a mail parser: it parses a part sent as ``message/rfc822``
(an uploaded ``.eml``) or ``multipart/*`` into sub-messages instead of keeping
its bytes, and quietly replaces bytes it cannot decode.

What to notice: the parser raises ``BodyError`` wherever the body turns out
malformed, however deep, and ``application`` catches it, in plain sight, and
sends it: the one place a 400 about the body is turned into a response.
``utf8_path``, ``method_check`` and ``root_redirect`` are hello's;
``media_type`` and ``read_body`` (which raises the same ``BodyError`` for 400,
408 and 413) are what wsgi-body wrote out.

What Flask does for you: ``request.files`` and ``request.form`` (Werkzeug's
streaming multipart parser, under ``MAX_CONTENT_LENGTH``), ``secure_filename``
if you call it, and the 400 for a ``KeyError`` on either.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/upload.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import hashlib
import json
import re
import unicodedata
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote_to_bytes

from examples.imagesize import image_info

from ._plumbing import BodyError, media_type, method_check, read_body, root_redirect, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

    # the status line, the extra headers, the content type and the text
    Answer = tuple[str, list[tuple[str, str]], str, str]

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json"
LIMIT = 8 * 1024 * 1024  # MAX_CONTENT_LENGTH: 8 MiB
MAX_BOUNDARY = 200  # characters: RFC 2046 says 70, see boundary_of
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


# --- headers: 'form-data; name="a"; filename="b.png"' --------------------------------

# One '; name=value' after another; a value is a quoted string or a token.  A ';'
# inside quotes does not end the value.  In quotes only \" and \\ are escapes:
# browsers send C:\x\y.png as it is, and IE7 a full path like \\host\dir\y.png.
_PARAM = re.compile(r'\s*;\s*([^\s;="]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;]*))?', re.S)


def parse_header(value: str) -> tuple[str, dict[str, str]]:
    """``'form-data; name="a"'`` -> ``('form-data', {'name': 'a'})``; names lower-cased.

    Unlike ``media_type``, values keep their case: a boundary is case-sensitive.
    """
    kind = value.split(";", 1)[0]
    params: dict[str, str] = {}
    pos = len(kind)
    while match := _PARAM.match(value, pos):
        name, raw = match.group(1).lower(), match.group(2) or ""
        if raw.startswith('"') and raw.endswith('"') and len(raw) > 1:
            raw = re.sub(r'\\([\\"])', r"\1", raw[1:-1])
        params.setdefault(name, raw.strip())
        pos = match.end()
    return kind.strip().lower(), params


def boundary_of(environ: WSGIEnvironment) -> bytes:
    """The boundary from Content-Type: 1 to 200 printable ASCII characters.

    RFC 2046 says 70, but clients send more (Werkzeug's test client draws 71 or 72
    now and then); Werkzeug's parser and the stdlib's ``email`` take any length,
    and Werkzeug 1.x took up to 201.
    """
    _, params = parse_header(environ.get("CONTENT_TYPE", ""))
    boundary = params.get("boundary", "")
    if not boundary:
        raise BodyError("400 Bad Request", "multipart/form-data needs a boundary parameter.")
    if len(boundary) > MAX_BOUNDARY or not boundary.isascii() or not boundary.isprintable():
        raise BodyError(
            "400 Bad Request",
            f"The boundary must be 1 to {MAX_BOUNDARY} printable ASCII characters.",
        )
    return boundary.encode("ascii")


# --- the body: boundary lines, then parts -------------------------------------------

# After the first boundary: optional spaces and the line break that the body keeps.
_FIRST_LINE_END = re.compile(rb"[ \t]*\r?\n")


def _next_delimiter(
    data: bytes, delimiter: bytes, start: int, line_end: re.Pattern[bytes]
) -> tuple[int, int, bool]:
    """Find the next boundary line: (where it starts, where the next part starts, is it last).

    A delimiter is a line break, "--" and the boundary, then "--" (the last one)
    or ``line_end``; anything else after it is content that happens to look alike.
    """
    pos = start
    while (pos := data.find(delimiter, pos)) >= 0:
        after = pos + len(delimiter)
        if data.startswith(b"--", after):
            return pos, after + 2, True
        if match := line_end.match(data, after):
            return pos, match.end(), False
        pos = after
    raise BodyError("400 Bad Request", "The multipart body has no closing boundary.")


def split_parts(body: bytes, boundary: bytes) -> tuple[list[bytes], bytes]:
    """The parts between the boundary lines, and the body's line break.

    Preamble and epilogue are dropped.  The first boundary line follows an LF or
    a CRLF, and its own line break (CRLF, or a bare LF) is the body's.
    """
    data = b"\n" + body  # the first boundary line need not follow a line break
    _, pos, last = _next_delimiter(data, b"\n--" + boundary, 0, _FIRST_LINE_END)
    newline = b"\r\n" if data.endswith(b"\r\n", 0, pos) else b"\n"
    delimiter, line_end = newline + b"--" + boundary, re.compile(rb"[ \t]*" + newline)
    parts = []
    while not last:
        end, next_pos, last = _next_delimiter(data, delimiter, pos, line_end)
        parts.append(data[pos:end])
        pos = next_pos
    return parts, newline


def parse_part(part: bytes, newline: bytes = b"\r\n") -> tuple[dict[str, str], bytes]:
    """A part's headers (names lower-cased, values UTF-8) and its content."""
    if part.startswith(newline):
        head, content = b"", part[len(newline) :]
    else:
        head, blank, content = part.partition(newline * 2)
        if not blank:
            raise BodyError("400 Bad Request", "A part has no blank line after its headers.")
    headers: dict[str, str] = {}
    for line in head.split(newline) if head else []:
        name, colon, value = line.partition(b":")
        if not colon or not name or name != name.strip():  # folded lines included
            raise BodyError("400 Bad Request", "A part has a malformed header line.")
        try:
            headers.setdefault(name.decode("ascii").lower(), value.decode("utf-8").strip())
        except UnicodeDecodeError:
            raise BodyError("400 Bad Request", "A part's headers are not UTF-8.") from None
    return headers, content


def filename_of(params: dict[str, str]) -> str | None:
    """``filename*`` (RFC 8187, e.g. ``UTF-8''%ED%95%9C.png``) wins over ``filename``."""
    extended = params.get("filename*")
    if extended is None:
        return params.get("filename")
    charset, _, rest = extended.partition("'")
    _language, quoted, encoded = rest.partition("'")
    if not quoted or charset.lower() not in ("utf-8", "iso-8859-1"):
        raise BodyError("400 Bad Request", "filename* must be UTF-8''<percent-encoded name>.")
    try:
        return unquote_to_bytes(encoded).decode(charset.lower())
    except UnicodeDecodeError:
        raise BodyError("400 Bad Request", "filename* is not valid UTF-8.") from None


def safe_filename(name: str) -> str:
    """The base name, without directories or control characters: never a path."""
    base = re.split(r"[/\\]", name)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) != "Cc").strip()
    return "unnamed" if base in ("", ".", "..") else base


# --- the form -----------------------------------------------------------------------


def read_form(environ: WSGIEnvironment) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """``request.form`` (first value of each field) and the files of ``img_file``."""
    boundary = boundary_of(environ)
    body = read_body(environ, LIMIT)  # 413 from CONTENT_LENGTH, before reading
    fields: dict[str, str] = {}
    files: list[dict[str, Any]] = []
    parts, newline = split_parts(body, boundary)
    for part in parts:
        headers, content = parse_part(part, newline)
        disposition, params = parse_header(headers.get("content-disposition", ""))
        name = params.get("name")
        if disposition != "form-data" or name is None:  # RFC 7578: every part has both
            raise BodyError("400 Bad Request",
                            "A part lacks Content-Disposition: form-data; name=...")
        filename = filename_of(params)
        if filename is None:  # a text field
            try:
                fields.setdefault(name, content.decode("utf-8"))
            except UnicodeDecodeError:
                raise BodyError("400 Bad Request", f"The field {name!r} is not UTF-8.") from None
        elif name == FILE_FIELD and filename:  # filename="": no file was chosen
            content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
            files.append(
                {
                    "filename": safe_filename(filename),
                    "content_type": content_type or "application/octet-stream",
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "image": image_info(content),
                }
            )
    return fields, files


def form_page(environ: WSGIEnvironment) -> Answer:
    # url_for('api_inference'): the mount point (SCRIPT_NAME) plus the route.
    action = quote(environ.get("SCRIPT_NAME", "").encode("latin-1"), safe="/") + "/inference"
    return "200 OK", [], HTML, FORM_PAGE.format(action=escape(action, quote=True))


def inference(environ: WSGIEnvironment) -> Answer:
    if media_type(environ)[0] != "multipart/form-data":
        return "415 Unsupported Media Type", [], TEXT, "The body must be multipart/form-data."
    fields, files = read_form(environ)  # a BodyError: see application
    model_type = fields.get(MODEL_FIELD, "")
    if not model_type:  # request.form['model_type']: a KeyError is Werkzeug's 400
        return "400 Bad Request", [], TEXT, "The form needs a non-empty model_type field."
    if not files:  # request.files['img_file']
        return "400 Bad Request", [], TEXT, "The form needs at least one file in img_file."
    value = {"model_type": model_type, "files": files}
    return "200 OK", [], JSON, json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# path -> (methods, handler).  Flask adds HEAD and OPTIONS to every route; here they are written.
ROUTES = {
    "/": (("GET", "HEAD", "OPTIONS"), form_page),
    "/inference": (("OPTIONS", "POST"), inference),
}


def answer(environ: WSGIEnvironment) -> Answer:
    """The status line, the extra headers, the content type and the text for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], TEXT, "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            status, location, text = redirect
            return status, location, TEXT, text
    if path not in ROUTES:
        return "404 Not Found", [], TEXT, "Nothing is served at this path."
    methods, handler = ROUTES[path]
    refusal = method_check(environ, methods)  # OPTIONS, or a 405
    if refusal is not None:
        status, allow, text = refusal
        return status, allow, TEXT, text
    return handler(environ)


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    try:
        status, extra, content_type, text = answer(environ)
    except BodyError as refused:  # read_body or the parser: the body will not do, and why
        status, extra, content_type, text = refused.status, [], TEXT, refused.text
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/upload.py [--host H] [--port P]: wsgiref, the standard library's
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
