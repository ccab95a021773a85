"""Responses: a body, a status and checked headers, callable as a WSGI app.

``Response`` is what a handler returns when a plain string or dict is not
enough; it is itself a WSGI app, so it can be returned from any WSGI callable::

    from wsgikit import Response, json_response, redirect

    return Response("created", status=201, headers={"Location": "/items/7"})
    return json_response({"id": 7})
    return redirect("/login")

A ``Response`` holds what PEP 3333 sends: a status (an int, made a status line
when sent), ``headers`` and a body.  A ``str`` body is encoded as UTF-8 once,
when the response is made; ``bytes`` get a ``Content-Length``; any other
iterable of bytes is streamed, and its ``close()`` passed on.  204, 304 and a
HEAD request get no body, and 204 and 304 no content headers.

``Headers`` is an ordered list of ``(name, value)`` pairs, looked up without
regard to case, with repeats kept (``Set-Cookie``).  Each header is checked
when it is set, so that the mistake shows where it is made: a name must be an
HTTP token and a value latin-1 text without CR, LF or NUL, else ``ValueError``.
Header injection cannot happen through wsgikit.

``json_response`` writes compact UTF-8 JSON (non-ASCII kept as it is) with one
encoder made at import.  ``NaN`` and ``Infinity`` are a ``ValueError``; a value
that contains itself is a ``RecursionError``, as there is no circular check (it
would cost a dict entry per container).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ._http import PATH_SAFE, STATUS_LINES, check_header, check_status, close

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

__all__ = ["Headers", "Response", "html_response", "json_response", "redirect", "text_response"]

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json"
_OWN_TYPES = frozenset({TEXT, HTML, JSON, "application/octet-stream"})  # known to be valid

_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                                 check_circular=False)

HeaderInput = Mapping[str, str] | Iterable[tuple[str, str]] | None


class Headers:
    """An ordered, case-insensitive list of checked ``(name, value)`` pairs."""

    __slots__ = ("_items",)

    def __init__(self, items: HeaderInput = None) -> None:
        self._items: list[tuple[str, str]] = []
        if items is not None:
            for name, value in items.items() if isinstance(items, Mapping) else items:
                self.add(name, value)

    def add(self, name: str, value: str) -> None:
        self._items.append(check_header(name, value))

    def __setitem__(self, name: str, value: str) -> None:  # replaces every one of that name
        pair = check_header(name, value)
        del self[name]
        self._items.append(pair)

    def __delitem__(self, name: str) -> None:
        lowered = name.lower()
        self._items = [item for item in self._items if item[0].lower() != lowered]

    def getlist(self, name: str) -> list[str]:
        lowered = name.lower()
        return [value for key, value in self._items if key.lower() == lowered]

    def get(self, name: str, default: str | None = None) -> str | None:
        lowered = name.lower()
        for key, value in self._items:
            if key.lower() == lowered:
                return value
        return default

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def items(self) -> list[tuple[str, str]]:
        return list(self._items)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


class Response:
    """A WSGI app that sends ``body`` (str, bytes or an iterable of bytes) with its headers."""

    __slots__ = ("body", "content_type", "headers", "status")

    def __init__(self, body: str | bytes | Iterable[bytes] = b"", status: int = 200,
                 headers: HeaderInput = None, content_type: str | None = TEXT) -> None:
        self.status = check_status(status)
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.content_type = content_type
        if headers is None and content_type in _OWN_TYPES:  # the common case, kept cheap
            self.headers = Headers()
            self.headers._items.append(("Content-Type", content_type))
            return
        self.headers = headers if isinstance(headers, Headers) else Headers(headers)
        if content_type is not None and "content-type" not in self.headers:
            self.headers.add("Content-Type", content_type)

    @property
    def status_line(self) -> str:
        return STATUS_LINES[self.status]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        headers = list(self.headers._items)
        body = self.body
        chunks: Iterable[bytes] = [body] if isinstance(body, bytes) else body
        empty = self.status in (204, 304)
        if empty:
            headers = [h for h in headers if h[0].lower() not in ("content-type", "content-length")]
        elif isinstance(body, bytes) and self.headers.get("Content-Length") is None:
            headers.append(("Content-Length", str(len(body))))
        start_response(STATUS_LINES[self.status], headers)
        if empty or environ.get("REQUEST_METHOD") == "HEAD":
            close(chunks)
            return []
        return chunks

    def __repr__(self) -> str:
        return f"<Response {self.status_line}>"


def text_response(body: str, status: int = 200, headers: HeaderInput = None) -> Response:
    return Response(body, status, headers, TEXT)


def html_response(body: str, status: int = 200, headers: HeaderInput = None) -> Response:
    return Response(body, status, headers, HTML)


def json_response(value: Any, status: int = 200, headers: HeaderInput = None) -> Response:
    return Response(_JSON_ENCODER.encode(value), status, headers, JSON)


def redirect(location: str, status: int = 302, headers: HeaderInput = None) -> Response:
    """A redirect to ``location`` (a path built with ``url_for``, or a URL)."""
    if status not in (301, 302, 303, 307, 308):
        raise ValueError(f"{status} is not a redirect status")
    response = Response(b"", status, headers, TEXT)
    # Non-ASCII becomes UTF-8 percent-escapes; escapes already there are kept.
    response.headers["Location"] = quote(location, safe="/?#[]%" + PATH_SAFE)
    return response
