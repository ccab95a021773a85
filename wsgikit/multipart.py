"""A streaming ``multipart/form-data`` parser (RFC 7578), hand-written and linear.

``Request.form`` and ``Request.files`` use it; it can be called on its own::

    from wsgikit.body import iter_body, media_type
    from wsgikit.multipart import boundary_of, parse_multipart

    fields, files = parse_multipart(iter_body(environ, limit), boundary_of(media_type(environ)[1]))
    for name, upload in files:      # UploadedFile: filename, content_type, size, stream
        data = upload.read()
        upload.close()              # the caller closes them; Request.close() does

The body arrives in chunks and is never held whole.  Each search for the next
delimiter starts where the last one stopped, less the tail that the next chunk
may complete, so the work is linear in the body size whatever it holds (long
lines, runs of CR and LF, near misses such as ``--boundaryX``, which are data).
File parts are spooled to disk above ``spool_bytes``; fields stay in memory.

A boundary is 1 to 200 of RFC 2046's characters.  The RFC says 70, but
werkzeug's test client draws 71 or 72 now and then, and werkzeug and the
``email`` package take any length; 200 still bounds the tail a search keeps.
Line breaks are CRLF, or the bare LF some old clients send: the one that ends
the first boundary line is the body's, for every delimiter, header line and
blank line.  So ``LF--boundary`` in a CRLF body is data, and so is a CR just
before a delimiter in an LF body (werkzeug takes either anywhere).

Too many parts (``max_parts``), or a part's headers or a field too long
(``max_header_bytes``, ``max_field_bytes``), is a 413; a malformed body is a
400.  Either way the files opened so far are closed first.  A preamble and an
epilogue are ignored (RFC 2046); file names are reduced to a safe base name.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO
from urllib.parse import unquote

from .errors import BadRequest, PayloadTooLarge

__all__ = ["UploadedFile", "boundary_of", "parse_multipart", "safe_filename"]

_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]*[0-9A-Za-z'()+_,\-./:=?]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1
# A ';'-separated item: a parameter, then any junk up to the next ';'.  Possessive
# quantifiers never backtrack, so junk costs linear time.
_ITEM = re.compile(r'\s*+(?:([^\s=;"]++)\s*+=\s*+("(?:[^"\\]++|\\.)*+"|[^;]*+))?[^;]*+;?', re.S)
# In a quoted value only \" and \\ are escapes: browsers send C:\x\y.png as it is,
# and '"' as %22 (the HTML standard).
_QUOTED_PAIR = re.compile(r'\\([\\"])')
_RFC8187_CHARSETS = frozenset({"utf-8", "iso-8859-1", "us-ascii"})


@dataclass
class UploadedFile:
    """A file part: its safe ``filename``, ``content_type``, ``size`` and ``stream``."""

    name: str
    filename: str
    content_type: str
    headers: dict[str, str]
    stream: IO[bytes]
    size: int = 0

    def read(self) -> bytes:
        self.stream.seek(0)
        return self.stream.read()

    def close(self) -> None:
        self.stream.close()


def boundary_of(content_type_params: dict[str, str]) -> bytes:
    """The ``boundary`` parameter, checked: RFC 2046's characters, 1 to 200 of them."""
    boundary = content_type_params.get("boundary")
    if not boundary:
        raise BadRequest("multipart/form-data needs a boundary parameter")
    if len(boundary) > 200:  # RFC 2046 says 70: see the module docstring
        raise BadRequest("the multipart boundary is longer than 200 characters")
    if not _BOUNDARY.fullmatch(boundary):
        raise BadRequest("the multipart boundary is malformed")
    return boundary.encode("ascii")


