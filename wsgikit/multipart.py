"""A streaming ``multipart/form-data`` parser (RFC 7578), hand-written and linear.

``Request.files`` and ``Request.form`` use it; it can be called on its own::

    from wsgikit.body import iter_body, media_type
    from wsgikit.multipart import boundary_of, parse_multipart

    fields, files = parse_multipart(iter_body(environ, limit), boundary_of(media_type(environ)[1]))
    for name, upload in files:      # UploadedFile: filename, content_type, size, stream
        data = upload.read()
        upload.close()              # the caller closes them; Request.close() does

The body arrives in chunks and is never held whole: each search for the next
delimiter starts where the last one stopped (less the length of a delimiter),
so the work is linear in the body size whatever it holds (long lines, runs of
CR/LF, near-miss boundaries such as ``--boundaryX``, which are data).  File
parts are written to a ``SpooledTemporaryFile`` that moves to disk above
``spool_bytes``; ordinary fields stay in memory up to ``max_field_bytes``.

A boundary is 1 to 200 of RFC 2046's characters.  The RFC says 70, but clients
send more (werkzeug's test client draws 71 or 72 now and then); werkzeug's
parser and the ``email`` package take any length, and werkzeug 1.x took up to
201.  200 is generous, and still bounds what each search keeps for the next chunk.
Line breaks are CRLF, or a bare LF as some old clients sent: the one that ends
the first boundary line is the body's, for every delimiter, header line and
blank line.  werkzeug takes CR, LF or CRLF anywhere; here ``LF--boundary`` in a
CRLF body is data (werkzeug cuts the part there), and so is a CR just before a
delimiter in an LF body (werkzeug drops it).

Limits give 413: more than ``max_parts`` parts, part headers over
``max_header_bytes``, a field over ``max_field_bytes``.  A missing, malformed or
too long boundary, a body without it, a part without headers or with malformed
ones, headers or fields that are not UTF-8, or a body that ends before the
closing delimiter give 400.  A preamble before the first boundary and an
epilogue after the last are ignored (RFC 2046).  File names are reduced to a
safe base name.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import unquote

from .errors import BadRequest, PayloadTooLarge

__all__ = ["UploadedFile", "boundary_of", "parse_multipart", "safe_filename"]

_MAX_BOUNDARY = 200  # characters; RFC 2046 says 70, see the module docstring
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]*[0-9A-Za-z'()+_,\-./:=?]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1


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


@dataclass
class _Part:
    """A part being read: a field kept in memory (up to ``max_bytes``) or a file."""

    name: str
    filename: str | None
    content_type: str
    headers: dict[str, str]
    max_bytes: int
    chunks: list[bytearray] = field(default_factory=list)
    file: UploadedFile | None = None
    size: int = 0

    def write(self, data: bytearray) -> None:
        self.size += len(data)
        if self.file is not None:
            self.file.stream.write(data)
        elif self.size > self.max_bytes:
            raise PayloadTooLarge(f"the field {self.name!r} is over {self.max_bytes} bytes")
        else:
            self.chunks.append(data)

    def value(self) -> str:
        try:
            return b"".join(self.chunks).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest(f"the field {self.name!r} is not valid UTF-8") from None


def boundary_of(content_type_params: dict[str, str]) -> bytes:
    """The boundary parameter: RFC 2046's characters, 1 to 200 of them (it says 70)."""
    boundary = content_type_params.get("boundary")
    if not boundary:
        raise BadRequest("multipart/form-data needs a boundary parameter")
    if len(boundary) > _MAX_BOUNDARY:
        raise BadRequest(f"the multipart boundary is longer than {_MAX_BOUNDARY} characters")
    if not _BOUNDARY.fullmatch(boundary):
        raise BadRequest("the multipart boundary is malformed")
    return boundary.encode("ascii")


