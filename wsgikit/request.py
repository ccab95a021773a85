"""``Request``: a lazy view of a WSGI environ, for handlers to read.

A ``Request`` wraps the environ and copies nothing.  Each attribute is worked
out when it is first read, and kept, so a handler that never looks at the
cookies never parses them::

    from wsgikit import Request

    def app(environ, start_response):
        request = Request(environ)
        name = request.args.get("name", "stranger")
        agent = request.headers["User-Agent"]      # missing -> 400, as in Flask
        ...

PEP 3333 hands the client's bytes over as latin-1 text.  The path and the query
are decoded from UTF-8 strictly, when they are read: bad bytes raise
:class:`wsgikit.BadRequest` (a 400) there, never a 500 further on.  A missing
key in ``args``, ``headers``, ``cookies``, ``form`` or ``files`` raises
:class:`MissingKey`, both a ``KeyError`` and a ``BadRequest``.

Bodies are read through :func:`wsgikit.body.iter_body`, bounded by the class
attributes (subclass ``Request`` to change them).  What is read or parsed is
kept in the environ (``wsgikit.body``, ``wsgikit.json``, ``wsgikit.multipart``),
so that a middleware's ``Request`` and the handler's share one reading.  The
uploads in ``files`` belong to the request that parsed them (``has_uploads``):
its ``close()`` deletes them, and ``@handler`` calls it when the response closes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, overload
from urllib.parse import parse_qsl, quote

from ._http import TOKEN, quote_path
from .body import MiB, iter_body, load_json, media_type, read_body
from .errors import BadRequest, PayloadTooLarge
from .multipart import UploadedFile, boundary_of, parse_multipart

if TYPE_CHECKING:
    from wsgiref.types import WSGIEnvironment

__all__ = ["EnvironHeaders", "MissingKey", "MultiDict", "Request", "parse_query"]

T = TypeVar("T")
V = TypeVar("V")
# The query as the client sent it, but for what the WHATWG URL standard escapes
# in a query: controls, space, '"', '#', '<', '>' and bytes beyond ASCII.
_QUERY_KEEP = "".join(c for c in map(chr, range(0x21, 0x7F)) if c not in '"#<>')
# RFC 6265's cookie-octets, in one pair of double quotes or none.
_COOKIE_VALUE = re.compile(r'(")?([\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*)(?(1)")')


class MissingKey(BadRequest, KeyError):
    """A required value is missing from the request: a 400 that is also a KeyError."""

    def __str__(self) -> str:  # KeyError's own would quote the message
        return str(self.detail)


def decode_wsgi(value: str, what: str) -> str:
    """PEP 3333 gives bytes as latin-1 text; the client meant UTF-8."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise BadRequest(f"the {what} is not valid UTF-8") from None


class MultiDict(Mapping[str, V]):
    """A mapping whose keys may repeat: ``[key]`` and ``get`` give the first value."""

    def __init__(self, pairs: Iterable[tuple[str, V]] = (), what: str = "value") -> None:
        self._data: dict[str, list[V]] = {}
        self._what = what  # what a key names, for MissingKey's message
        for key, value in pairs:
            self._data.setdefault(key, []).append(value)

    def __getitem__(self, key: str) -> V:
        if key not in self._data:
            raise MissingKey(f"the {self._what} {key!r} is missing")
        return self._data[key][0]

    @overload
    def get(self, key: str) -> V | None: ...
    @overload
    def get(self, key: str, default: V | T) -> V | T: ...
    def get(self, key: str, default: object = None) -> object:
        return self._data[key][0] if key in self._data else default

    def getlist(self, key: str) -> list[V]:
        return list(self._data.get(key, ()))

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def items_multi(self) -> Iterator[tuple[str, V]]:
        """Every ``(key, value)`` pair, repeats included."""
        return ((key, value) for key, values in self._data.items() for value in values)

    def __repr__(self) -> str:
        return f"MultiDict({list(self.items_multi())!r})"