def safe_filename(name: str) -> str:
    """The base name only: no directories, no control characters, never '.' or '..'."""
    base = _CONTROL.sub("", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return "" if base in (".", "..") else base


def _disposition(value: str) -> dict[str, str]:
    """The parameters of ``form-data; name="a"; filename*=UTF-8''%E2%9C%93``, else {}."""
    kind, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for key, raw in _ITEM.findall(rest):  # junk between the ';' matches no key: ('', '')
        key, raw = key.lower(), raw.strip()
        if raw.startswith('"'):
            raw = _QUOTED_PAIR.sub(r"\1", raw[1:-1]).replace("%22", '"')
        if key.endswith("*"):  # RFC 8187: charset'language'percent-encoded
            charset, _, encoded = raw.partition("'")
            encoded = encoded.partition("'")[2]
            try:
                if charset.lower() not in _RFC8187_CHARSETS:
                    raise LookupError(charset)
                params[key[:-1]] = unquote(encoded, encoding=charset, errors="strict")
            except (LookupError, UnicodeDecodeError):
                raise BadRequest(f"cannot decode the {key} parameter") from None
        elif key:
            params.setdefault(key, raw)  # the extended form wins over the plain one
    return params if kind.strip().lower() == "form-data" else {}


def _part_headers(block: bytearray, newline: bytes) -> tuple[str, str | None, dict[str, str]]:
    """``(name, safe filename or None, headers)`` from a part's header block."""
    if not block:
        raise BadRequest("a multipart part has no headers")
    try:
        text = block.decode("utf-8")  # browsers send UTF-8 file names as they are
    except UnicodeDecodeError:
        raise BadRequest("a multipart part's headers are not valid UTF-8") from None
    headers: dict[str, str] = {}
    for line in text.split(newline.decode("ascii"))[1:]:  # the block starts with a line break
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise BadRequest(f"a multipart part has a malformed header line: {line[:60]!r}")
        headers[name.lower()] = value.strip()
    params = _disposition(headers.get("content-disposition", ""))
    if "name" not in params:
        raise BadRequest("a multipart part lacks Content-Disposition: form-data; name=...")
    filename = params.get("filename")
    return params["name"], None if filename is None else safe_filename(filename), headers


class _Scanner:
    """The body as a buffer of the bytes not parsed yet (from ``pos``), refilled chunk by chunk."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.source = filter(None, chunks)  # an empty chunk says nothing
        self.buf = bytearray(b"\n")  # so that a delimiter at the very start is found
        self.pos = 0

    def until(self, delimiter: bytes, endings: tuple[bytes, ...] = ()) -> Iterator[bytearray]:
        """The bytes before the next ``delimiter`` that one of ``endings`` follows (any, if
        none), in pieces; then ``pos`` is just past it, and the two bytes after it in ``buf``."""
        buf, start = self.buf, self.pos  # no delimiter starts in buf[pos:start]
        while True:
            at = buf.find(delimiter, start)
            end = at + len(delimiter)
            if at >= 0 and end + 2 <= len(buf):  # the two bytes after it are here too
                if not endings or buf.startswith(endings, end):
                    yield buf[self.pos : at]
                    self.pos = end
                    return
                start = at + 1  # a near miss, such as --boundaryX: data
                continue
            # Keep the tail that could start a delimiter, then read on.
            cut = at if at >= 0 else max(start, len(buf) - len(delimiter) + 1)
            yield buf[self.pos : cut]
            del buf[:cut]  # cheap: a bytearray drops its head without moving the rest
            self.pos = start = 0
            chunk = next(self.source, None)
            if chunk is None:
                raise BadRequest("the multipart body ended before its closing boundary")
            buf += chunk


def _collect(pieces: Iterator[bytearray], limit: int, too_large: str) -> bytearray:
    """The pieces joined; a 413 saying ``too_large`` once they pass ``limit`` bytes."""
    data = bytearray()
    for piece in pieces:
        data += piece
        if len(data) > limit:
            raise PayloadTooLarge(too_large)
    return data


def parse_multipart(
    chunks: Iterable[bytes], boundary: bytes, *, max_parts: int = 1000,
    max_header_bytes: int = 8 * 1024, max_field_bytes: int = 512 * 1024,
    spool_bytes: int = 512 * 1024,
) -> tuple[list[tuple[str, str]], list[tuple[str, UploadedFile]]]:
    """Parse a multipart body into ``(fields, files)``, pairs in body order."""
    fields: list[tuple[str, str]] = []
    files: list[tuple[str, UploadedFile]] = []
    scanner = _Scanner(chunks)
    try:
        # The first delimiter follows a CRLF or an LF, and its line may end in either.
        for _ in scanner.until(b"\n--" + boundary, (b"--", b"\r\n", b"\n")):
            pass  # the preamble is ignored (RFC 2046)
        newline = b"\n" if scanner.buf.startswith(b"\n", scanner.pos) else b"\r\n"
        delimiter, endings = newline + b"--" + boundary, (b"--", newline)
        while not scanner.buf.startswith(b"--", scanner.pos):  # the closing delimiter
            if len(fields) + len(files) >= max_parts:
                raise PayloadTooLarge(f"the multipart body has more than {max_parts} parts")
            # The header block runs from the delimiter's line break to a blank line.
            block = _collect(scanner.until(newline * 2), max_header_bytes + len(newline),
                             f"a multipart part's headers are over {max_header_bytes} bytes")
            name, filename, headers = _part_headers(block, newline)
            if filename is None:
                value = _collect(scanner.until(delimiter, endings), max_field_bytes,
                                 f"the field {name!r} is over {max_field_bytes} bytes")
                try:
                    fields.append((name, value.decode("utf-8")))
                except UnicodeDecodeError:
                    raise BadRequest(f"the field {name!r} is not valid UTF-8") from None
            else:
                content_type = headers.get("content-type", "application/octet-stream")
                stream = tempfile.SpooledTemporaryFile(max_size=spool_bytes)
                upload = UploadedFile(name, filename, content_type, headers, stream)
                files.append((name, upload))
                for piece in scanner.until(delimiter, endings):
                    stream.write(piece)
                upload.size = stream.tell()
                stream.seek(0)
        # Read the epilogue too, and drop it: a body shorter than its
        # CONTENT_LENGTH is then a 400 from the reader, as anywhere else.
        for _ in scanner.source:
            pass
    except BaseException:
        for _, upload in files:
            upload.close()
        raise
    return fields, files