def safe_filename(name: str) -> str:
    """The base name only: no directories, no control characters, never '.' or '..'."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _CONTROL.sub("", base).strip()
    return "" if base in ("", ".", "..") else base


_PARAM = re.compile(r'\s*+([^\s=;"]++)\s*+=\s*+("(?:[^"\\]++|\\.)*+"|[^;]*+)', re.S)
_QUOTED_PAIR = re.compile(r'\\([\\"])')
_RFC8187_CHARSETS = frozenset({"utf-8", "iso-8859-1", "us-ascii"})


def _params(value: str) -> tuple[str, dict[str, str]]:
    """``form-data; name="a"; filename*=UTF-8''%E2%9C%93`` -> ('form-data', {...}).

    Each parameter is matched where the last one ended (possessive quantifiers,
    no backtracking), so junk costs linear time.  In a quoted value only ``\\"``
    and ``\\\\`` are escapes: browsers send ``C:\\x\\y.png`` as it is, and
    ``"`` as ``%22`` (the HTML standard).
    """
    kind, _, rest = value.partition(";")
    params: dict[str, str] = {}
    pos = 0
    while pos < len(rest):
        match = _PARAM.match(rest, pos)
        if match is not None:
            pos = match.end()
            key, raw = match.group(1).lower(), match.group(2).strip()
            if raw.startswith('"'):
                raw = _QUOTED_PAIR.sub(r"\1", raw[1:-1]).replace("%22", '"')
            if key.endswith("*"):  # RFC 8187: charset'language'percent-encoded
                charset, _, encoded = raw.partition("'")
                _, _, encoded = encoded.partition("'")
                try:
                    if charset.lower() not in _RFC8187_CHARSETS:
                        raise LookupError(charset)
                    raw = unquote(encoded, encoding=charset, errors="strict")
                except (LookupError, UnicodeDecodeError):
                    raise BadRequest(f"cannot decode the {key} parameter") from None
                params[key[:-1]] = raw  # the extended form wins over the plain one
            else:
                params.setdefault(key, raw)
        end = rest.find(";", pos)
        if end < 0:
            break
        pos = end + 1
    return kind.strip().lower(), params


def _parse_headers(block: bytes, newline: bytes, max_field_bytes: int) -> _Part:
    try:
        text = block.decode("utf-8")  # browsers send UTF-8 file names as they are
    except UnicodeDecodeError:
        raise BadRequest("a multipart part's headers are not valid UTF-8") from None
    headers: dict[str, str] = {}
    for line in text.split(newline.decode("ascii")):
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise BadRequest(f"a multipart part has a malformed header line: {line[:60]!r}")
        headers[name.lower()] = value.strip()
    kind, params = _params(headers.get("content-disposition", ""))
    if kind != "form-data" or "name" not in params:
        raise BadRequest("a multipart part lacks Content-Disposition: form-data; name=...")
    filename = params.get("filename")
    return _Part(
        name=params["name"],
        filename=None if filename is None else safe_filename(filename),
        content_type=headers.get("content-type", "text/plain" if filename is None
                                 else "application/octet-stream"),
        headers=headers,
        max_bytes=max_field_bytes,
    )


class _Scanner:
    """The body as a buffer of bytes not yet parsed, refilled chunk by chunk.

    Everything before ``pos`` is parsed and never scanned again; a search that
    fails keeps only the last ``len(delimiter) - 1`` bytes, which could start a
    delimiter that the next chunk completes.
    """

    def __init__(self, chunks: Iterable[bytes], boundary: bytes) -> None:
        self.source = iter(chunks)
        self.boundary = b"--" + boundary
        # The first delimiter follows a CRLF or an LF, and its line may end in either.
        self.newline = b"\r\n"
        self.delimiter = b"\n" + self.boundary
        self.endings: tuple[bytes, ...] = (b"--", b"\r\n", b"\n")
        self.buf = bytearray(b"\n")  # so that a delimiter at the very start is found
        self.pos = 0

    def skip_preamble(self) -> None:
        """Skip past the first delimiter; the line break that ends its line is the body's."""
        self.until_delimiter(_drop)
        if self.next_is(b"\n"):
            self.newline = b"\n"
        self.delimiter = self.newline + self.boundary
        self.endings = (b"--", self.newline)

    def fill(self) -> None:
        """Drop the parsed bytes and append the next chunk; 400 at the end of the body."""
        del self.buf[: self.pos]  # cheap: a bytearray drops its head without moving the rest
        self.pos = 0
        for chunk in self.source:
            if chunk:
                self.buf += chunk
                return
        raise BadRequest("the multipart body ended before its closing boundary")

    def next_is(self, data: bytes) -> bool:
        while len(self.buf) - self.pos < len(data):
            self.fill()
        return self.buf.startswith(data, self.pos)

    def until_delimiter(self, write: Callable[[bytearray], None]) -> None:
        """Pass the bytes up to the next delimiter to ``write``; stop after the delimiter.

        A delimiter is followed by ``--`` or the line break: ``--boundaryX`` is data.
        """
        buf, delimiter = self.buf, self.delimiter
        scanned = 0  # bytes after pos known not to start a delimiter
        while True:
            at = buf.find(delimiter, self.pos + scanned)
            if at < 0:
                cut = max(self.pos + scanned, len(buf) - len(delimiter) + 1)
                write(buf[self.pos : cut])
                self.pos, scanned = cut, 0
                self.fill()
            elif len(buf) < at + len(delimiter) + 2:
                write(buf[self.pos : at])
                self.pos, scanned = at, 0
                self.fill()
            elif buf.startswith(self.endings, at + len(delimiter)):
                write(buf[self.pos : at])
                self.pos = at + len(delimiter)
                return
            else:
                scanned = at + 1 - self.pos

    def headers(self, max_bytes: int) -> bytes:
        """The header block up to the empty line that ends it, at most ``max_bytes``."""
        buf, blank_line = self.buf, self.newline * 2
        scanned = 0
        while (end := buf.find(blank_line, self.pos + scanned)) < 0:
            if len(buf) - self.pos > max_bytes:
                break
            scanned = max(0, len(buf) - self.pos - len(blank_line) + 1)
            self.fill()
        if end < 0 or end - self.pos > max_bytes:
            raise PayloadTooLarge(f"a multipart part's headers are over {max_bytes} bytes")
        block = bytes(buf[self.pos : end])
        self.pos = end + len(blank_line)
        return block


