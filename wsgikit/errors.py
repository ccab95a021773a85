"""HTTP errors as exceptions that are also WSGI apps.

Raise one anywhere below a :class:`wsgikit.Router` and the client gets an
``application/problem+json`` body (RFC 9457) that says what went wrong, never
a traceback::

    from wsgikit import NotFound, abort

    raise NotFound(f"no user named {name!r}")
    abort(409, "that name is taken")

As in Werkzeug, an error is an exception, so code deep in a handler can stop
the request with ``raise``, and a WSGI app, so whoever catches it (the router,
``JSONBody``) answers with ``error(environ, start_response)``.  Each class has a
``code`` and a default ``description``; ``detail`` says what was wrong with
this request.  ``headers()`` is the hook for extra headers (``Allow`` on a 405,
``WWW-Authenticate`` on a 401), checked like any header, so a subclass cannot
inject one.  ``abort(code)`` raises the class for a code, or a plain
``HTTPError`` for a code without one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, NoReturn

from ._http import STATUS_LINES, check_header, check_status
from .response import Response

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

__all__ = ["BadRequest", "Conflict", "Forbidden", "HTTPError", "InternalServerError",
           "MethodNotAllowed", "NotAcceptable", "NotFound", "PayloadTooLarge", "TooManyRequests",
           "Unauthorized", "UnprocessableContent", "UnsupportedMediaType", "abort"]


class HTTPError(Exception):
    """An HTTP error response; ``detail`` says what was wrong with this request."""

    code: int = 500
    description: str = "The server could not answer this request."

    def __init__(self, detail: str | None = None, *, code: int | None = None) -> None:
        if code is not None:
            self.code = check_status(code)
        self.detail = detail if detail is not None else self.description
        super().__init__(self.detail)

    @property
    def title(self) -> str:
        return HTTPStatus(self.code).phrase

    @property
    def status(self) -> str:
        return STATUS_LINES[self.code]

    def headers(self) -> list[tuple[str, str]]:
        return []

    def problem(self) -> dict[str, Any]:  # RFC 9457
        return {"type": "about:blank", "title": self.title, "status": self.code,
                "detail": self.detail}

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = json.dumps(self.problem(), ensure_ascii=False)
        response = Response(body, self.code, self.headers(), "application/problem+json")
        return response(environ, start_response)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code}: {self.detail!r}>"


class BadRequest(HTTPError):
    code, description = 400, "The request is malformed."


class Unauthorized(HTTPError):
    code, description = 401, "This needs credentials."

    def __init__(self, detail: str | None = None, *, www_authenticate: str | None = None) -> None:
        super().__init__(detail)
        if www_authenticate is not None:  # checked now, where the mistake is made
            check_header("WWW-Authenticate", www_authenticate)
        self.www_authenticate = www_authenticate

    def headers(self) -> list[tuple[str, str]]:
        challenge = self.www_authenticate
        return [] if challenge is None else [("WWW-Authenticate", challenge)]


class Forbidden(HTTPError):
    code, description = 403, "This is not allowed."


class NotFound(HTTPError):
    code, description = 404, "Nothing is served at this path."


class MethodNotAllowed(HTTPError):
    code, description = 405, "This path does not answer that method."

    def __init__(self, allowed: Sequence[str], detail: str | None = None) -> None:
        self.allowed = sorted(set(allowed))
        super().__init__(detail or f"use one of {', '.join(self.allowed)}")

    def headers(self) -> list[tuple[str, str]]:
        return [("Allow", ", ".join(self.allowed))]


class NotAcceptable(HTTPError):
    code, description = 406, "No representation the client accepts is available."


class Conflict(HTTPError):
    code, description = 409, "The request conflicts with the current state."


class PayloadTooLarge(HTTPError):
    code, description = 413, "The request body is larger than this server accepts."


class UnsupportedMediaType(HTTPError):
    code, description = 415, "The request body is not of a media type this path accepts."


class UnprocessableContent(HTTPError):
    code, description = 422, "The request body is well-formed but cannot be processed."


class TooManyRequests(HTTPError):
    code, description = 429, "Too many requests; slow down."


class InternalServerError(HTTPError):
    code, description = 500, "The server failed to answer; the error has been logged."


# abort()'s table: wsgikit's own classes (a subclass made later is not in it).
_BY_CODE = {cls.code: cls for cls in HTTPError.__subclasses__()}


def abort(code: int, detail: str | None = None) -> NoReturn:
    """Raise the error for ``code`` (``abort(404)``): any 4xx or 5xx status HTTP defines."""
    if not 400 <= code <= 599 or code not in STATUS_LINES:
        raise ValueError(f"abort() takes a known error status (400-599), not {code!r}")
    if code == 405:
        raise MethodNotAllowed((), detail)
    cls = _BY_CODE.get(code)
    raise cls(detail) if cls else HTTPError(detail or HTTPStatus(code).phrase, code=code)