def parse_query(text: str, what: str = "query parameter") -> MultiDict[str]:
    """``a=1&a=2&b`` -> MultiDict; split on ``&`` only, ``+`` is a space, escapes UTF-8."""
    try:
        pairs = parse_qsl(text, keep_blank_values=True, errors="strict", separator="&")
    except UnicodeDecodeError:
        raise BadRequest(f"a {what} is not valid UTF-8 once unescaped") from None
    return MultiDict(pairs, what)


class EnvironHeaders(Mapping[str, str]):
    """The request headers, case-insensitive, read straight from the environ."""

    _CGI = {"CONTENT_TYPE": "Content-Type", "CONTENT_LENGTH": "Content-Length"}

    def __init__(self, environ: WSGIEnvironment) -> None:
        self.environ = environ

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise MissingKey(f"the header {name!r} is missing")
        return str(value)

    def get(self, name: str, default: Any = None) -> Any:
        key = name.upper().replace("-", "_")
        value = self.environ.get(key if key in self._CGI else "HTTP_" + key)
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        for key, value in self.environ.items():
            # [name] reads the CGI keys: skip the HTTP_CONTENT_* copies some servers add.
            if key.startswith("HTTP_") and key[5:] not in self._CGI:
                yield key[5:].replace("_", "-").title()
            elif key in self._CGI and value:
                yield self._CGI[key]

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Request:
    """A lazily computed view of ``environ``; see the module docstring."""

    max_body_bytes = MiB
    max_form_bytes = MiB
    max_form_fields = 1000
    max_upload_bytes = 64 * MiB
    max_parts = 1000
    max_field_bytes = 512 * 1024
    max_part_header_bytes = 8 * 1024
    spool_bytes = 512 * 1024  # an uploaded file moves from memory to disk above this
    max_json_depth = 64
    strict_json_keys = False

    def __init__(self, environ: WSGIEnvironment) -> None:
        self.environ = environ
        self._uploads: list[tuple[str, UploadedFile]] = []  # what close() deletes

    @property
    def method(self) -> str:
        return str(self.environ["REQUEST_METHOD"])

    @cached_property
    def path(self) -> str:
        """PATH_INFO as text: the path below the app's mount point."""
        return decode_wsgi(self.environ.get("PATH_INFO", ""), "path")

    @cached_property
    def script_name(self) -> str:
        """SCRIPT_NAME as text: where the app is mounted ('' at the root)."""
        return decode_wsgi(self.environ.get("SCRIPT_NAME", ""), "script name")

    @cached_property
    def query_string(self) -> str:
        return str(self.environ.get("QUERY_STRING", ""))

    @cached_property
    def args(self) -> MultiDict[str]:
        return parse_query(decode_wsgi(self.query_string, "query string"))

    @cached_property
    def headers(self) -> EnvironHeaders:
        return EnvironHeaders(self.environ)

    @cached_property
    def cookies(self) -> MultiDict[str]:
        """RFC 6265 pairs: one whose name is not a token or whose value is malformed is
        skipped, and the first of a repeated name wins (the most specific path comes first)."""
        cookies: dict[str, str] = {}
        for item in self.environ.get("HTTP_COOKIE", "").split(";"):
            name, sep, value = item.strip(" \t").partition("=")  # only HTTP's whitespace
            if sep and TOKEN.fullmatch(name) and (match := _COOKIE_VALUE.fullmatch(value)):
                cookies.setdefault(name, match[2])
        return MultiDict(cookies.items(), "cookie")

    @property
    def params(self) -> dict[str, Any]:
        routing_args = self.environ.get("wsgiorg.routing_args")
        return dict(routing_args[1]) if routing_args else {}

    @cached_property
    def host(self) -> str:
        if host := self.environ.get("HTTP_HOST"):
            return str(host)
        name, port = self.environ.get("SERVER_NAME", "localhost"), self.environ.get("SERVER_PORT")
        if ":" in name and not name.startswith("["):  # an IPv6 address, as a Host header has it
            name = f"[{name}]"
        default = "443" if self.scheme == "https" else "80"
        return name if not port or port == default else f"{name}:{port}"

    @property
    def scheme(self) -> str:
        return str(self.environ.get("wsgi.url_scheme", "http"))

    @cached_property
    def url(self) -> str:
        """The full URL, percent-encoded as a client would send it."""
        raw_path = self.environ.get("SCRIPT_NAME", "") + self.environ.get("PATH_INFO", "")
        try:  # PEP 3333 strings hold bytes as latin-1; anything else is a broken environ
            path = quote_path(raw_path.encode("latin-1")) or "/"
            query = quote(self.query_string.encode("latin-1"), safe=_QUERY_KEEP)
        except UnicodeEncodeError:
            raise BadRequest("the URL holds characters a WSGI server cannot send") from None
        return f"{self.scheme}://{self.host}{path}" + (f"?{query}" if query else "")

    @cached_property
    def content_type(self) -> str:
        """The media type alone, lower-cased: ``'application/json'``."""
        return media_type(self.environ)[0]

    @cached_property
    def body(self) -> bytes:
        if "wsgikit.multipart" in self.environ:
            raise RuntimeError("the body was streamed into form and files; read those")
        return read_body(self.environ, self.max_body_bytes)

    @property  # kept in the environ, not here: JSONBody may have parsed it already
    def json(self) -> Any:
        if "wsgikit.json" not in self.environ:
            self.environ["wsgikit.json"] = load_json(
                self.environ, max_bytes=self.max_body_bytes, max_depth=self.max_json_depth,
                strict_keys=self.strict_json_keys)
        return self.environ["wsgikit.json"]

    @cached_property
    def _form_and_files(self) -> tuple[MultiDict[str], MultiDict[UploadedFile]]:
        kind, params = media_type(self.environ)
        if kind == "multipart/form-data":
            # The body streams through the parser once; a second Request on the
            # same environ (middleware, then handler) reuses what it found.
            if "wsgikit.multipart" not in self.environ:
                self.environ["wsgikit.multipart"] = parse_multipart(
                    iter_body(self.environ, self.max_upload_bytes), boundary_of(params),
                    max_parts=self.max_parts, max_header_bytes=self.max_part_header_bytes,
                    max_field_bytes=self.max_field_bytes, spool_bytes=self.spool_bytes)
                self._uploads = self.environ["wsgikit.multipart"][1]
            fields, files = self.environ["wsgikit.multipart"]
            return MultiDict(fields, "form field"), MultiDict(files, "file")
        form = MultiDict[str](what="form field")
        if kind == "application/x-www-form-urlencoded":
            data = read_body(self.environ, self.max_form_bytes)
            if data.count(b"&") >= self.max_form_fields:
                raise PayloadTooLarge(f"the form has more than {self.max_form_fields} fields")
            try:
                form = parse_query(data.decode("utf-8"), "form field")
            except UnicodeDecodeError:
                raise BadRequest("the form body is not valid UTF-8") from None
        return form, MultiDict(what="file")

    @property
    def form(self) -> MultiDict[str]:
        return self._form_and_files[0]

    @property
    def files(self) -> MultiDict[UploadedFile]:
        return self._form_and_files[1]

    @property
    def has_uploads(self) -> bool:
        return bool(self._uploads)

    def close(self) -> None:
        for _, upload in self._uploads:
            upload.close()
        self._uploads = []

    def url_for(self, name: str, /, **values: Any) -> str:
        """Build the URL of the route ``name`` of the router serving this request."""
        router = self.environ.get("wsgikit.router")
        if router is None:
            raise RuntimeError("url_for needs a request that a wsgikit.Router dispatched")
        return str(router.url_for(name, self.environ, **values))

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.environ.get('PATH_INFO', '')!r}>"