def _drop(data: bytearray) -> None:
    """The preamble (RFC 2046) is ignored."""


def parse_multipart(
    chunks: Iterable[bytes],
    boundary: bytes,
    *,
    max_parts: int = 1000,
    max_header_bytes: int = 8 * 1024,
    max_field_bytes: int = 512 * 1024,
    spool_bytes: int = 512 * 1024,
) -> tuple[list[tuple[str, str]], list[tuple[str, UploadedFile]]]:
    """Parse a multipart body into ``(fields, files)``, pairs in body order.

    On an error every file opened so far is closed before the error is raised.
    """
    fields: list[tuple[str, str]] = []
    files: list[tuple[str, UploadedFile]] = []
    scanner = _Scanner(chunks, boundary)
    try:
        scanner.skip_preamble()
        while not scanner.next_is(b"--"):  # the closing delimiter; the epilogue is ignored
            scanner.pos += len(scanner.newline)  # the line break after the delimiter
            if len(fields) + len(files) >= max_parts:
                raise PayloadTooLarge(f"the multipart body has more than {max_parts} parts")
            if scanner.next_is(scanner.newline):
                raise BadRequest("a multipart part has no headers")
            block = scanner.headers(max_header_bytes)
            part = _parse_headers(block, scanner.newline, max_field_bytes)
            if part.filename is not None:
                stream = tempfile.SpooledTemporaryFile(max_size=spool_bytes)  # noqa: SIM115
                part.file = UploadedFile(part.name, part.filename, part.content_type,
                                         part.headers, stream)
                files.append((part.name, part.file))
            scanner.until_delimiter(part.write)
            if part.file is not None:
                part.file.size = part.size
                part.file.stream.seek(0)
            else:
                fields.append((part.name, part.value()))
        # Read the epilogue too (and drop it): a body shorter than its
        # CONTENT_LENGTH is then a 400 from the reader, as anywhere else.
        for _ in scanner.source:
            pass
    except BaseException:
        for _, upload in files:
            upload.close()
        raise
    return fields, files
