"""A streaming ``multipart/form-data`` parser (RFC 7578), hand-written and linear.

``Request.files`` and ``Request.form`` use it; it can be called on its own::

    from wsgikit.multipart import parse_multipart, boundary_of

    fields, files = parse_multipart(chunks, boundary_of(content_type))
    upload = files["img_file"]            # an UploadedFile
    upload.filename, upload.size, upload.stream.read()

The body arrives in chunks and is never held whole: each search for the next
delimiter starts where the last one stopped (less the length of a delimiter),
so the work is linear in the body size whatever it holds (long lines, runs of
CR/LF, near-miss boundaries).  File parts are written to a
``SpooledTemporaryFile`` that moves to disk above ``spool_bytes``; ordinary
fields stay in memory up to ``max_field_bytes``.  Limits give 413: more than
``max_parts`` parts, part headers over ``max_header_bytes``, a field over
``max_field_bytes``.  A missing or malformed boundary, a body that does not
start with it, malformed part headers or a body that ends before the closing
delimiter give 400.  File names are reduced to a safe base name.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import unquote

from .errors import BadRequest, PayloadTooLarge

__all__ = ["UploadedFile", "boundary_of", "parse_multipart", "safe_filename"]

_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
    name: str
    filename: str | None
    content_type: str
    headers: dict[str, str]
    chunks: list[bytes] = field(default_factory=list)
    file: UploadedFile | None = None
    size: int = 0


def boundary_of(content_type_params: dict[str, str]) -> bytes:
    """The boundary parameter, checked against RFC 2046 (1-70 characters)."""
    boundary = content_type_params.get("boundary")
    if not boundary:
        raise BadRequest("multipart/form-data needs a boundary parameter")
    if not _BOUNDARY.fullmatch(boundary):
        raise BadRequest("the multipart boundary is malformed or longer than 70 characters")
    return boundary.encode("ascii")


def safe_filename(name: str) -> str:
    """The base name only: no directories, no control characters, never '.' or '..'."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _CONTROL.sub("", base).strip()
    return "" if base in ("", ".", "..") else base


def _params(value: str) -> tuple[str, dict[str, str]]:
    """``form-data; name="a"; filename*=UTF-8''%E2%9C%93`` -> ('form-data', {...})."""
    kind, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for match in re.finditer(r'\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)\s*(?:;|$)', rest):
        key, raw = match.group(1).lower(), match.group(2).strip()
        if raw.startswith('"'):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        if key.endswith("*"):  # RFC 5987: charset'language'percent-encoded
            charset, _, encoded = raw.partition("'")
            _, _, encoded = encoded.partition("'")
            try:
                raw = unquote(encoded, encoding=charset or "utf-8", errors="strict")
            except (LookupError, UnicodeDecodeError):
                raise BadRequest(f"cannot decode the {key} parameter") from None
            key = key[:-1]
            params[key] = raw  # the extended form wins over the plain one
        else:
            params.setdefault(key, raw)
    return kind.strip().lower(), params


def _parse_headers(block: bytes) -> _Part:
    try:
        text = block.decode("utf-8")  # browsers send UTF-8 file names as they are
    except UnicodeDecodeError:
        text = block.decode("latin-1")
    headers: dict[str, str] = {}
    for line in text.split("\r\n"):
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
    )


class _Limits:
    __slots__ = ("max_field_bytes", "max_header_bytes", "max_parts", "spool_bytes")

    def __init__(self, max_parts: int, max_header_bytes: int, max_field_bytes: int,
                 spool_bytes: int) -> None:
        self.max_parts = max_parts
        self.max_header_bytes = max_header_bytes
        self.max_field_bytes = max_field_bytes
        self.spool_bytes = spool_bytes


def _write(part: _Part, data: bytes, limits: _Limits) -> None:
    if not data:
        return
    part.size += len(data)
    if part.file is not None:
        part.file.stream.write(data)
        return
    if part.size > limits.max_field_bytes:
        raise PayloadTooLarge(f"the field {part.name!r} is over {limits.max_field_bytes} bytes")
    part.chunks.append(data)


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
    limits = _Limits(max_parts, max_header_bytes, max_field_bytes, spool_bytes)
    fields: list[tuple[str, str]] = []
    files: list[tuple[str, UploadedFile]] = []
    try:
        _parse(iter(chunks), boundary, limits, fields, files)
    except BaseException:
        for _, upload in files:
            upload.close()
        raise
    return fields, files


def _parse(
    chunks: Iterable[bytes], boundary: bytes, limits: _Limits,
    fields: list[tuple[str, str]], files: list[tuple[str, UploadedFile]],
) -> None:
    delimiter = b"\r\n--" + boundary
    source = iter(chunks)
    buf = b"\r\n"  # so that a delimiter at the very start looks like any other
    search_from = 0
    part: _Part | None = None  # None while in the preamble
    parts = 0

    def more() -> bytes:
        chunk = next(source, b"")
        if not chunk:
            raise BadRequest("the multipart body ended before its closing boundary")
        return chunk

    while True:
        # Looking for the next delimiter, in the preamble or in a part's data.
        at = buf.find(delimiter, search_from)
        if at < 0:
            # All but what could be the start of a delimiter is data: write it out.
            cut = max(0, len(buf) - len(delimiter) + 1)
            if part is not None:
                _write(part, buf[:cut], limits)
            buf = buf[cut:] + more()
            search_from = 0
            continue
        after = at + len(delimiter)
        if len(buf) < after + 2:
            buf += more()
            search_from = at
            continue
        tail = buf[after : after + 2]
        if tail not in (b"--", b"\r\n"):
            search_from = at + 1  # '--boundaryX' is data, not a delimiter
            continue
        if part is not None:
            _write(part, buf[:at], limits)
            _finish(part, fields)
        if tail == b"--":
            return  # the closing delimiter; the epilogue is ignored
        parts += 1
        if parts > limits.max_parts:
            raise PayloadTooLarge(f"the multipart body has more than {limits.max_parts} parts")
        # A part's headers end at the first empty line.
        buf = buf[after + 2 :]
        while len(buf) < 2:
            buf += more()
        if buf.startswith(b"\r\n"):
            raise BadRequest("a multipart part has no headers")
        search_from = 0
        while (end := buf.find(b"\r\n\r\n", search_from)) < 0:
            if len(buf) > limits.max_header_bytes:
                break
            search_from = max(0, len(buf) - 3)
            buf += more()
        if end < 0 or end > limits.max_header_bytes:
            raise PayloadTooLarge(
                f"a multipart part's headers are over {limits.max_header_bytes} bytes"
            )
        part = _parse_headers(buf[:end])
        if part.filename is not None:
            stream = tempfile.SpooledTemporaryFile(max_size=limits.spool_bytes)  # noqa: SIM115
            part.file = UploadedFile(part.name, part.filename, part.content_type,
                                     part.headers, stream)
            files.append((part.name, part.file))
        buf = buf[end + 4 :]
        search_from = 0


def _finish(part: _Part, fields: list[tuple[str, str]]) -> None:
    if part.file is not None:
        part.file.size = part.size
        part.file.stream.seek(0)
        return
    data = b"".join(part.chunks)
    try:
        fields.append((part.name, data.decode("utf-8")))
    except UnicodeDecodeError:
        raise BadRequest(f"the field {part.name!r} is not valid UTF-8") from None
